"""Vietnamese text normalisation shared by parsing, indexing and retrieval."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_TAGS = re.compile(r"</?(?:b|strong|i|em|u|br|span|p)\b[^>]*>", re.IGNORECASE)

# Common abbreviations of Vietnamese administrative bodies, expanded for agency keys.
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te", "ubmttq": "uy ban mat tran to quoc", "vh-xh": "van hoa - xa hoi",
    "yhct": "y hoc co truyen", "tt": "trung tam",
}
# The type words an agency name opens with ('Sở …', 'Ủy ban …', 'Công an …'), over folded text.
AGENCY_HEADS = re.compile(
    r"^(cac\s+)?(so|ban|uy ban|ubnd|cong an|bo chi huy|bo doi|trung tam|ngan hang|bao hiem xa hoi|bhxh|dai|bao"
    r"|van phong|thanh tra|kho bac|lien doan|hoi|doan|mat tran|cuc|chi cuc|benh vien|phong|vien|truong"
    r"|co quan|don vi|doanh nghiep|co so|dia phuong|nganh|quy|tram|toa an|cong ty|chi nhanh)\b")
# not "tổ chức": also the verb "organise"; "trạm" is the commune health station (Trạm Y tế xã, đặc khu)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_question(text: str) -> str:
    """A question as typed, in the one form everything downstream reads: format characters (Unicode
    category Cf: zero-width spaces and joiners, soft hyphens, direction marks, BOM) dropped first, so
    none is left between a letter and its accent, then NFC, then whitespace collapsed. Otherwise a
    decomposed (NFD) 'Hà Nội' or a zero-width space pasted inside a word reads as other words. A run
    of spaces holding a line break stays one line break: bot/answering/message.py reads lines as sentences."""
    visible = nfc("".join(ch for ch in text if unicodedata.category(ch) != "Cf"))
    return _SPACES.sub(lambda m: "\n" if _LINE_BREAK.search(m.group()) else " ", visible).strip()


def collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def strip_markup(text: str) -> str:
    """Drop HTML emphasis tags and Markdown emphasis that scraped tables carry."""
    text = _TAGS.sub("", text).replace("**", "").replace("__", "").strip()
    return re.sub(r"^\*(.+)\*$", r"\1", text)


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def strip_accents(text: str) -> str:
    """'Sở Y tế' → 'So Y te'; đ/Đ become d/D so unaccented typing matches. A regex over the
    combining-mark blocks, not a per-character category test: indexing folds every chunk."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    return _COMBINING.sub("", unicodedata.normalize("NFD", text))


def fold(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form used for matching."""
    return collapse(strip_accents(text).lower())


_SYLLABLE = re.compile(r"[a-z]+|[0-9]+")
_Y_SPELLING = re.compile(r"^([tklmhs])y$")


def syllables(text: str) -> list[str]:
    """Accent-free syllables for matching; 'tỷ/tỉ', 'sỹ/sĩ', 'kỹ/kĩ' spell alike, letters and digits split."""
    return list(_syllables(text))


@lru_cache(maxsize=65_536)
def _syllables(text: str) -> tuple[str, ...]:
    return tuple(_spell(t) for t in _SYLLABLE.findall(fold(text)))


@lru_cache(maxsize=200_000)
def _spell(syllable: str) -> str:
    return _Y_SPELLING.sub(r"\1i", syllable)


_TONE_MARKS = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_WORD_OR_NUMBER = re.compile(r"[^\W\d_]+|\d+")


@lru_cache(maxsize=200_000)
def _toned(word: str) -> str:
    """'khỏe'/'khoẻ' → 'khoe3', 'lượng' → 'lương5', 'lương' → 'lương0': vowel letters kept, the tone
    moved to the end, so tone-mark placement does not matter but 'lương' and 'lượng' stay apart."""
    if word.isdigit():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((_TONE_MARKS[c] for c in decomposed if c in _TONE_MARKS), "0")
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    toned = _Y_SPELLING.sub(r"\1i", base) + tone
    return _TONED_VARIANTS.get(toned, toned)


# Syllables Vietnamese spells both ways, read as one (unaccented they fold alike anyway): 'hằng năm' /
# 'hàng năm', and so with tháng, ngày, quý, tuần — a plan writes 'định kỳ hàng tháng', a question 'hằng tháng'.
_TONED_VARIANTS = {"hăng2": "hang2"}


def toned_syllables(text: str) -> list[str]:
    """Syllables that keep the diacritics, for matching a question typed with them."""
    return list(_toned_syllables(text))


@lru_cache(maxsize=65_536)  # a task list scores every task name of the registry against each question
def _toned_syllables(text: str) -> tuple[str, ...]:
    return tuple(_toned(w) for w in _WORD_OR_NUMBER.findall(nfc(text).lower()))


def has_diacritics(text: str) -> bool:
    return strip_accents(text) != nfc(text)


_SCOPE = re.compile(r"\([^)]*\)")  # '(nơi làm việc)', '(cộng đồng)': what part of the task a cell's agency has


def agency_key(name: str) -> str:
    """Normalised key of an agency name: folded, parentheses dropped, abbreviations expanded."""
    name = _SCOPE.sub(" ", name)
    words = [ABBREVIATIONS.get(w, w) for w in fold(name).split()]
    key = " ".join(words)
    return re.sub(r"[.;:,]+$", "", key).strip()


def agency_label(name: str) -> str:
    """An agency's name to show, without the scope a cell gives it ('Sở Nội vụ (nơi làm việc)')."""
    return collapse(_SCOPE.sub(" ", name)).strip(" ,;")


def split_agencies(cell: str) -> list[str]:
    """'Sở Y tế, Công an tỉnh; các địa phương' → three names; 'và các …' starts a new name."""
    cell = re.sub(r"\s+và\s+(?=các\s)", ", ", cell, flags=re.IGNORECASE)
    names: list[str] = []
    for sep, part in zip([""] + re.findall(r"[,;]", cell), re.split(r"[,;]", cell)):
        part = collapse(part)
        if sep == "," and names and _continues_name(part):
            names[-1] = f"{names[-1]}, {part}"
        elif part and part.strip("."):
            names.append(part)
    return [n.rstrip(".") for n in names]


# The rest of a name that lists its fields: 'Sở Văn hóa, Thể thao và Du lịch', 'Bộ Lao động, Thương
# binh và Xã hội'. Capitalised, joined by 'và' to a word, and not itself an agency. The word after 'và'
# may be in lower case: plans type 'Sở Văn hóa, Thể thao và du lịch' too, and that is the same body
# (issue 23: split in two, its task was left out of the agency's list). A part in lower case
# ('các sở, ngành và địa phương') is a list of bodies, not a name's fields.
_NAME_FIELDS = re.compile(r"^[A-ZĐ][^,;]* và \w")


def _continues_name(part: str) -> bool:
    return bool(_NAME_FIELDS.match(part)) and not AGENCY_HEADS.match(fold(part))


def number_key(number: str) -> tuple[int, ...]:
    """Sort key of a printed row number: '2' < '10' < '15.1' < '15.2'."""
    return tuple(int(p) if p.isdigit() else 0 for p in str(number).split("."))


def content_hash(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return digest.hexdigest()[:32]
