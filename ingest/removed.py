"""Plans removed on purpose stay removed.

The app indexes its plan folders at every start (bundled plans, uploads), so a plan removed in the UI
or with `planbot remove` would come back after a restart. Its file name is recorded here, the start-up
ingest skips it, and ingesting or uploading it again on purpose takes it off the list.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

_FILE = "removed.json"


def removed_sources(index_dir: Path) -> set[str]:
    try:
        return set(json.loads((Path(index_dir) / _FILE).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return set()


def mark_removed(index_dir: Path, sources: set[str], removed: bool) -> None:
    """Add (or take off) these plans; written whole to a temporary file first, then renamed."""
    before = removed_sources(index_dir)
    after = before | sources if removed else before - sources
    if after == before:
        return
    path = Path(index_dir) / _FILE
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_text(json.dumps(sorted(after), ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError as err:  # the removal itself happened; only its memory across restarts is lost
        print(f"planbot: cảnh báo / warning: không ghi được {path} ({err}): kế hoạch đã xoá có thể được "
              f"nạp lại khi khởi động / a removed plan may be indexed again at start", file=sys.stderr)
