"""Run planbot on its embedded defaults: index the bundled plans if needed, then start the web UI."""
from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from air-gapped machines

from core.settings import get_settings


def main() -> None:
    from bot.retrieve import HybridSearch
    from bot.ui import build_ui
    from ingest.index import open_index
    from ingest.pipeline import format_report, ingest_paths

    settings = get_settings()
    index = open_index(settings)
    report = ingest_paths([settings.plans_dir], index, settings)  # idempotent: unchanged plans cost nothing
    print(format_report(report))
    search = HybridSearch(index, settings.index_dir / "lexical")
    build_ui(search).launch(server_name=settings.host, server_port=settings.port)


if __name__ == "__main__":
    main()
