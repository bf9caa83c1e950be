"""Plan metadata: số hiệu (or draft), title, issuing body and locality, date, signer, what it implements.

A web page's key–value box (Số hiệu, Người ký …) is trusted first; otherwise the facts are read
from the plan's own front matter ('Số: …', 'An Giang, ngày … tháng … năm …', the signature block).
"""
from __future__ import annotations

import re
from collections import Counter

from core.provinces import province_name
from core.text import collapse, fold
from core.types import PlanMetadata
from ingest.issuers import (NATIONAL, TYPE_CODES, Body, body_from_authority, body_from_header, body_from_kind,
                            body_from_number, body_from_site, header_cells, provinces_named, split_code,
                            split_header_lines)
from ingest.signature import signature

_NUMBER_LINE = re.compile(r"^Số\s*:\s*(\S*)", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^([^\d,:;]{2,40}),\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})",
                         re.IGNORECASE)
LEVELS = (  # administrative levels a place name follows; also after an agency named with its place
    "đặc khu", "thành phố", "tỉnh", "huyện", "thị xã", "xã", "phường")
_DOC_REF = re.compile(r"(Nghị quyết|Chương trình hành động|Chương trình|Kế hoạch|Quyết định|Chỉ thị|Kết luận)"
                      r"\s+(?:số\s+)?(\d+[\w\-]*/[\w/\-]+)")


# The type code inside a số hiệu names the kind of document (ingest.issuers.TYPE_CODES): it is printed
# on every administrative document, so it decides before any heading does.
_TYPE_CODES = TYPE_CODES
_TYPE_HEADINGS = {fold(v): v for v in _TYPE_CODES.values()}
# Lines that end a title block: the authority line of a decision or resolution (the council or the
# official who decides: 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH', 'THỦ TƯỚNG CHÍNH PHỦ', 'BỘ TRƯỞNG BỘ Y TẾ',
# 'CHÍNH PHỦ' alone), or the opening of the body.
_TITLE_STOP = re.compile(r"^(chu tich|uy ban nhan dan|ubnd|hoi dong nhan dan|can cu|thuc hien|kinh gui|"
                         r"de trien khai|thu tuong chinh phu|chinh phu$|bo truong\b|cuc truong\b|tong cuc truong|"
                         r"giam doc\b|thong doc\b|tong kiem toan|chanh an\b|vien truong\b)")


def extract_metadata(source: str, kv: dict[str, str], front: list[str], body_text: str,
                     tail: list[str]) -> PlanMetadata:
    site_kv, front = split_site_keyvalues(front)
    kv = site_kv | kv
    front = split_header_lines(front)
    signer, signer_title = signature(tail)
    number = kv.get("so hieu") or _number_from_lines(front)
    place, date, year = _place_and_date(front)
    doc_type = _doc_type(number, kv, front)
    meta = PlanMetadata(source=source, number=number, is_draft=not number, doc_type=doc_type,
                        title=_title(front, doc_type), issue_date=kv.get("ngay ban hanh") or date,
                        signer=kv.get("nguoi ky") or signer)
    body = _issuing_body(front, number, kv, doc_type)
    if body.national:  # signed in Hà Nội, covers the whole country
        meta.issuer, meta.scope = body.name, NATIONAL
    else:
        _place_local(meta, body, place, kv, front, body_text)
    meta.year = year or _year_of(meta.issue_date)
    meta.implements = _implements("\n".join(front) + "\n" + body_text[:2500], number)
    meta.signer_title = signer_title if meta.signer == signer else ""
    meta.basis = _basis(front)
    return meta


def _issuing_body(front: list[str], number: str, kv: dict[str, str], doc_type: str) -> Body:
    """The header cell first (what the document prints), then the authority line, the site's box, the
    số hiệu code, and last the kind (a Thông tư or Nghị định is central even when its header was lost)."""
    for body in (body_from_header(header_cells(front)), body_from_authority(_clean(front)),
                 body_from_site(kv.get("noi ban hanh", "")),
                 body_from_site(kv.get("co quan ban hanh", "")), body_from_number(number),
                 body_from_kind(doc_type, _clean(front))):
        if body.name or body.national:
            return body
    return Body()


def _place_local(meta: PlanMetadata, body: Body, place: str, kv: dict[str, str], front: list[str],
                 body_text: str) -> None:
    """Locality, level, province and issuer of a local document. The header's council names the place;
    without one, the place-and-date line does. The province is a real one in its usual spelling, or ''."""
    locality = body.place or (_strip_level(place) if place else _strip_level(kv.get("co quan ban hanh", "")))
    level = body.level or _locality_level(locality, body_text)
    if level in ("tỉnh", "thành phố") and province_name(locality):
        locality = province_name(locality)
        meta.province = locality
    else:
        meta.province = _parent_province(body_text, front)
    meta.locality, meta.locality_level = locality, level if locality else ""
    meta.issuer = body.name or (f"UBND {level} {locality}".strip() if locality else kv.get("co quan ban hanh", ""))


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
    kind, issuer = split_code(number)
    if kind:
        return _TYPE_CODES[kind]
    if issuer and not kv.get("loai van ban"):
        return "Công văn"  # a letter's code opens with its issuer: 'N/BNV-CQĐP', 'N/UBND-ĐT'
    if kv.get("loai van ban"):
        return kv["loai van ban"]
    heading = next((_TYPE_HEADINGS[fold(l)] for l in _clean(front) if fold(l) in _TYPE_HEADINGS), "")
    if heading:
        return heading
    return "Kế hoạch"


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
    """'Nghệ An, ngày 15 tháng 3 năm 2025', also wrapped by a narrow header cell ('… năm' / '2025')."""
    for line, after in zip(lines, lines[1:] + [""]):
        line = line.strip().strip("*_ ")
        if re.search(r"\bnăm$", line) and re.match(r"^[*_ ]*\d{4}\b", after):
            line = f"{line} {after.strip(' *_')}"
        m = _PLACE_DATE.match(line)
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
    """The most cited real province ('tỉnh X', 'thành phố X') in a document issued below province level
    or without a header: a name that is no province never becomes one."""
    names = Counter(provinces_named("\n".join(front + [text])))
    return names.most_common(1)[0][0] if names else ""


def _year_of(date: str) -> int | None:
    m = re.search(r"(\d{4})$", date)
    return int(m.group(1)) if m else None


# An authority a scrape ran into the title's last line: 'CÔNG ĐIỆN V/V … GIA LAI THỦ TƯỚNG CHÍNH PHỦ điện:'
# ('… của Thủ tướng Chính phủ' is part of a title, so the word before must not be 'của').
_AUTHORITY_TAIL = re.compile(r"(?<!CỦA)(?<!của)(?<!TƯỚNG)\s+(THỦ TƯỚNG CHÍNH PHỦ|CHÍNH PHỦ|BỘ TRƯỞNG BỘ [^a-zđ]+|"
                             r"CHỦ TỊCH (ỦY|UỶ) BAN NHÂN DÂN [^a-zđ]+)(\s*\*?điện\s*:?\*?)?\s*$")


def _title(front: list[str], doc_type: str = "Kế hoạch") -> str:
    """The title, without an authority line a scrape glued to it."""
    return _AUTHORITY_TAIL.sub("", _title_text(front, doc_type)).strip()


def _title_text(front: list[str], doc_type: str) -> str:
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
