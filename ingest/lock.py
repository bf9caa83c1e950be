"""One writer at a time on an index, and a version stamp that readers in other processes watch.

`planbot ingest` in a shell while `make run` serves, or two `planbot ingest` at once, share one index
folder: the writer lock (an flock on `writer.lock`) makes the second wait, then stop with a clear
message; every write that changed something bumps `version`, and a server that sees a new version refreshes before answering.
"""
from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

from core.errors import PlanbotError

POLL_SECONDS = 0.2


@contextmanager
def writer_lock(index_dir: Path, wait_seconds: float):
    path = Path(index_dir) / "writer.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _busy(index_dir, wait_seconds) from None
                time.sleep(POLL_SECONDS)
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def bump_version(index_dir: Path) -> None:
    stamp = Path(index_dir) / "version"
    tmp = stamp.with_suffix(".tmp")
    tmp.write_text(str(time.time_ns()))
    tmp.replace(stamp)


def index_version(index_dir: Path) -> str:
    try:
        return (Path(index_dir) / "version").read_text()
    except OSError:
        return ""


def _busy(index_dir: Path, wait_seconds: float) -> PlanbotError:
    return PlanbotError(f"Một tiến trình khác đang ghi vào chỉ mục '{index_dir}' (đã chờ {wait_seconds:g} giây).",
                        f"Another process is writing to the index '{index_dir}' (waited {wait_seconds:g} s).",
                        hint_vi="Hãy chờ lệnh nạp/xoá kia xong rồi chạy lại.",
                        hint_en="Wait for the other ingest or removal to finish, then run this again.")
