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
from ingest.signature import signature

_NUMBER_LINE = re.compile(r"^Số\s*:\s*(\S*)", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^([^\d,:;]{2,40}),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})",
                         re.IGNORECASE)
LEVELS = (  # administrative levels a place name follows; also after an agency named with its place
    "đặc khu", "thành phố", "tỉnh", "huyện", "thị xã", "xã", "phường")
_DOC_REF = re.compile(r"(Nghị quyết|Chương trình hành động|Chương trình|Kế hoạch|Quyết định|Chỉ thị|Kết luận)"
                      r"\s+(?:số\s+)?(\d+[\w\-]*/[\w/\-]+)")


# The type code inside a số hiệu names the kind of document (Nghị định 30/2020/NĐ-CP, Appendix III):
# it is printed on every administrative document, so it decides before any heading does.
_TYPE_CODES = {"KH": "Kế hoạch", "QĐ": "Quyết định", "CT": "Chỉ thị", "TB": "Thông báo", "BC": "Báo cáo",
               "TTr": "Tờ trình", "HD": "Hướng dẫn", "CTr": "Chương trình", "NQ": "Nghị quyết"}
_TYPE_HEADINGS = {fold(v): v for v in _TYPE_CODES.values()}
# Lines that end a title block: the authority line of a decision, or the opening of the body.
_TITLE_STOP = re.compile(r"^(chu tich|uy ban nhan dan|ubnd|can cu|thuc hien|kinh gui|de trien khai)")


def extract_metadata(source: str, kv: dict[str, str], front: list[str], body_text: str,
                     tail: list[str]) -> PlanMetadata:
    site_kv, front = split_site_keyvalues(front)
    kv = site_kv | kv
    signer, signer_title = signature(tail)
    number = kv.get("so hieu") or _number_from_lines(front)
    place, date, year = _place_and_date(front)
    level, header_place = _issuing_body(front)
    locality = _strip_level(place) if place else (header_place or _strip_level(kv.get("co quan ban hanh", "")))
    if header_place and fold(header_place) == fold(locality):
        locality = locality if locality != locality.upper() else header_place
    level = level or _locality_level(locality, body_text)
    doc_type = _doc_type(number, kv, front)
    meta = PlanMetadata(source=source, number=number, is_draft=not number, doc_type=doc_type,
                        title=_title(front, doc_type), locality=locality, locality_level=level,
                        issuer=f"UBND {level} {locality}".strip() if locality else kv.get("co quan ban hanh", ""),
                        issue_date=kv.get("ngay ban hanh") or date, signer=kv.get("nguoi ky") or signer)
    meta.province = locality if level in ("tỉnh", "thành phố") else _parent_province(body_text, front) or locality
    meta.year = year or _year_of(meta.issue_date)
    meta.implements = _implements("\n".join(front) + "\n" + body_text[:2500], number)
    meta.signer_title = signer_title if meta.signer == signer else ""
    meta.basis = _basis(front)
    return meta


# Lines that open what a plan rests on: "Căn cứ …", "Thực hiện …", "Theo đề nghị của Sở Y tế tại …".
_BASIS_OPENERS = re.compile(r"^(can cu|thuc hien|trien khai|theo de nghi|xet de nghi|theo chi dao|tiep tuc)\b")


def _basis(front: list[str]) -> str:
    """The opening paragraphs as printed, from the first 'Căn cứ/Thực hiện/Theo đề nghị …' line on:
    metadata answers quote them rather than rebuilding the references."""
    lines = _clean(front)
    start = next((i for i, line in enumerate(lines) if _BASIS_OPENERS.match(fold(line)) and not line.isupper()),
                 None)  # a title in capitals may also start "THỰC HIỆN …"
    return "" if start is None else collapse(" ".join(lines[start:]))[:1500]


# Labels of the key–value box that legal-document sites print above the text, one per line with the
# value on the next line ('Số hiệu:' / '4085/UBND-ĐT'); their values are facts, never title lines.
SITE_LABELS = {"so hieu", "loai van ban", "noi ban hanh", "co quan ban hanh", "nguoi ky", "ngay ban hanh",
               "ngay hieu luc", "ngay co hieu luc", "tinh trang", "linh vuc", "ngay cong bao", "so cong bao"}
_SITE_LABEL = re.compile(r"(?:^|#\s*)([^#:]{4,30}):\s*$")


def split_site_keyvalues(front: list[str]) -> tuple[dict[str, str], list[str]]:
    """The site's 'Label:' / value line pairs as a dict, and the front without them."""
    kv: dict[str, str] = {}
    rest: list[str] = []
    i = 0
    while i < len(front):
        m = _SITE_LABEL.search(front[i].strip("*_ "))
        label = fold(m.group(1)) if m else ""
        if label in SITE_LABELS and i + 1 < len(front):
            kv.setdefault(label, collapse(front[i + 1].strip("*_ ")))
            i += 2
            continue
        rest.append(front[i])
        i += 1
    return kv, rest


def _doc_type(number: str, kv: dict[str, str], front: list[str]) -> str:
    code = re.match(r"^[^/]*/([^-/]+)", number)
    if code and code.group(1) in _TYPE_CODES:
        return _TYPE_CODES[code.group(1)]
    if kv.get("loai van ban"):
        return kv["loai van ban"]
    heading = next((_TYPE_HEADINGS[fold(l)] for l in _clean(front) if fold(l) in _TYPE_HEADINGS), "")
    if heading:
        return heading
    return "Công văn" if number and code else "Kế hoạch"


def _issuing_body(front: list[str]) -> tuple[str, str]:
    """Level and name from the header cell 'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN' (name re-cased from capitals)."""
    for line in _clean(front)[:12]:
        m = re.match(r"^(?:ủy|uỷ) ban nhân dân\s+(.+?)[\s\-]*$", line, re.IGNORECASE)
        if not m:
            continue
        rest = m.group(1)
        for lv in sorted(LEVELS, key=len, reverse=True):
            if fold(rest).startswith(fold(lv) + " "):
                name = collapse(rest[len(lv):]).strip(" -")
                return lv, name.title() if name.isupper() else name
    return "", ""


def _clean(lines: list[str]) -> list[str]:
    return [collapse(l.strip("#*_ ")) for l in lines if l.strip("#*_ ")]


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
    for level in LEVELS:
        if fold(issuer).startswith(fold(level) + " "):
            return collapse(issuer[len(level):])
    return collapse(issuer)


def _locality_level(locality: str, text: str) -> str:
    if not locality:
        return ""
    folded, name = fold(text), fold(locality)
    counts = Counter({lv: folded.count(f"{fold(lv)} {name}") for lv in LEVELS})
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


def _title(front: list[str], doc_type: str = "Kế hoạch") -> str:
    """The lines under the type heading ('KẾ HOẠCH', 'QUYẾT ĐỊNH') while they are the title block
    (capitals, or a continuation starting in lower case); a letter's subject line 'V/v …'."""
    lines = _clean(front)
    for i, line in enumerate(lines):
        if fold(line) in _TYPE_HEADINGS and i + 1 < len(lines):
            return _title_block(lines[i + 1:])
    for line in lines:
        subject = re.search(r"(?:^|[\s*_])V/v\s+(.+)$", line, re.IGNORECASE)
        if subject:
            return collapse(subject.group(1)).strip(" :.*")[:400]
    for line in lines:
        if fold(line).startswith(fold(doc_type) + " ") and len(line) > 30:
            return line[:400]
    return ""


def _title_block(lines: list[str]) -> str:
    parts = [lines[0]]
    for line in lines[1:]:
        letters = [c for c in line if c.isalpha()]
        capitals = not letters or sum(c.isupper() for c in letters) / len(letters) > 0.8  # '2026 - 2030' too
        if _TITLE_STOP.match(fold(line)) or not (capitals or line[0].islower()):
            break
        parts.append(line)
    return collapse(" ".join(parts))[:400]


def _implements(text: str, own_number: str) -> list[str]:
    text = re.sub(r"(\d)-\s+", r"\1-", text)
    text = re.sub(r"/\s+", "/", text)
    refs: list[str] = []
    for kind, num in _DOC_REF.findall(text):
        ref = f"{kind} {num.rstrip('.,;')}"
        if num != own_number and ref not in refs:
            refs.append(ref)
    return refs
