"""The signature block: who signed and with which title ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Bùi Thanh An").

Only the block after the body counts: what follows it (an appendix, a decision's attached plan) names
agencies and places, never the signer.
"""
from __future__ import annotations

import re

from core.text import collapse, fold

_TITLE_WORDS = ("chu tich", "tm.", "kt.", "noi nhan", "uy ban", "ubnd", "phu luc")
# Where the signing title starts: after "TM. ỦY BAN NHÂN DÂN" (on whose behalf) come these.
_TITLE_START = re.compile(r"\b(KT\.|TL\.|Q\.|PHÓ CHỦ TỊCH|CHỦ TỊCH|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|TRƯỞNG BAN|TRƯỞNG PHÒNG)")
_TITLE_LINES = 4  # lines a title may take above the name when each is printed on its own


# A PDF's text layer prints the signature table's two cells side by side: the recipients list on the
# left ('Nơi nhận:', '- Bộ Y tế;'), the signing lines on the right. What follows a recipients item is
# the right cell's line.
_LEFT_CELL = re.compile(r"^(Nơi nhận\s*:|[-+•][^;]*;)\s+(?P<right>\S.*)$")


def _cells_apart(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        m = _LEFT_CELL.match(line)
        out += [line[:m.start("right")].strip(), m.group("right")] if m else [line]
    return out


def signature(tail: list[str]) -> tuple[str, str]:
    """(signer's name, signing title) of the first name in the signature block, or ('', '')."""
    lines = _cells_apart([collapse(line.strip("*_ ").replace("*", "")) for line in tail])
    for i, line in enumerate(lines):
        name = trailing_name(line)
        if not name:
            continue
        before = line[:len(line) - len(name)].strip()
        parts = [before] if before else [l for l in lines[max(0, i - _TITLE_LINES):i] if _is_title(l)]
        title = " ".join(parts)
        start = _TITLE_START.search(title)
        return name, (title[start.start():] if start else title).strip()
    return "", ""


def _is_title(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(line) < 80


def trailing_name(line: str) -> str:
    """'PHÓ CHỦ TỊCH Bùi Thanh An' → 'Bùi Thanh An': 2–5 capitalised words ending the line, standing
    alone or after a title in capitals."""
    words = line.split()
    run = 0
    while run < len(words) and _is_name_word(words[-1 - run]):
        run += 1
    run = min(run, 5)
    if run < 2:
        return ""
    before = words[:-run]
    if before and not all(w.isupper() or not w.isalpha() for w in before):
        return ""
    name = " ".join(words[-run:])
    return name if not any(t in fold(name) for t in _TITLE_WORDS) else ""


def _is_name_word(word: str) -> bool:
    return word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())
