"""One writer at a time on an index, and a version stamp that readers in other processes watch.

`planbot ingest` in a shell while `make run` serves, or two `planbot ingest` at once, share one index
folder: the writer lock (an flock on `writer.lock`) makes the second wait, then stop with a clear
message; every write that changed something bumps `version`, and a server that sees a new version refreshes before answering.
"""
from __future__ import annotations

import errno
import fcntl
import os
import time
from contextlib import contextmanager
from pathlib import Path

from core.errors import PlanbotError, storage_error, warn

POLL_SECONDS = 0.2


@contextmanager
def writer_lock(index_dir: Path, wait_seconds: float):
    path = Path(index_dir) / "writer.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a+")
    except OSError as err:
        raise storage_error(err, f"Không ghi được vào thư mục chỉ mục '{index_dir}'",
                            f"Cannot write to the index folder '{index_dir}'") from err
    with handle:
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
            _note_holder(handle)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def reader_lock(index_dir: Path):
    """The shared side of the writer lock, taken without waiting: True while no process writes, so a
    reader that re-reads the index then sees a whole write, never half of one; False while one writes
    (the reader goes on with what it has and tries again later)."""
    try:
        handle = (Path(index_dir) / "writer.lock").open("a+")
    except OSError:  # no lock file and no way to make one: no writer can hold it either
        yield True
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_space(folder: Path, min_free_mb: float, what_vi: str, what_en: str, file: str | None = None) -> None:
    """Refuse a write before it starts when the disk is (nearly) full: an embedded Chroma that meets
    a full disk in a delete retries for ever, and a half-written plan helps nobody."""
    free_mb = _free_mb(folder)
    if min_free_mb <= 0 or free_mb >= min_free_mb:
        return
    err = OSError(errno.ENOSPC, f"{free_mb:.1f} MiB free, {min_free_mb:g} MiB needed (PLANBOT_MIN_FREE_MB)")
    raise storage_error(err, f"{what_vi} (còn {free_mb:.1f} MiB trống, cần ít nhất {min_free_mb:g} MiB)",
                        f"{what_en} ({free_mb:.1f} MiB free, at least {min_free_mb:g} MiB needed)", file=file)


def short_of_space(folder: Path, min_free_mb: float) -> bool:
    return min_free_mb > 0 and _free_mb(folder) < min_free_mb


def _free_mb(folder: Path) -> float:
    """Free space where the folder is (or will be: its nearest existing parent), in MiB."""
    folder = Path(folder)
    probe = next((p for p in [folder, *folder.parents] if p.exists()), Path("/"))
    stat = os.statvfs(probe)
    return stat.f_bavail * stat.f_frsize / 2**20


def _note_holder(handle) -> None:
    """The holder's pid, for whoever looks at the lock file; the lock itself is the flock."""
    try:
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
    except OSError:
        pass


def bump_version(index_dir: Path) -> None:
    """After a write that happened: failing here (a full disk) must not report the write as failed,
    so it warns that other processes will not notice the change until they restart."""
    if not write_whole(Path(index_dir) / "version", str(time.time_ns())):
        warn("không cập nhật được dấu phiên bản chỉ mục; tiến trình khác chỉ thấy thay đổi sau khi khởi động "
             "lại / could not update the index version stamp; other processes see the change after a restart")


def write_whole(path: Path, text: str) -> bool:
    """Write a small state file whole (a temporary file, then a rename), so a reader never sees half
    of it; False, with a warning naming the file, when the disk refuses."""
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
        return True
    except OSError as err:
        warn(f"không ghi được {path} / could not write {path} ({err})")
        return False


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
