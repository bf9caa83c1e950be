"""Vietnamese text normalisation shared by parsing, indexing and retrieval."""
from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"</?(?:b|strong|i|em|u|br|span|p)\b[^>]*>", re.IGNORECASE)

# Common abbreviations of Vietnamese administrative bodies, expanded for agency keys.
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te", "ubmttq": "uy ban mat tran to quoc", "vh-xh": "van hoa - xa hoi",
    "yhct": "y hoc co truyen", "tt": "trung tam",
}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def strip_markup(text: str) -> str:
    """Drop HTML emphasis tags and Markdown emphasis that scraped tables carry."""
    text = _TAGS.sub("", text).replace("**", "").replace("__", "").strip()
    return re.sub(r"^\*(.+)\*$", r"\1", text)


def strip_accents(text: str) -> str:
    """'Sở Y tế' → 'So Y te'; đ/Đ become d/D so unaccented typing matches."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def fold(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form used for matching."""
    return collapse(strip_accents(text).lower())


def agency_key(name: str) -> str:
    """Normalised key of an agency name: folded, parentheses dropped, abbreviations expanded."""
    name = re.sub(r"\([^)]*\)", " ", name)
    words = [ABBREVIATIONS.get(w, w) for w in fold(name).split()]
    key = " ".join(words)
    return re.sub(r"[.;:,]+$", "", key).strip()


def split_agencies(cell: str) -> list[str]:
    """'Sở Y tế, Công an tỉnh; các địa phương' → three names; 'và các …' starts a new name."""
    cell = re.sub(r"\s+và\s+(?=các\s)", ", ", cell, flags=re.IGNORECASE)
    parts = [collapse(p) for p in re.split(r"[,;]", cell)]
    return [p.rstrip(".") for p in parts if p and p.strip(".")]


def content_hash(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return digest.hexdigest()[:32]
