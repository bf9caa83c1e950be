"""Plans removed on purpose stay removed.

The app indexes its plan folders at every start (bundled plans, uploads), so a plan removed in the UI
or with `planbot remove` would come back after a restart. Its file name is recorded here, the start-up
ingest skips it, and ingesting or uploading it again on purpose takes it off the list.
"""
from __future__ import annotations

import json
from pathlib import Path

from core.errors import warn
from ingest.lock import write_whole

_FILE = "removed.json"


def removed_sources(index_dir: Path) -> set[str]:
    try:
        return set(json.loads((Path(index_dir) / _FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return set()


def mark_removed(index_dir: Path, sources: set[str], removed: bool) -> None:
    """Add (or take off) these plans. If the file cannot be written, the removal itself still happened;
    only its memory across restarts is lost, and that is said."""
    before = removed_sources(index_dir)
    after = before | sources if removed else before - sources
    if after == before:
        return
    if not write_whole(Path(index_dir) / _FILE, json.dumps(sorted(after), ensure_ascii=False)):
        warn("kế hoạch đã xoá có thể được nạp lại khi khởi động / a removed plan may be indexed again at start")
