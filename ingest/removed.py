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
    """The plans removed on purpose. A damaged file (not JSON, or not a list of file names: `null`,
    `42`, `[[1]]`) never stops a start: what can be read of it is kept, the rest is said in a warning,
    the damaged file is kept beside it (removed.json.damaged) and a clean one written in its place."""
    path = Path(index_dir) / _FILE
    try:
        raw = path.read_bytes()
    except OSError:
        return set()
    text = raw.decode("utf-8", "replace")  # bytes that are no UTF-8 are damage too: \ufffd marks them
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    entries = data if isinstance(data, list) else [None]
    names = {n for n in entries if _readable(n)}
    if not all(_readable(n) for n in entries):
        _rebuild(path, text, names)
    return names


def _readable(name) -> bool:
    return isinstance(name, str) and "\ufffd" not in name


def _rebuild(path: Path, text: str, names: set[str]) -> None:
    warn(f"{path} bị hỏng, đã lưu bản hỏng vào {path.name}.damaged và ghi lại với {len(names)} kế hoạch "
         f"đọc được; kế hoạch đã xoá khác có thể được nạp lại / {path} is damaged: kept as "
         f"{path.name}.damaged and rewritten with the {len(names)} plan names that could be read; "
         "other removed plans may be indexed again")
    write_whole(path.with_name(path.name + ".damaged"), text)
    write_whole(path, json.dumps(sorted(names), ensure_ascii=False))


def mark_removed(index_dir: Path, sources: set[str], removed: bool) -> None:
    """Add (or take off) these plans. If the file cannot be written, the removal itself still happened;
    only its memory across restarts is lost, and that is said."""
    before = removed_sources(index_dir)
    after = before | sources if removed else before - sources
    if after == before:
        return
    if not write_whole(Path(index_dir) / _FILE, json.dumps(sorted(after), ensure_ascii=False)):
        warn("kế hoạch đã xoá có thể được nạp lại khi khởi động / a removed plan may be indexed again at start")
