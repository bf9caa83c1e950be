"""Run planbot on its embedded defaults: index the bundled plans if needed, then serve the web UI
at / and the internal API (/ask, /search, /documents, /tasks, /health, /docs) from one process."""
from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no calls home from air-gapped machines


def create_app(bot=None):
    from bot.serving.api import create_api
    from bot.service import Planbot
    from bot.serving.ui import mount_ui
    from core.settings import get_settings
    from ingest.pipeline import format_report

    if bot is None:
        from bot.serving.api import secure_settings
        bot = Planbot(secure_settings(get_settings()))
        print(format_report(bot.ingest_folders()))  # idempotent: unchanged plans cost nothing
    return mount_ui(create_api(bot), bot)


def main() -> None:
    import uvicorn

    from core.settings import get_settings
    from core.errors import PlanbotError
    from core.runtime import apply_openmp
    settings = get_settings()
    try:
        apply_openmp(settings)  # before any embedding engine loads: they read it once
        app = create_app()
    except PlanbotError as err:  # an index that cannot be opened: say why and what to do, no traceback
        raise SystemExit(f"LỖI / ERROR: {err.message()}") from None
    print(f"planbot: http://{settings.host}:{settings.port}/  (API: /docs)")
    uvicorn.run(app, host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
