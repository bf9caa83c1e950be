"""Names of Vietnam's provinces and centrally-run cities, before and after the 2025 merger.

Used to tell a question about a place the index has no plan for ("ở Hà Nội …") from one about
an indexed place, so the assistant can say so instead of answering from another province; and to
give every document's `province` its usual spelling and keep anything that is not a real province
(a header cell glued to 'Số: …', a district, a misspelling) out of province lists and filters.
"""
from __future__ import annotations

import re

from core.text import fold

# The 63 provinces and centrally-run cities before 1 July 2025, in their usual spelling.
PROVINCES_63 = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định",
    "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cần Thơ", "Cao Bằng", "Đà Nẵng", "Đắk Lắk", "Đắk Nông",
    "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương",
    "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ",
    "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Hồ Chí Minh",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]
# The 34 after the merger (Nghị quyết 202/2025/QH15): each kept one of the old names, except Huế, which
# became a centrally-run city under its own name in January 2025.
PROVINCES_34 = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]
# Other ways documents and users write a province, and the usual spelling each stands for.
ALIASES = {
    "Thành phố Hồ Chí Minh": "Hồ Chí Minh", "TP.HCM": "Hồ Chí Minh", "TPHCM": "Hồ Chí Minh", "TP HCM": "Hồ Chí Minh",
    "Sài Gòn": "Hồ Chí Minh", "Bà Rịa Vũng Tàu": "Bà Rịa - Vũng Tàu", "Thừa Thiên - Huế": "Thừa Thiên Huế",
    "Bắc Cạn": "Bắc Kạn", "Đăk Lăk": "Đắk Lắk", "Đắc Lắc": "Đắk Lắk", "Đăk Nông": "Đắk Nông", "Kon Tum": "Kon Tum",
}

# What questions may name (kept as it was: bot/answering/query.py and bot/answering/compose.py match and display these).
PROVINCES = [p for p in PROVINCES_63 if p != "Hồ Chí Minh"] + [
    "Bà Rịa Vũng Tàu", "Huế", "Thành phố Hồ Chí Minh", "Hồ Chí Minh", "TP.HCM", "TPHCM", "Sài Gòn"]

PROVINCE_KEYS = sorted({fold(p) for p in PROVINCES}, key=len, reverse=True)


def _key(name: str) -> str:
    """Folded, with the dash of 'Bà Rịa - Vũng Tàu' and any dots spelled as a space."""
    return fold(re.sub(r"[\-–.]+", " ", name))


_USUAL = {_key(p): p for p in PROVINCES_63 + PROVINCES_34} | {_key(a): p for a, p in ALIASES.items()}


def province_name(text: str) -> str:
    """The usual spelling of the province `text` names ('NGHỆ AN', 'Thanh Hoá', 'TP.HCM'), or '' when it is
    not one: a district, a header glued to 'Số: …', a misspelling never reach a province list."""
    return _USUAL.get(_key(text or ""), "")
