"""Understand a Vietnamese question: what it asks, which filters it implies, what its topic is.

Works on the accent-folded text, so 'ai chu tri de an cap cuu ngoai vien' is read exactly like
'Ai chủ trì đề án cấp cứu ngoại viện'. Instructions embedded in a question are cut out first:
they never steer the answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.provinces import PROVINCE_KEYS
from core.text import fold, has_diacritics, nfc, syllables, toned_syllables

_WORD_OR_NUMBER = re.compile(r"[^\W\d_]+|\d+")
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
    "metadata": r"\bai ky\b|nguoi ky|\bky ban hanh|ky ke hoach|so hieu|ngay ban hanh|"
                r"ban hanh (vao )?(ngay|nam|thang|khi nao|luc nao|bao gio)|can cu|co quan ban hanh|"
                r"(ai|co quan|don vi|cap) nao ban hanh|do ai ban hanh|(thuc hien|trien khai|cu the hoa) "
                r"(nhung |cac )?(nghi quyet|chuong trinh( hanh dong)?|quyet dinh|ke hoach|chi thi) "
                r"(nao|so may|so bao nhieu|gi)\b|"
                r"ten (day du )?(cua )?ke hoach",
    "list": r"(nhung|cac) (nhiem vu|de an|viec|noi dung|chuong trinh)( nao| gi)?|nhiem vu nao|de an nao|"
            r"bao nhieu nhiem vu|liet ke|danh sach|gom (nhung )?(gi|nhiem vu)",
    "lead": r"chu tri|phu trach|\bgiao cho\b|(co quan|don vi|so|ai) nao (thuc hien|lam)|\bai (thuc hien|lam)\b|"
            r"dau moi|chiu trach nhiem|\bai\b",
    "coordinating": r"phoi hop",
    "deadline": r"\bhan\b|khi nao|bao gio|thoi han|thoi gian|tien do|nam nao|luc nao|thoi diem|hoan thanh|ngay nao",
    "result": r"ket qua|san pham|dau ra",
    "describe": r"la gi|nhu the nao|the nao|ra sao|gom (nhung )?gi|nhung gi|co gi|nhiem vu gi|trach nhiem gi|"
                r"lam gi|viec gi|lay tu dau|tu dau|o dau",
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
    r"giao cho ai|giao ai|ai duoc giao|duoc giao|san pham( dau ra)?|ket qua( can dat)?|dau ra|can dat|"
    r"thoi gian|(truoc )?ngay nao|thang nao|trach nhiem|nhiem vu gi|lam gi|viec gi|duoc phan cong|"
    r"(de|dat|neu|dua) ra|it nhat|toi thieu|dat (muc tieu|chi tieu)|phan dau)\b")
_STOP = set("ai la gi nao han cua ve cho trong o tai va hay co khong duoc nhung cac mot theo thi sao con voi "
            "den tu ma nay do thi nhe a vay the toi em minh anh chi ban biet hoi xin vui long giup viec "
            "tinh thanh pho dac khu huyen xa phuong nam quy xong nhi ha oi day kia roi gium luon tui "
            "phai muon cai ay nha ne ho se".split())
_LOCATIVE = (r"(?:\bo|\btai|\bcua|\btinh|\bthanh pho|\btp\.?|\bdac khu|\bhuyen|\bxa|\bphuong|\bdia ban|\bben|"
             r"\bke hoach|\bubnd|\buy ban nhan dan)\s+")
_YEAR = re.compile(r"\b(20\d\d)\b")
# Verbs that fold onto content words ('giao' assign → 'giáo' dục, 'làm' → 'lâm'); only their
# exact unaccented spelling in an accented question is dropped.
_ACCENTED_FILLERS = re.compile(r"(?<![\w])(giao|làm|đưa)(?![\w])")
_MEASURE_SKIP = {"phan", "tram", "la", "nam", "lan", "so", "con", "diem"}
_PLAN_NO = re.compile(r"\bke hoach (?:so )?(\d{1,4})(?:\s*/\s*[a-z]{1,4}(?:-[a-z]{1,6})*)?\b|"
                      r"\b(\d{1,4})\s*/\s*(?:kh|qd|nq)(?:-[a-z]{1,6})*\b")


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
    pairs: list[tuple[str, str]] = field(default_factory=list)
    measure: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)  # agency keys the question names (not as a filter)
    accented: bool = False  # typed with diacritics: topic, pairs and measure keep them (see toned_syllables)
    folded_topic: list[str] = field(default_factory=list)

    def tokens(self, text: str) -> list[str]:
        """Tokenise evidence the way the topic was tokenised."""
        return toned_syllables(text) if self.accented else syllables(text)

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
    folded = fold(_ACCENTED_FILLERS.sub(" ", clean))
    asks = {name for name, pat in _ASKS.items() if pat.search(folded)}
    if re.search(r"\bmấy\b", clean.lower()) or (not has_diacritics(clean) and re.search(r"\bmay\b", folded)):
        asks.add("number")  # 'mấy' (how many); spelled without marks it may also be 'máy' (machine)
    province, unknown, rest = _places(folded, catalog)
    years = [int(y) for y in _YEAR.findall(folded)]
    plan, rest = _plan(rest, catalog)
    lead, rest = _lead(rest, catalog) if "list" in asks else (None, rest)
    filters = Filters(province=province, plan=plan, lead=lead)
    if "list" in asks and years:
        filters.year_from, filters.year_to = min(years), max(years)
        rest = _YEAR.sub(" ", rest)
    agencies, without = _agencies(rest, catalog) if "list" not in asks else ([], rest)
    topic, pairs = topic_terms(without)
    if agencies and not topic:  # the agency is what the question is about
        topic, pairs = topic_terms(rest)
    measure = _measure(folded) if "number" in asks else []
    q = Question(text=text, clean=clean, folded=folded, injection=injection, asks=asks, topic=topic,
                 filters=filters, unknown_place=unknown, years=years, pairs=pairs, measure=measure,
                 agencies=agencies, folded_topic=topic)
    if has_diacritics(clean):
        q.accented = True
        q.topic, q.pairs, q.measure = _toned_view(clean, topic, pairs, measure)
    return q


def _toned_view(clean: str, topic: list[str], pairs: list[tuple[str, str]], measure: list[str]):
    """Map folded topic words back to the question's own accented words, position by position."""
    words = _WORD_OR_NUMBER.findall(nfc(clean).lower())
    folded = [syllables(w)[0] if syllables(w) else w for w in words]
    toned = [toned_syllables(w)[0] for w in words]

    def place(tokens: list[str]) -> list[int]:
        idx, pos = [], 0
        for t in tokens:
            pos = next((j for j in range(pos, len(folded)) if folded[j] == t), len(folded))
            if pos == len(folded):
                return []
            idx.append(pos)
            pos += 1
        return idx

    where = place(topic)
    if len(where) != len(topic):
        return topic, pairs, measure
    pair_set = set(pairs)
    new_pairs = [(toned[a], toned[b]) for (a, b), (x, y) in zip(zip(where, where[1:]), zip(topic, topic[1:]))
                 if b == a + 1 and (x, y) in pair_set]
    spots = place(measure)
    return [toned[i] for i in where], new_pairs, [toned[i] for i in spots] if len(spots) == len(measure) else measure


def topic_terms(folded: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Content words of the question and the pairs of them that stand side by side in it."""
    folded = _INTENT_PHRASES.sub(" | ", folded)
    seq: list[str | None] = []
    for token in re.findall(r"[a-z]+|[0-9]+|[|,;.?!:]", folded):
        token = syllables(token)[0] if token[0].isalnum() else token
        seq.append(token if token[0].isalnum() and token not in _STOP else None)
    return [t for t in seq if t], [(a, b) for a, b in zip(seq, seq[1:]) if a and b]


def topic_tokens(folded: str) -> list[str]:
    return topic_terms(folded)[0]


def _measure(folded: str) -> list[str]:
    """The counted thing in 'bao nhiêu giường bệnh' / 'mấy loại vắc xin' / 'Lương của … là bao nhiêu':
    the evidence must mention it."""
    m = re.search(r"\b(?:bao nhieu|may)\s+([a-z]+)(?:\s+([a-z]+))?", folded)
    head = re.match(r"^([a-z]+)(?: ([a-z]+))? cua\b.*\bla bao nhieu\b", folded)
    groups = m.groups() if m and m.group(1) not in _STOP | _MEASURE_SKIP else head.groups() if head else ()
    words: list[str] = []
    for word in groups:
        if not word or word in _STOP or word in _MEASURE_SKIP:
            break
        words.append(syllables(word)[0])
    return words


def _places(folded: str, catalog: Catalog) -> tuple[str | None, str | None, str]:
    """The first known place named after a locative word (or opening the question) filters the
    search; known place names elsewhere only leave the topic. A province the index has no plan for
    is reported, so the answer can say so instead of answering for another province."""
    located = []
    for key in catalog.places:
        m = re.search(rf"(^|{_LOCATIVE}){re.escape(key)}\b", folded)
        if m:
            located.append((m.start(), -len(key), key))
    rest = folded
    for key in sorted(catalog.places, key=len, reverse=True):
        rest = re.sub(rf"(?:{_LOCATIVE})?\b{re.escape(key)}\b", " | ", rest)
    if located:
        return catalog.places[min(located)[2]], None, rest
    for key in PROVINCE_KEYS:
        if key not in catalog.places and re.search(rf"(^|{_LOCATIVE}){re.escape(key)}\b", folded):
            return None, key, rest
    return None, None, rest


def _plan(folded: str, catalog: Catalog) -> tuple[str | None, str]:
    m = _PLAN_NO.search(folded)
    if not m:
        return None, folded
    number = m.group(1) or m.group(2)
    for key, source in catalog.plan_numbers.items():
        if key.split("/")[0] == number:
            return source, folded[:m.start()] + " " + folded[m.end():]
    return None, folded


def _agencies(folded: str, catalog: Catalog) -> tuple[list[str], str]:
    """Agencies named in the question; they steer towards rows they lead or coordinate."""
    found = []
    for key in sorted(catalog.leads, key=len, reverse=True):
        if len(key.split()) >= 2 and re.search(rf"\b{re.escape(key)}\b", folded):
            found.append(key)
            folded = re.sub(rf"\b{re.escape(key)}\b", " | ", folded)
    return found, folded


def _lead(folded: str, catalog: Catalog) -> tuple[str | None, str]:
    """An agency named as the one that leads: 'do Sở Y tế …' or 'Sở Y tế (sẽ/được) chủ trì'."""
    for key in sorted(catalog.leads, key=len, reverse=True):
        k = re.escape(key)
        if re.search(rf"\bdo {k}\b|\b{k} (?:(?:se|duoc|dang|phai) )?chu tri", folded):
            return catalog.leads[key], re.sub(rf"\b(do )?{k}\b", " ", folded)
    return None, folded
