"""Errors that say what failed, on which input, and what to do — in Vietnamese and English."""
from __future__ import annotations


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


class IngestError(PlanbotError):
    """A plan file could not be read or parsed; the index was not touched."""
