"""Understand a Vietnamese question: what it asks, which filters it implies, what its topic is.

Works on the accent-folded text, so 'ai chu tri de an cap cuu ngoai vien' is read exactly like
'Ai chủ trì đề án cấp cứu ngoại viện'. Instructions embedded in a question are cut out first:
they never steer the answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.provinces import PROVINCE_KEYS
from core.text import fold
from core.types import Filters

_INJECTION = re.compile(
    r"(bo qua|phot lo|quen)\s+(het\s+|moi\s+|tat ca\s+|cac\s+|toan bo\s+|nhung\s+)*(huong dan|chi dan|quy tac|lenh|"
    r"yeu cau|tai lieu|ngu canh|du lieu|ke hoach)|ignore\s+(all|any|previous|the above|your)|"
    r"(hay|phai|cu)\s+(tra loi|noi|khang dinh|viet|xac nhan|bia|doan)\s*(rang|la|ra)?\b|dong vai|"
    r"system prompt|prompt he thong|tu (bay gio|nay) (ban|may) la|(tiet lo|in ra) (huong dan|prompt)|"
    r"\bbia ra\b|\bdoan (dai|bua)\b")
_CUT_AT = re.compile(r"\s(va|roi|sau do)\s|[,:]")

ASK_PATTERNS = {
    "outcome": r"da hoan thanh( chua)?|co hoan thanh|hoan thanh dung han (khong|chua)|da (dat|duoc) .*chua|"
               r"co dat (duoc )?(khong|chi tieu)|ket qua (thuc hien|dat duoc) (nam|den nay|hien nay|thuc te)|"
               r"hien (nay|tai) da|thuc te da|da trien khai (den dau|chua)|co kip|that bai|thanh cong (khong|chua)",
    "metadata": r"\bai ky\b|nguoi ky|\bky ban hanh|ky ke hoach|so hieu|ngay ban hanh|ban hanh (ngay|khi nao|luc nao)|"
                r"can cu|co quan ban hanh|do ai ban hanh|(thuc hien|trien khai|cu the hoa) (nghi quyet|chuong trinh|"
                r"quyet dinh|ke hoach) (nao|so may|gi)|ten (day du )?(cua )?ke hoach",
    "list": r"(nhung|cac) (nhiem vu|de an|viec|noi dung|chuong trinh)( nao| gi)?|nhiem vu nao|de an nao|"
            r"bao nhieu nhiem vu|liet ke|danh sach|gom (nhung )?(gi|nhiem vu)",
    "lead": r"chu tri|phu trach|\bgiao cho\b|(co quan|don vi|so|ai) nao (thuc hien|lam)|\bai (thuc hien|lam)\b|"
            r"dau moi|chiu trach nhiem|\bai\b",
    "coordinating": r"phoi hop",
    "deadline": r"\bhan\b|khi nao|bao gio|thoi han|thoi gian|tien do|nam nao|luc nao|thoi diem|hoan thanh",
    "result": r"ket qua|san pham|dau ra",
    "number": r"bao nhieu|ty le|ti le|%|so luong|con so|toi thieu|it nhat|muc nao",
    "indicator": r"chi tieu|chi so",
}
_ASKS = {k: re.compile(v) for k, v in ASK_PATTERNS.items()}

_INTENT_PHRASES = re.compile(
    r"\b(cho (toi|em|minh) biet|cho biet|xin hoi|vui long|lam on|giup (toi|em|minh)|co quan nao|don vi nao|"
    r"chu tri|phoi hop|han chot|han cuoi|thoi han|thoi gian (hoan thanh|thuc hien)|khi nao|bao gio|nam nao|"
    r"luc nao|hoan thanh|bao nhieu|la gi|nhu the nao|the nao|ra sao|the nao|ke hoach|nhiem vu|"
    r"phu trach|thuc hien|trien khai|giao cho|dat duoc|phan dau|lay tu dau|tu dau|o dau|nguon nao|"
    r"gom nhung gi|bao gom|cu the|noi dung|de cap|nhung gi|co khong|duoc khong|la bao nhieu|muc nao|"
    r"giao cho ai|giao ai|ai duoc giao|duoc giao)\b")
_STOP = set("ai la gi nao han cua ve cho trong o tai va hay co khong duoc nhung cac mot theo thi sao con voi "
            "den tu ma nay do thi nhe a vay the toi em minh anh chi ban biet hoi xin vui long giup viec "
            "tinh thanh pho dac khu huyen xa phuong nam quy xong nhi ha oi day kia roi chua gium luon tui".split())
_LOCATIVE = (r"(?:\bo|\btai|\bcua|\btinh|\bthanh pho|\btp\.?|\bdac khu|\bhuyen|\bxa|\bphuong|\bdia ban|\bben|"
             r"\bke hoach|\bubnd|\buy ban nhan dan)\s+")
_YEAR = re.compile(r"\b(20\d\d)\b")
_PLAN_NO = re.compile(r"\b(\d{1,4})\s*/\s*(?:kh|qd|nq)\b|\bke hoach (?:so )?(\d{1,4})\b")


@dataclass
class Catalog:
    """What the index knows: places and lead agencies (folded key → display name), plan numbers → file."""
    places: dict[str, str] = field(default_factory=dict)
    plan_numbers: dict[str, str] = field(default_factory=dict)
    leads: dict[str, str] = field(default_factory=dict)


@dataclass
class Question:
    text: str
    clean: str
    folded: str
    injection: bool
    asks: set[str]
    topic: list[str]
    filters: Filters
    unknown_place: str | None = None
    years: list[int] = field(default_factory=list)

    @property
    def is_list(self) -> bool:
        return "list" in self.asks


def strip_injection(text: str) -> tuple[str, bool]:
    """Cut instruction-like spans out of the question; keep any real question after them."""
    kept, found = [], False
    for sentence in re.split(r"(?<=[.!?;\n])\s*", text):
        m = _INJECTION.search(fold(sentence))
        if not m:
            kept.append(sentence)
            continue
        found = True
        cut = _CUT_AT.search(fold(sentence), m.end())
        if cut and not _INJECTION.search(fold(sentence)[cut.end():]):
            kept.append(sentence[cut.end():])
    return " ".join(s.strip() for s in kept if s.strip()), found


def analyze(text: str, catalog: Catalog) -> Question:
    clean, injection = strip_injection(text)
    folded = fold(clean)
    asks = {name for name, pat in _ASKS.items() if pat.search(folded)}
    province, unknown, rest = _places(folded, catalog)
    years = [int(y) for y in _YEAR.findall(folded)]
    plan, rest = _plan(rest, catalog)
    lead, rest = _lead(rest, catalog) if "list" in asks else (None, rest)
    filters = Filters(province=province, plan=plan, lead=lead)
    if "list" in asks and years:
        filters.year_from, filters.year_to = min(years), max(years)
        rest = _YEAR.sub(" ", rest)
    return Question(text=text, clean=clean, folded=folded, injection=injection, asks=asks,
                    topic=topic_tokens(rest), filters=filters, unknown_place=unknown, years=years)


def topic_tokens(folded: str) -> list[str]:
    folded = _INTENT_PHRASES.sub(" ", folded)
    return [t for t in re.findall(r"[a-z0-9]+", folded) if t not in _STOP]


def _places(folded: str, catalog: Catalog) -> tuple[str | None, str | None, str]:
    """A known place anywhere after a locative word (or first in the question) filters the search;
    a province the index has no plan for is reported so the answer can say so."""
    for key in sorted(catalog.places, key=len, reverse=True):
        if re.search(rf"(^|{_LOCATIVE}){re.escape(key)}\b", folded):
            return catalog.places[key], None, re.sub(rf"{_LOCATIVE}?{re.escape(key)}\b", " ", folded)
    for key in PROVINCE_KEYS:
        if key not in catalog.places and re.search(rf"(^|{_LOCATIVE}){re.escape(key)}\b", folded):
            return None, key, folded
    return None, None, folded


def _plan(folded: str, catalog: Catalog) -> tuple[str | None, str]:
    m = _PLAN_NO.search(folded)
    if not m:
        return None, folded
    number = m.group(1) or m.group(2)
    for key, source in catalog.plan_numbers.items():
        if key.split("/")[0] == number:
            return source, folded[:m.start()] + " " + folded[m.end():]
    return None, folded


def _lead(folded: str, catalog: Catalog) -> tuple[str | None, str]:
    """An agency named as the one that leads: 'do Sở Y tế …' or 'Sở Y tế (sẽ/được) chủ trì'."""
    for key in sorted(catalog.leads, key=len, reverse=True):
        k = re.escape(key)
        if re.search(rf"\bdo {k}\b|\b{k} (?:(?:se|duoc|dang|phai) )?chu tri", folded):
            return catalog.leads[key], re.sub(rf"\b(do )?{k}\b", " ", folded)
    return None, folded
