"""Who issued a document, and whether it is national (Chính phủ, Thủ tướng, a Bộ) or local.

Spec ("Documents and their place"): a national document's place-and-date line ("Hà Nội, ngày …") says
where it was signed, not what it covers, so its scope is 'toàn quốc' and it has no province. The issuer
is read, in order of trust, from the header cell ('BỘ Y TẾ', 'ỦY BAN NHÂN DÂN / TỈNH NGHỆ AN'), the legal
site's 'Nơi ban hành' box and the code inside the số hiệu ('…/QĐ-TTg', '…/TT-BYT').
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.provinces import province_name
from core.text import collapse, fold

NATIONAL = "toàn quốc"

# Type codes of a số hiệu (Nghị định 30/2020/NĐ-CP, Phụ lục III) and the kind of document each names.
TYPE_CODES = {"KH": "Kế hoạch", "QĐ": "Quyết định", "CT": "Chỉ thị", "TB": "Thông báo", "BC": "Báo cáo",
              "TTr": "Tờ trình", "HD": "Hướng dẫn", "CTr": "Chương trình", "NQ": "Nghị quyết", "NĐ": "Nghị định",
              "TT": "Thông tư", "CĐ": "Công điện", "VBHN": "Văn bản hợp nhất", "KL": "Kết luận", "CV": "Công văn"}

# Ministries and ministry-level bodies by the code their documents carry (Nghị định 30/2020/NĐ-CP,
# Phụ lục III: the issuer's abbreviation follows the type, 'TT-BYT'; a letter puts it first, 'BNV-CQĐP').
# Names as the bodies write them; the bodies of before the 2025 reorganisation still issue in force texts.
MINISTRIES = {
    "BYT": "Bộ Y tế", "BTC": "Bộ Tài chính", "BNV": "Bộ Nội vụ", "BCT": "Bộ Công Thương", "BXD": "Bộ Xây dựng",
    "BQP": "Bộ Quốc phòng", "BCA": "Bộ Công an", "BGDĐT": "Bộ Giáo dục và Đào tạo", "BTP": "Bộ Tư pháp",
    "BKHCN": "Bộ Khoa học và Công nghệ", "BNNMT": "Bộ Nông nghiệp và Môi trường", "BNG": "Bộ Ngoại giao",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch", "BDTTG": "Bộ Dân tộc và Tôn giáo",
    "BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội", "BKHĐT": "Bộ Kế hoạch và Đầu tư",
    "BTNMT": "Bộ Tài nguyên và Môi trường", "BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
    "BGTVT": "Bộ Giao thông vận tải", "BTTTT": "Bộ Thông tin và Truyền thông",
}
# Other central bodies by code, with why each is national.
CENTRAL_CODES: dict[str, tuple[str, str]] = {
    "TTg": ("Thủ tướng Chính phủ", "decisions, directives and telegrams the Prime Minister signs"),
    "CP": ("Chính phủ", "the Government's resolutions and decrees (NQ-CP, NĐ-CP)"),
    "VPCP": ("Văn phòng Chính phủ", "the Government Office's notices of the Prime Minister's conclusions"),
    "TTCP": ("Thanh tra Chính phủ", "a ministry-level body of the Government"),
    "NHNN": ("Ngân hàng Nhà nước Việt Nam", "a ministry-level body; its circulars apply nationwide"),
    "UBDT": ("Ủy ban Dân tộc", "a ministry-level body of the Government (until 2025)"),
    "KTNN": ("Kiểm toán nhà nước", "a constitutional body elected by the Quốc hội"),
    "TANDTC": ("Tòa án nhân dân tối cao", "the supreme court"),
    "VKSNDTC": ("Viện kiểm sát nhân dân tối cao", "the supreme procuracy"),
    "QH": ("Quốc hội", "laws and resolutions of the National Assembly ('98/2023/QH15')"),
    "UBTVQH": ("Ủy ban Thường vụ Quốc hội", "the National Assembly's standing committee ('NQ-UBTVQH15')"),
    "CTN": ("Chủ tịch nước", "orders and decisions of the State President"),
    "TW": ("Ban Chấp hành Trung ương", "the Party's central committee ('36-NQ/TW')"),
    "VPTW": ("Văn phòng Trung ương Đảng", "the Party's central office ('432-TB/VPTW')"),
    "BTGDVTW": ("Ban Tuyên giáo và Dân vận Trung ương", "a central Party commission"),
    "CT": ("Cục Thuế", "the tax department of the Bộ Tài chính; its letters read 'N/CT-CS' (a Chỉ thị's "
                       "type code is CT too, followed by its issuer: 'N/CT-UBND')"),
    "CHQ": ("Cục Hải quan", "the customs department of the Bộ Tài chính, one for the whole country"),
} | {code: (name, "a ministry of the Government") for code, name in MINISTRIES.items()}
_MINISTRY_BY_KEY = {fold(name): name for name in MINISTRIES.values()} | {"bo cong thuong": "Bộ Công Thương"}

# Central bodies named in a header cell (folded, whole line), with the issuer each stands for.
_CENTRAL_HEADERS = [
    (re.compile(r"^thu tuong chinh phu\b"), "Thủ tướng Chính phủ"),
    (re.compile(r"^van phong chinh phu\b"), "Văn phòng Chính phủ"),
    (re.compile(r"^thanh tra chinh phu\b"), "Thanh tra Chính phủ"),
    (re.compile(r"^chinh phu$"), "Chính phủ"),
    (re.compile(r"^quoc hoi$"), "Quốc hội"),
    (re.compile(r"^uy ban thuong vu quoc hoi$"), "Ủy ban Thường vụ Quốc hội"),
    (re.compile(r"^ngan hang nha nuoc viet nam$"), "Ngân hàng Nhà nước Việt Nam"),
    (re.compile(r"^kiem toan nha nuoc$"), "Kiểm toán nhà nước"),
    (re.compile(r"^toa an nhan dan toi cao$"), "Tòa án nhân dân tối cao"),
    (re.compile(r"^vien kiem sat nhan dan toi cao$"), "Viện kiểm sát nhân dân tối cao"),
    (re.compile(r"^ban chap hanh trung uong\b"), "Ban Chấp hành Trung ương"),
]
_HEADER_LINES = 4  # lines a header cell takes above the motto: 'BỘ TÀI CHÍNH / CỤC THUẾ', 'UBND / TỈNH X'
# Local councils and committees, and the levels their name carries.
_LOCAL_BODY = re.compile(r"\b(uy ban nhan dan|ubnd|hoi dong nhan dan|hdnd)\s+(dac khu|thanh pho|tinh|huyen|"
                         r"thi xa|quan|xa|phuong)\s+(.+)$")
_BODY_SHORT = {"uy ban nhan dan": "UBND", "ubnd": "UBND", "hoi dong nhan dan": "HĐND", "hdnd": "HĐND"}
_UNIT_HEAD = re.compile(r"^(so|ban|chi cuc|cuc|trung tam|van phong|thanh tra|phong|benh vien)\b")


@dataclass(frozen=True)
class Body:
    """An issuing body: its name, its level and place when local ('tỉnh', 'Nghệ An'), national or not."""
    name: str = ""
    national: bool = False
    level: str = ""
    place: str = ""
    unit: str = ""  # a body under the council ('Sở Y tế' under 'UBND tỉnh Nghệ An')


# Where a header table's cells, run together by a scrape or a PDF's text layer, are cut back apart
# (folded-insensitive patterns on the printed text): the rules printed under each cell, the motto and
# its second line, the 'Số:' cell, and the end of the số hiệu (the place-and-date line may follow).
_CELL_BREAKS = [
    re.compile(r"\s*[-_–—=]{3,}\s*"),  # '-------' under the issuer, '---------------' under the motto
    re.compile(r"(?<=\S)\s+(?=C[ỘO]NG H[ÒOÓ]A X[ÃA] H[ỘO]I CH[ỦU] NGH[ĨI]A)", re.IGNORECASE),
    re.compile(r"(?<=\S)\s+(?=Độc lập\s*[-–]\s*Tự do)"),
    re.compile(r"(?<=Hạnh phúc)\s+(?=\S)"),
    re.compile(r"(?<=\S)\s+(?=Số\s*:)"),
]
_NUMBER_THEN_MORE = re.compile(r"^(Số\s*:\s*\S+)\s+([^/\s].*)$")  # 'Số: 980/KH-UBND Nghệ An, ngày …'
_MOTTO = ("cong hoa xa hoi chu nghia", "dang cong san viet nam", "doc lap - tu do", "doc lap tu do")
_TYPE_HEADING = re.compile(r"^(ke hoach|quyet dinh|chi thi|nghi quyet|nghi dinh|thong tu|cong dien|thong bao|"
                           r"chuong trinh|bao cao|to trinh|huong dan|van ban hop nhat)\b")
_PLACE_DATE = re.compile(r",\s*ngay\b.*\bnam\s+\d{4}")


def split_header_lines(lines: list[str]) -> list[str]:
    """Header cells a reader ran together ('ỦY BAN NHÂN DÂN TỈNH NGHỆ AN ------- Số: 980/KH-UBND') as
    the lines they are printed on; other lines are left as they are."""
    out: list[str] = []
    for line in lines:
        parts = [line.strip()]
        for brk in _CELL_BREAKS:
            parts = [p for part in parts for p in brk.split(part) if p.strip()]
        for part in parts:
            m = _NUMBER_THEN_MORE.match(part)
            out += [m.group(1), m.group(2)] if m else [part]
        if not line.strip():
            out.append(line)  # blank lines stay: they separate blocks
    return out


def header_cells(front: list[str]) -> list[str]:
    """The issuer cell's lines: the capitals right above the motto (a header table's left cell is read
    before its right one), and those between the motto and the 'Số:' line (a PDF's text layer
    interleaves the two cells); without rules, motto and 'Số:'."""
    lines = [collapse(line.strip("#*_ ")) for line in front if collapse(line.strip("#*_ -"))]
    motto = next((i for i, line in enumerate(lines[:80]) if fold(line).startswith(_MOTTO)), None)
    if motto is None:
        return [line for line in lines[:_HEADER_LINES + 1] if _is_issuer_line(line)][:_HEADER_LINES]
    above: list[str] = []
    for line in reversed(lines[max(0, motto - _HEADER_LINES - 1):motto]):
        if re.match(r"so\s*:", fold(line)):
            continue
        if not _is_issuer_line(line):
            break
        above.insert(0, line)
    below = []
    for line in lines[motto + 1:motto + 5]:
        if fold(line).startswith(_MOTTO) or fold(line) == "viet nam":  # the motto wrapped in a narrow cell
            continue
        if not _is_issuer_line(line):
            break
        below.append(line)
    return (above + below)[-_HEADER_LINES:]


def _is_issuer_line(line: str) -> bool:
    key = fold(line)
    return _is_capitals(line) and len(line) < 80 and not (_TYPE_HEADING.match(key) or _PLACE_DATE.search(key)
                                                          or key.startswith(_MOTTO) or re.match(r"so\s*:", key))


def _is_capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9


def body_from_header(cells: list[str]) -> Body:
    """A local council named in the cell wins (a province's 'CỤC THUẾ / THUẾ TỈNH X' is local too);
    otherwise a central body: the ministry, or the department the line under it names."""
    local = _local_body(" ".join(cells)) if cells else Body()
    if local.name:
        return local
    unit = _provincial_unit(cells)
    if unit.name:
        return unit
    for i, line in enumerate(cells):
        key = fold(line)
        ministry = _MINISTRY_BY_KEY.get(key)
        if ministry:
            below = [recase(l) for l in cells[i + 1:] if _UNIT_HEAD.match(fold(l))]
            return Body(below[0] if below else ministry, national=True)
        named = next((name for pattern, name in _CENTRAL_HEADERS if pattern.match(key)), "")
        if named:
            return Body(named, national=True)
    return Body()


def _local_body(text: str) -> Body:
    """'ỦY BAN NHÂN DÂN TỈNH NGHỆ AN SỞ Y TẾ' → UBND, tỉnh, Nghệ An, unit 'Sở Y tế'. A province-level name
    must be a real province; a city or commune below it keeps its printed name."""
    words = collapse(text).split()
    folded = fold(" ".join(words))
    m = _LOCAL_BODY.search(folded)
    if not m:
        return Body()
    start = len(folded[:m.start(3)].split())
    level = _LEVEL_NAMES[m.group(2)]
    rest = words[start:]
    for n in range(min(6, len(rest)), 0, -1):  # "BÀ RỊA - VŨNG TÀU" is five words
        place = province_name(" ".join(rest[:n])) if level in ("tỉnh", "thành phố") else ""
        if place:
            return _named(m.group(1), level, place, rest[n:])
    if level == "tỉnh" or not rest:
        return Body()  # 'TỈNH NGHỆ AN -------' glued to a rule, or not a province: not a name to trust
    cut = next((i for i, w in enumerate(rest) if _UNIT_HEAD.match(fold(w)) and i), len(rest))
    return _named(m.group(1), level, recase(" ".join(rest[:cut]), proper=True), rest[cut:])


# The authority line under a decision's title names who decides ('BỘ TRƯỞNG BỘ TÀI CHÍNH', 'THỦ TƯỚNG
# CHÍNH PHỦ', 'CHÍNH PHỦ'); a scrape that lost the header keeps it. (Folded, whole line.)
_AUTHORITIES = [(re.compile(r"^thu tuong chinh phu$"), "Thủ tướng Chính phủ"), (re.compile(r"^chinh phu$"), "Chính phủ"),
                (re.compile(r"^thong doc ngan hang nha nuoc viet nam$"), "Ngân hàng Nhà nước Việt Nam")]
_MINISTER = re.compile(r"^(?:bo truong|thu truong) (bo .+)$")
_AUTHORITY_LINES = 30  # the title block and authority line open the document


def body_from_authority(lines: list[str]) -> Body:
    for line in (l for l in lines[:_AUTHORITY_LINES] if _is_capitals(l)):
        key = fold(line)
        minister = _MINISTER.match(key)
        name = _MINISTRY_BY_KEY.get(minister.group(1), "") if minister else \
            next((name for pattern, name in _AUTHORITIES if pattern.match(key)), "")
        if name:
            return Body(name, national=True)
    return Body()


# Kinds only central bodies issue (Luật Ban hành văn bản quy phạm pháp luật 2025): a Nghị định is the
# Chính phủ's, a Thông tư a minister's or the State Bank Governor's, named in its closing preamble line.
_CIRCULAR_BY = re.compile(r"(?:Bộ trưởng|Thống đốc)\s+(Bộ [^,;.]+?|Ngân hàng Nhà nước Việt Nam)\s+ban hành\s+Thông tư")


def body_from_kind(doc_type: str, lines: list[str]) -> Body:
    if doc_type == "Nghị định":
        return Body("Chính phủ", national=True)
    if doc_type != "Thông tư":
        return Body()
    m = _CIRCULAR_BY.search(" ".join(lines[:_AUTHORITY_LINES * 2]))
    key = fold(m.group(1)) if m else ""
    return Body(_MINISTRY_BY_KEY.get(key, "Ngân hàng Nhà nước Việt Nam" if key.startswith("ngan hang") else ""),
                national=True)


def _provincial_unit(cells: list[str]) -> Body:
    """A province's own office of a central body ('CỤC THUẾ / THUẾ TỈNH TÂY NINH', 'SỞ Y TẾ THÀNH PHỐ HÀ
    NỘI'): local, it belongs to the province its line names."""
    for line in reversed(cells):
        m = re.search(r"\b(TỈNH|THÀNH PHỐ|tỉnh|thành phố)\s+(.+)$", line)
        place = province_name(m.group(2)) if m else ""
        if place:
            level = m.group(1).lower()
            unit = _last_unit(line[:m.start()])
            return Body(f"{unit} {level} {place}".strip(), level=level, place=place, unit=unit)
    return Body()


def _last_unit(text: str) -> str:
    """The body right before the place: 'CỤC THUẾ THUẾ' (two header lines run together) → 'Thuế'."""
    words = text.split()
    starts = [i for i in range(len(words)) if _TYPE_WORDS.match(fold(" ".join(words[i:])))]
    return recase(" ".join(words[starts[-1]:])) if starts else recase(text) if text.strip() else ""


_LEVEL_NAMES = {"dac khu": "đặc khu", "thanh pho": "thành phố", "tinh": "tỉnh", "huyen": "huyện",
                "thi xa": "thị xã", "quan": "quận", "xa": "xã", "phuong": "phường"}


def _named(kind: str, level: str, place: str, unit_words: list[str]) -> Body:
    unit = recase(" ".join(unit_words)) if unit_words and _UNIT_HEAD.match(fold(unit_words[0])) else ""
    council = f"{_BODY_SHORT[kind]} {level} {place}"
    return Body(f"{unit} {level} {place}" if unit else council, level=level, place=place, unit=unit)


# Type words a body's name opens with, one or two words long: the word after them starts the proper name.
_TYPE_WORDS = re.compile(r"^(trung tam|chi cuc|tong cuc|van phong|thanh tra|benh vien|uy ban|hoi dong|so|cuc|bo|ban|"
                         r"vu|phong|vien|truong|kho bac|thue)\b")


def recase(name: str, proper: bool = False) -> str:
    """A name printed in capitals in its usual case: 'SỞ Y TẾ' → 'Sở Y tế', 'TRUNG TÂM Y TẾ' → 'Trung tâm
    Y tế', 'CỤC HẢI QUAN' → 'Cục Hải quan'; a place name ('PHÚ QUỐC', proper=True) capitalises every word.
    Names already in mixed case are kept."""
    name = collapse(name).strip(" -*")
    if not name.isupper():
        return name
    words = name.lower().split()
    if proper:
        return " ".join(w[:1].upper() + w[1:] for w in words)
    m = _TYPE_WORDS.match(fold(name))
    head = len(m.group(1).split()) if m else 0
    cap = {0, head} if head < len(words) else {0}
    return " ".join(w[:1].upper() + w[1:] if i in cap else w for i, w in enumerate(words))


def body_from_site(value: str) -> Body:
    """The legal site's 'Nơi ban hành' box: 'Thủ tướng Chính phủ', 'Bộ Y tế', 'Cục Thuế' (national),
    'Tỉnh Nghệ An', 'Thành phố Hà Nội' (local)."""
    value = collapse(value)
    m = re.match(r"^(tỉnh|thành phố)\s+(.+)$", value, re.IGNORECASE)
    if m and province_name(m.group(2)):
        place = province_name(m.group(2))
        return Body(f"UBND {m.group(1).lower()} {place}", level=m.group(1).lower(), place=place)
    key = fold(value)
    central = {fold(name) for name, _ in CENTRAL_CODES.values()}
    if key in central or key in _MINISTRY_BY_KEY or (re.match(r"^(bo|cuc|tong cuc) ", key) and not province_in(value)):
        return Body(_MINISTRY_BY_KEY.get(key, value), national=True)
    return Body()


_PLACE_WORD = re.compile(r"\b(?:tỉnh|thành phố)\s+(?=((?:\S+\s*){1,6}))", re.IGNORECASE)


def provinces_named(text: str) -> list[str]:
    """Every real province the text names after 'tỉnh'/'thành phố', in order, in its usual spelling."""
    found = []
    for m in _PLACE_WORD.finditer(text):
        words = [w.strip(",.;:()*\"“”") for w in m.group(1).split()]
        name = next((province_name(" ".join(words[:n])) for n in range(len(words), 0, -1)
                     if province_name(" ".join(words[:n]))), "")
        if name:
            found.append(name)
    return found


def province_in(text: str) -> str:
    """The first real province named after 'tỉnh'/'thành phố' in the text, or ''."""
    return next(iter(provinces_named(text)), "")


def split_code(number: str, types: dict[str, str] = TYPE_CODES) -> tuple[str, str]:
    """(type code, issuer code) of a số hiệu: 'N/QĐ-TTg', 'N/2025/TT-BYT' (type, issuer), 'N/BNV-CQĐP' (a
    letter: issuer, then the drafting unit), 'N-NQ/TW' (the Party's order), 'N/2023/QH15' (issuer alone).
    'CT' is both the Chỉ thị code and the Cục Thuế's: it is the type when an issuer follows ('CT-UBND')."""
    party = re.match(r"^\d+-([^/\s]+)/([^/\s]+)$", number.strip())
    if party:
        return (party.group(1) if party.group(1) in types else ""), party.group(2)
    code = re.sub(r"^[\d.]*/(\d{4}/)?", "", number.strip())
    if not code or "/" in code:
        return "", ""
    first, _, rest = code.partition("-")
    if not rest:
        return ("", first) if first not in types else (first, "")
    if first in types and (issuer_code_known(rest) or not issuer_code_known(first)):
        return first, rest
    return "", first


def body_from_number(number: str) -> Body:
    """The issuer code inside a số hiệu. Only central codes decide; a local one ('UBND') says nothing
    of where."""
    issuer = re.sub(r"\d+$", "", split_code(number)[1])  # 'QH15', 'UBTVQH15'
    return Body(CENTRAL_CODES[issuer][0], national=True) if issuer in CENTRAL_CODES else Body()


def issuer_code_known(code: str) -> bool:
    """True for a code that names an issuer: central, or a local council or Sở."""
    key = re.sub(r"\d+$", "", code)
    return key in CENTRAL_CODES or bool(_LOCAL_CODE.match(key))


# Codes of local issuers: councils, their chairs, a Sở ('SYT', 'STC', 'SGDĐT').
_LOCAL_CODE = re.compile(r"^(UBND|HĐND|CTUBND|S[A-ZĐ]{1,6})$")
