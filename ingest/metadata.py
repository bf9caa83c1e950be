"""Plan metadata: số hiệu (or draft), title, issuing body and locality, date, signer, what it implements.

A web page's key–value box (Số hiệu, Người ký …) is trusted first; otherwise the facts are read
from the plan's own front matter ('Số: …', 'An Giang, ngày … tháng … năm …', the signature block).
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import takewhile

from core.text import collapse, fold
from core.types import PlanMetadata

_NUMBER_LINE = re.compile(r"^Số\s*:\s*(\S*)", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^([^\d,:;]{2,40}),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})",
                         re.IGNORECASE)
_LEVELS = ("đặc khu", "thành phố", "tỉnh", "huyện", "thị xã", "xã", "phường")
_DOC_REF = re.compile(r"(Nghị quyết|Chương trình hành động|Chương trình|Kế hoạch|Quyết định|Chỉ thị|Kết luận)"
                      r"\s+(?:số\s+)?(\d+[\w\-]*/[\w/\-]+)")
_TITLE_WORDS = ("chu tich", "tm.", "kt.", "noi nhan", "uy ban", "ubnd", "phu luc")


def extract_metadata(source: str, kv: dict[str, str], front: list[str], body_text: str,
                     tail: list[str]) -> PlanMetadata:
    number = kv.get("so hieu") or _number_from_lines(front)
    place, date, year = _place_and_date(front)
    locality = place or _strip_level(kv.get("co quan ban hanh", ""))
    level = _locality_level(locality, body_text)
    meta = PlanMetadata(source=source, number=number, is_draft=not number,
                        title=_title(front), locality=locality, locality_level=level,
                        issuer=f"UBND {level} {locality}".strip() if locality else kv.get("co quan ban hanh", ""),
                        issue_date=kv.get("ngay ban hanh") or date, signer=kv.get("nguoi ky") or _signer(tail))
    meta.province = locality if level in ("tỉnh", "thành phố") else _parent_province(body_text, front) or locality
    meta.year = year or _year_of(meta.issue_date)
    meta.implements = _implements("\n".join(front) + "\n" + body_text[:2500], number)
    return meta


def _number_from_lines(lines: list[str]) -> str:
    for line in lines:
        m = _NUMBER_LINE.match(line.strip())
        if m:
            value = m.group(1).rstrip("|").strip()
            return value if re.search(r"\d", value.split("/")[0]) else ""
    return ""


def _place_and_date(lines: list[str]) -> tuple[str, str, int | None]:
    for line in lines:
        m = _PLACE_DATE.match(line.strip().strip("*_ "))
        if m:
            day, month, year = m.group(2), m.group(3), int(m.group(4))
            date = f"{int(day):02d}/{int(month):02d}/{year}" if day and month else ""
            return collapse(m.group(1)), date, year
    return "", "", None


def _strip_level(issuer: str) -> str:
    for level in _LEVELS:
        if fold(issuer).startswith(fold(level) + " "):
            return collapse(issuer[len(level):])
    return collapse(issuer)


def _locality_level(locality: str, text: str) -> str:
    if not locality:
        return ""
    folded, name = fold(text), fold(locality)
    counts = Counter({lv: folded.count(f"{fold(lv)} {name}") for lv in _LEVELS})
    level, n = counts.most_common(1)[0]
    return level if n else "tỉnh"


def _parent_province(text: str, front: list[str]) -> str:
    """The most cited 'tỉnh X' (capitalised name) in a plan issued below province level."""
    words = "\n".join(front + [text]).split()
    names = Counter()
    for i, word in enumerate(words[:-1]):
        if word.lower() == "tỉnh":
            name = list(takewhile(lambda w: w[:1].isupper() and w.strip(",.;:()").isalpha(), words[i + 1:i + 4]))
            if name:
                names[" ".join(w.strip(",.;:()") for w in name)] += 1
    return names.most_common(1)[0][0] if names else ""


def _year_of(date: str) -> int | None:
    m = re.search(r"(\d{4})$", date)
    return int(m.group(1)) if m else None


def _title(front: list[str]) -> str:
    """The web page title if the scrape has one, else the line under 'KẾ HOẠCH'."""
    lines = [collapse(l.strip("#*_ ")) for l in front if l.strip()]
    for i, line in enumerate(lines):
        if fold(line) == "ke hoach" and i + 1 < len(lines):
            return lines[i + 1][:400]
    for line in lines:
        if fold(line).startswith("ke hoach ") and len(line) > 30:
            return line[:400]
    return ""


def _signer(tail: list[str]) -> str:
    """The last line of the signature block that reads like a person's name."""
    names = [collapse(l.strip("*_ ")) for l in tail if _looks_like_name(collapse(l.strip("*_ ")))]
    return names[-1] if names else ""


def _looks_like_name(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 5 or any(t in fold(line) for t in _TITLE_WORDS):
        return False
    return all(w[0].isupper() and (len(w) == 1 or w[1:].islower()) and w.isalpha() for w in words)


def _implements(text: str, own_number: str) -> list[str]:
    text = re.sub(r"(\d)-\s+", r"\1-", text)
    text = re.sub(r"/\s+", "/", text)
    refs: list[str] = []
    for kind, num in _DOC_REF.findall(text):
        ref = f"{kind} {num.rstrip('.,;')}"
        if num != own_number and ref not in refs:
            refs.append(ref)
    return refs
