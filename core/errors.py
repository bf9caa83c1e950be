"""Errors that say what failed, on which input, and what to do — in Vietnamese and English."""
from __future__ import annotations

import errno
import re
import sys


class PlanbotError(Exception):
    """Base error; `vi` is shown to users, `en` to logs and API clients."""

    def __init__(self, vi: str, en: str, *, file: str | None = None, hint_vi: str = "", hint_en: str = ""):
        self.vi, self.en, self.file = vi, en, file
        self.hint_vi, self.hint_en = hint_vi, hint_en
        super().__init__(self.message())

    def message(self) -> str:
        parts = [self.vi + (f" {self.hint_vi}" if self.hint_vi else ""),
                 self.en + (f" {self.hint_en}" if self.hint_en else "")]
        return " / ".join(parts)

    def to_dict(self) -> dict:
        return {"error": type(self).__name__, "file": self.file, "message_vi": self.vi,
                "message_en": self.en, "hint_vi": self.hint_vi, "hint_en": self.hint_en}


def warn(message: str) -> None:
    """Something that only costs time or freshness went wrong (a cache, a stamp): said, not raised."""
    print(f"planbot: cảnh báo / warning: {message}", file=sys.stderr)


class IngestError(PlanbotError):
    """A plan file could not be read or parsed; the index was not touched."""


class StorageError(PlanbotError):
    """The index, a cache or the upload folder could not be opened or written (disk full, read-only,
    Chroma server down). Raised only after what was attempted has been undone."""

    def __init__(self, vi: str, en: str, *, cause: str = "other", **kw):
        self.cause = cause
        super().__init__(vi, en, **kw)


# What a storage failure is, told from the OS error number or the database's message (Chroma wraps
# SQLite's "database or disk is full" / "attempt to write a readonly database" in its own errors).
STORAGE_CAUSES = [  # (cause, errnos, message pattern, Vietnamese, English, hint vi, hint en)
    ("full", {errno.ENOSPC, errno.EDQUOT}, r"disk is full|no space left", "đĩa đã đầy", "the disk is full",
     "Hãy giải phóng dung lượng đĩa rồi thử lại.", "Free some disk space and try again."),
    ("read_only", {errno.EROFS, errno.EACCES, errno.EPERM}, r"readonly|read-only|permission denied",
     "thư mục chỉ đọc hoặc không có quyền ghi", "the folder is read-only or not writable",
     "Hãy cấp quyền ghi cho thư mục, hoặc đặt PLANBOT_INDEX_DIR / PLANBOT_UPLOAD_DIR sang thư mục ghi được.",
     "Make the folder writable, or point PLANBOT_INDEX_DIR / PLANBOT_UPLOAD_DIR to a writable one."),
    ("unreachable", {errno.ECONNREFUSED, errno.EHOSTUNREACH}, r"could not connect|connection refused|connecterror",
     "không kết nối được máy chủ Chroma", "the Chroma server cannot be reached",
     "Hãy kiểm tra máy chủ Chroma (PLANBOT_CHROMA_URL) đang chạy.", "Check that the Chroma server "
     "(PLANBOT_CHROMA_URL) is running."),
]


def storage_error(err: BaseException, what_vi: str, what_en: str, undone: bool = True,
                  file: str | None = None) -> StorageError:
    """A bilingual error naming what failed, on which folder or plan, why, and whether anything changed."""
    code, text = getattr(err, "errno", None), str(err).lower()
    cause, why_vi, why_en, hint_vi, hint_en = next(
        ((c, vi, en, hv, he) for c, numbers, pattern, vi, en, hv, he in STORAGE_CAUSES
         if code in numbers or re.search(pattern, text)),
        ("other", f"lỗi lưu trữ ({type(err).__name__})", f"storage error ({type(err).__name__}: {err})",
         "Hãy thử lại; nếu lỗi lặp lại, xem nhật ký máy chủ.", "Try again; if it repeats, see the server log."))
    state_vi = "Không có thay đổi nào được áp dụng." if undone else \
        "Chỉ mục có thể còn dữ liệu dở dang: hãy chạy lại thao tác khi đã khắc phục."
    state_en = "Nothing was changed." if undone else "The index may hold partial data: run the operation again once fixed."
    return StorageError(f"{what_vi}: {why_vi}. {state_vi}", f"{what_en}: {why_en}. {state_en}", cause=cause,
                        hint_vi=hint_vi, hint_en=hint_en, file=file)
