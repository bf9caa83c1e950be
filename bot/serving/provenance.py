"""Who added each plan, when, and from which file (its sha256); an uploaded plan stays marked
"tải lên, chưa xác nhận" until someone confirms it.

Kept beside the index (provenance.json in the index folder, like removed.json), so it lives as long
as the index and survives a restart. Every value is a field; nothing is read back out of text.
"""
from __future__ import annotations

import hashlib
import json
import threading
import time
from pathlib import Path

from core.errors import warn
from ingest.lock import write_whole

_FILE = "provenance.json"
SYSTEM = "hệ thống"  # bundled plans and `planbot ingest` from a shell
ANONYMOUS = "người dùng (không có khóa)"  # an upload while planbot is open: no key names anyone
UNKNOWN = "không rõ"  # an upload kept before provenance was recorded
UNCONFIRMED = "tải lên, chưa xác nhận"
CONFIRMED = "tải lên, đã xác nhận"
_LOCK = threading.Lock()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S")


_READ: dict[Path, tuple[tuple[int, ...], dict[str, dict]]] = {}  # file → (inode, mtime, size), what it held


def load(index_dir: Path) -> dict[str, dict]:
    """Every recorded plan by file name (a copy the caller may change); a missing or damaged file reads
    as empty. Every answer shows provenance, so the file is parsed again only when it has changed."""
    path = Path(index_dir) / _FILE
    try:
        stat = path.stat()
        stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size)  # a write replaces the file (new inode)
        if _READ.get(path, ((), {}))[0] != stamp:
            _READ[path] = (stamp, _parse(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        warn(f"không đọc được {path} ({err}) / could not read {path}: plans show no provenance")
        return {}
    return {k: dict(v) for k, v in _READ[path][1].items()}


def _parse(text: str) -> dict[str, dict]:
    data = json.loads(text)
    return {k: v for k, v in data.items() if isinstance(v, dict)} if isinstance(data, dict) else {}


def _update(index_dir: Path, change) -> dict[str, dict]:
    with _LOCK:
        entries = load(index_dir)
        change(entries)
        if not write_whole(Path(index_dir) / _FILE, json.dumps(entries, ensure_ascii=False, indent=1)):
            warn("nguồn gốc kế hoạch không được lưu / plan provenance was not saved")
        return entries


def _entry(added_by: str, digest: str, uploaded: bool) -> dict:
    return {"added_by": added_by, "added_at": now(), "sha256": digest, "uploaded": uploaded,
            "confirmed_by": "", "confirmed_at": ""}


def record(index_dir: Path, source: str, added_by: str, digest: str, uploaded: bool) -> dict:
    """A plan added (or added again in a new version): who, when, which file; an upload unconfirmed."""
    entry = _entry(added_by, digest, uploaded)
    _update(index_dir, lambda entries: entries.__setitem__(source, entry))
    return entry


def record_missing(index_dir: Path, files: dict[str, Path], added_by: str, uploaded: bool) -> None:
    """Plans indexed from files (start-up, CLI) that have no entry yet, or whose file changed."""
    known = load(index_dir)
    digests = {name: sha256(path.read_bytes()) for name, path in files.items() if path.is_file()}
    todo = {n: d for n, d in digests.items() if known.get(n, {}).get("sha256") != d}
    if todo:
        _update(index_dir, lambda entries: entries.update({n: _entry(added_by, d, uploaded) for n, d in todo.items()}))


def confirm(index_dir: Path, source: str, who: str) -> dict | None:
    """Mark an uploaded plan confirmed by `who`; None when no such plan is recorded."""
    def change(entries: dict) -> None:
        if source in entries:
            entries[source].update(confirmed_by=who, confirmed_at=now())
    return _update(index_dir, change).get(source)


def forget(index_dir: Path, source: str) -> None:
    _update(index_dir, lambda entries: entries.pop(source, None))


def view(entry: dict | None) -> dict:
    """The fields a plan shows: an unrecorded plan (indexed by an older version) counts as the system's."""
    e = entry or {"added_by": SYSTEM, "added_at": "", "sha256": "", "uploaded": False}
    unconfirmed = bool(e.get("uploaded")) and not e.get("confirmed_by")
    status = UNCONFIRMED if unconfirmed else CONFIRMED if e.get("uploaded") else SYSTEM
    return {"added_by": e.get("added_by", ""), "added_at": e.get("added_at", ""), "sha256": e.get("sha256", ""),
            "uploaded": bool(e.get("uploaded")), "confirmed_by": e.get("confirmed_by", ""),
            "confirmed_at": e.get("confirmed_at", ""), "unconfirmed": unconfirmed, "status": status}
