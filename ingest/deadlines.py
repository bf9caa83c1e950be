"""Read a time cell ('Quý II/2026', '2025-2030', 'Thường xuyên', 'Từ năm 2026', '') into a Deadline."""
from __future__ import annotations

import re

from core.text import fold
from core.types import Deadline

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(20\d\d|19\d\d)"
_QUARTER = re.compile(r"quy\s*(iv|iii|ii|i|[1-4])\s*(?:/|nam|-)\s*" + _YEAR)
_RANGE = re.compile(_YEAR + r"\s*(?:-|–|den|toi)\s*(?:nam\s*)?" + _YEAR)
_FROM = re.compile(r"(?:tu|bat dau tu|sau)\s*(?:nam\s*)?" + _YEAR)
_UNTIL = re.compile(r"(?:den|truoc|cham nhat|trong)\s*(?:nam\s*)?" + _YEAR)
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/" + _YEAR)
_ANY_YEAR = re.compile(_YEAR)
_RECURRING = re.compile(r"thuong xuyen|hang nam|hang quy|hang thang|dinh ky|lien tuc")
_CONDITIONAL = re.compile(r"sau khi|khi co|theo huong dan|theo van ban|theo quy dinh|theo tien do")


def parse_deadline(text: str) -> Deadline:
    folded = fold(text)
    flags = {"recurring": bool(_RECURRING.search(folded)), "conditional": bool(_CONDITIONAL.search(folded))}
    if not folded:
        return Deadline(text=text)
    for reader in (_read_quarter, _read_date, _read_range, _read_from, _read_until, _read_year):
        found = reader(folded)
        if found:
            return Deadline(text=text, **found, **flags)
    kind = "recurring" if flags["recurring"] else "conditional" if flags["conditional"] else "none"
    return Deadline(text=text, kind=kind, **flags)


def _read_quarter(s: str) -> dict | None:
    m = _QUARTER.search(s)
    if not m:
        return None
    q = _ROMAN.get(m.group(1)) or int(m.group(1))
    year = int(m.group(2))
    return {"kind": "quarter", "quarter": q, "year_from": year, "year_to": year}


def _read_date(s: str) -> dict | None:
    m = _DATE.search(s)
    return {"kind": "date", "year_from": int(m.group(3)), "year_to": int(m.group(3))} if m else None


def _read_range(s: str) -> dict | None:
    m = _RANGE.search(s)
    if not m:
        return None
    lo, hi = sorted((int(m.group(1)), int(m.group(2))))
    return {"kind": "range", "year_from": lo, "year_to": hi}


def _read_from(s: str) -> dict | None:
    m = _FROM.search(s)
    return {"kind": "from", "year_from": int(m.group(1))} if m else None


def _read_until(s: str) -> dict | None:
    m = _UNTIL.search(s)
    return {"kind": "until", "year_to": int(m.group(1))} if m else None


def _read_year(s: str) -> dict | None:
    m = _ANY_YEAR.search(s)
    return {"kind": "year", "year_from": int(m.group(1)), "year_to": int(m.group(1))} if m else None
