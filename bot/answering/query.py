"""Understand a Vietnamese question: what it asks, which filters it implies, what its topic is.

Works on the accent-folded text, so 'ai chu tri de an cap cuu ngoai vien' is read exactly like
'Ai chủ trì đề án cấp cứu ngoại viện'. Instructions embedded in a question are cut out first:
they never steer the answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from bot.answering.lexicon import asked_kinds, lexicon
from bot.answering.roles import role_patterns
from bot.answering.message import question_part, statements, strip_injection
from core.provinces import PROVINCE_KEYS
from core.text import ABBREVIATIONS, fold, has_diacritics, nfc, syllables, toned_syllables

from core.types import Filters

_WORD_OR_NUMBER = re.compile(r"[^\W\d_]+|\d+")

# What a question asks, the wording cut out of its topic, comparison wording and stop words: one data
# file, prompts/question_words.toml (see bot/answering/lexicon.py).
_LEX = lexicon()
_STOP, _TONED_STOPS = set(_LEX.stop), set(_LEX.toned_stop)
_LOCATIVE = (r"(?:\bo|\btai|\bcua|\btinh|\bthanh pho|\btp\.?|\bdac khu|\bhuyen|\bxa|\bphuong|\bdia ban|\bben|"
             r"\bke hoach|\bubnd|\buy ban nhan dan|\bcon)\s+")
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
    coordinators: dict[str, str] = field(default_factory=dict)  # agencies named in a coordination cell
    # agencies a section heading assigns work to ('2.3. Sở Tài chính'): who a list question may ask
    # about, though no task row names them; not steering other questions (their words are the topic)
    heads: dict[str, str] = field(default_factory=dict)


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
    compare: bool = False  # "ở các kế hoạch khác nhau", "mỗi kế hoạch", "so sánh": answer every plan
    places: list[str] = field(default_factory=list)  # every place named; with two or more, each plan is answered
    unread: str | None = None  # a condition read only in part ('tháng 6/2026' filtered by its year): said in the answer

    def tokens(self, text: str) -> list[str]:
        """Tokenise evidence the way the topic was tokenised."""
        return toned_syllables(text) if self.accented else syllables(text)

    @property
    def is_list(self) -> bool:
        return "list" in self.asks


def analyze(text: str, catalog: Catalog) -> Question:
    whole, injection = strip_injection(text)
    asked = question_part(whole)
    context = whole if asked != whole else ""
    q = _read(text, asked, injection, catalog, context)
    if context and not q.topic:  # it leans on the sentence before: '… chuyên sâu. Ngoài Sở Y tế thì ai phối hợp?'
        return _read(text, whole, injection, catalog)
    stated = statements(whole) if context else ""
    if stated:  # its topic is the question's words and the stated ones; what it asks, and filters, are the question's
        with_stated = _read(text, f"{stated} {asked}", injection, catalog, context)
        q = replace(q, clean=with_stated.clean, topic=with_stated.topic, pairs=with_stated.pairs,
                    folded_topic=with_stated.folded_topic, accented=with_stated.accented)
    return q


def _read(text: str, clean: str, injection: bool, catalog: Catalog, context: str = "") -> Question:
    """The question read from its asking sentences; `context`, the whole message, only names the place
    when they do not ('Mình làm ở Kiên Giang. … thì phối hợp với sở nào?')."""
    folded = fold(_ACCENTED_FILLERS.sub(" ", clean))
    asks = asked_kinds(folded)
    if re.search(r"\b(han|thoi han|phai|du kien|can)\b", folded):
        asks.discard("approval")  # 'phải được phê duyệt trước khi nào' asks the task's deadline
    if re.search(r"(?<!ngày )(?<!tháng )(?<!năm )(?<!quý )\bmấy\b", clean.lower()) or (
            not has_diacritics(clean) and re.search(r"(?<!ngay )(?<!thang )(?<!nam )(?<!quy )\bmay\b", folded)):
        asks.add("number")  # 'mấy' (how many), not 'ngày mấy' (which date); unaccented it may be 'máy' (machine)
    roles, rest = _roles(folded, catalog, fold(clean)) if "list" in asks else ({}, folded)  # before places take 'tỉnh'
    places, unknown, rest = _places(rest, catalog, folded)
    if context and not places and not unknown:
        places = _places(fold(context), catalog, fold(context))[0]
    province = places[0] if len(places) == 1 else None  # several places: each is answered (see decide)
    years = [int(y) for y in _YEAR.findall(folded)]
    period, rest = read_period(rest) if "list" in asks else ({}, rest)  # before the plan number leaves the text
    unread = period.pop("unread", None)
    plan, rest = _plan(rest, catalog)
    filters = Filters(province=province, plan=plan, **roles, **period)
    agencies, without = _agencies(rest, catalog) if "list" not in asks else ([], rest)
    q = Question(text=text, clean=clean, folded=folded, injection=injection, asks=asks, topic=[],
                 filters=filters, unknown_place=unknown, years=years, agencies=agencies,
                 accented=has_diacritics(clean), measure=_measure(folded) if "number" in asks else [],
                 compare=bool(_LEX.comparison.search(fold(context) or folded)) or len(places) > 1,  # 'So sánh giúp tôi.'
                 places=places, unread=unread)
    _set_topic(q, without)
    if agencies and not q.topic:  # the agency is what the question is about
        _set_topic(q, rest)
    return q


def _set_topic(q: Question, rest: str) -> None:
    """Topic words and adjacent pairs; an accented question keeps its diacritics and its own stop
    words ('dược' stays, 'được' goes), an unaccented one drops only unambiguous function words."""
    seq = _sequence(rest)
    toned = _toned_sequence(q.clean, seq) if q.accented else None
    content = [t for t in toned or [] if t and t not in _TONED_STOPS]
    if content and sum(t.isascii() and t.endswith("0") for t in content) * 2 > len(content):
        toned = None  # half typed without marks ('Ai chủ trì de an cap cuu?'): matched without them
    if toned is None:
        q.accented = False
        q.topic, q.pairs = _filter(seq, _STOP)
        q.folded_topic = q.topic
        return
    q.topic, q.pairs = _filter(toned, _TONED_STOPS)
    q.folded_topic = [f for f, t in zip(seq, toned) if t and t not in _TONED_STOPS]
    q.measure = _toned_sequence(q.clean, q.measure) or q.measure


def _sequence(folded: str) -> list[str | None]:
    """The question's words after intent phrases are cut out; None marks a cut or punctuation."""
    folded = _LEX.wording.sub(" | ", _LEX.comparison.sub(" | ", folded))  # comparison first: it holds "kế hoạch"
    return [syllables(t)[0] if t[0].isalnum() else None for t in re.findall(r"[a-z]+|[0-9]+|[|,;.?!:]", folded)]


def _filter(seq: list[str | None], stops: set[str]) -> tuple[list[str], list[tuple[str, str]]]:
    kept = [t if t and t not in stops else None for t in seq]
    return [t for t in kept if t], [(a, b) for a, b in zip(kept, kept[1:]) if a and b]


def _toned_sequence(clean: str, seq: list[str | None]) -> list[str | None] | None:
    """The same words as written, with their diacritics, matched position by position."""
    words = _WORD_OR_NUMBER.findall(nfc(clean).lower())
    folded = [syllables(w)[0] if syllables(w) else w for w in words]
    out: list[str | None] = []
    pos = 0
    for token in seq:
        if token is None:
            out.append(None)
            continue
        pos = next((j for j in range(pos, len(folded)) if folded[j] == token), -1)
        if pos < 0:
            return None
        out.append(toned_syllables(words[pos])[0])
        pos += 1
    return out


def topic_terms(folded: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Content words of an unaccented text and the pairs of them that stand side by side in it."""
    return _filter(_sequence(folded), _STOP)


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


@lru_cache(maxsize=100_000)
def _rx(pattern: str, flags: int = 0) -> re.Pattern:
    """Patterns built from catalog names, compiled once each: with hundreds of places and agencies,
    re's own 512-entry cache thrashed and recompiled them on every question."""
    return re.compile(pattern, flags)


# 'Sở Nội vụ An Giang', 'Công an An Giang': a province's own department names the province (read in the
# question as said, before the agency left the text; 'cơ sở' is not 'Sở'; a name may hold commas:
# 'Sở Văn hóa, Thể thao và Du lịch Quảng Ngãi').
_DEPARTMENT = r"(?<!co )\b(?:so [a-z]+(?:,? [a-z]+){0,6}?|cong an|ubnd|uy ban nhan dan|bhxh|bao hiem xa hoi)(?: tinh)? "


def _places(folded: str, catalog: Catalog, original: str = "") -> tuple[list[str], str | None, str]:
    """The first known place named after a locative word (or opening the question), and those joined
    to it ('ở An Giang và Kiên Hải', 'An Giang, Quảng Ngãi'), filter the search; known place
    names elsewhere only leave the topic. A province the index has no plan for is reported, so the
    answer can say so instead of answering for another province."""
    found: dict[str, tuple[int, int]] = {}
    for before, text in ((rf"(^|{_LOCATIVE})", folded), (_DEPARTMENT, original or folded)):
        if not found:  # the first context that names a place wins
            found = {key: (m.start(), -len(key)) for key in catalog.places
                     for m in [_rx(rf"{before}{re.escape(key)}\b").search(text)] if m}
    located = {min(found, key=found.get): 0} if found else {}  # the first; 'của tỉnh X' later only names X
    while located:  # a place joined by 'và', ',' or 'hoặc' to a located one is located too
        joined = "|".join(re.escape(k) for k in located)
        more = {key: m.start() for key in catalog.places if key not in located
                for m in [_rx(rf"\b(?:{joined})\s*(?:,|va|hoac)\s*(?:{_LOCATIVE})?{re.escape(key)}\b").search(folded)]
                if m}
        if not more:
            break
        located.update(more)
    rest = folded
    for key in sorted(catalog.places, key=len, reverse=True):
        rest = _rx(rf"(?:{_LOCATIVE})?\b{re.escape(key)}\b").sub(" | ", rest)
    if located:
        names = [catalog.places[k] for k in sorted(located, key=lambda k: (located[k], -len(k)))]
        return list(dict.fromkeys(names)), None, rest
    for key in PROVINCE_KEYS:
        if key not in catalog.places and _rx(rf"(^|{_LOCATIVE}){re.escape(key)}\b").search(folded):
            return [], key, _rx(rf"(?:{_LOCATIVE})?\b{re.escape(key)}\b").sub(" | ", rest)
    return [], None, rest


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
        if len(key.split()) >= 2 and _rx(rf"\b{re.escape(key)}\b").search(folded):
            found.append(key)
            folded = _rx(rf"\b{re.escape(key)}\b").sub(" | ", folded)
    return found, folded


@lru_cache(maxsize=100_000)
def _spellings(key: str) -> str:
    """An agency key as a pattern that also accepts its abbreviations as people type them ('Phòng
    VH-XH' for 'phong van hoa - xa hoi', 'UBND' for 'uy ban nhan dan')."""
    short = key
    for abbr, full in ABBREVIATIONS.items():
        short = short.replace(full, abbr)
    forms = sorted({re.escape(key), re.escape(short)}, key=len, reverse=True)
    return f"(?:{'|'.join(forms)})"


def _roles(folded: str, catalog: Catalog, said: str = "") -> tuple[dict[str, str], str]:
    """Agencies named as the one that leads ('do Sở Y tế …', 'Sở Y tế chủ trì') and the one that
    coordinates ('Sở Tài chính phối hợp …'): {role: name as the plans print it}, and the rest of the text."""
    found: dict[str, str] = {}
    for role, pattern in role_patterns():  # the verbs of prompts/roles.toml
        table = catalog.heads | catalog.leads if role == "lead" else catalog.coordinators
        for key in sorted(table, key=len, reverse=True):
            k = _spellings(key)
            if _rx(pattern.format(k=k)).search(said or folded):  # as said: 'phải làm' keeps its verb
                found[role] = table[key]
                folded = _rx(rf"\b(do )?{k}\b").sub(" ", folded)
                break
    return found, folded


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Y = r"(?:nam )?(20\d\d)"
# How a list question bounds the deadline (folded text) → the bounds it sets, with the reason. First
# match wins; what is matched leaves the topic. Bare years fall through to the last row.
PERIOD_PATTERNS = [
    (r"\b(?:(?:truoc|den|toi|han|cham nhat) )?(?:ngay )?(\d{1,2}/\d{1,2}/(20\d\d))\b|"
     r"\b(?:(?:truoc|den|toi|han|trong) )?thang (\d{1,2})\s*(?:/|nam)\s*(20\d\d)\b",
     lambda m: {"year_from": int(m[2] or m[4]), "year_to": int(m[2] or m[4]),
                "unread": m[1] or f"tháng {m[3]}/{m[4]}"},
     "'hạn tháng 6/2026', 'trước 30/6/2026': plans set deadlines by quarter or year, so the year is the "
     "condition and the answer says the day or month was not used"),
    (rf"\bquy (iv|i{{1,3}}|[1-4])\b(?:\s*(?:/|-|nam)\s*(20\d\d))?",
     lambda m: {"quarter": _ROMAN[m[1]], "year_from": _int(m[2]), "year_to": _int(m[2])},
     "'hạn Quý IV/2026': that quarter (of that year when one is named)"),
    (rf"\b(?:tu )?{_Y}\s*(?:-|den|toi)\s*{_Y}",
     lambda m: {"year_from": int(m[1]), "year_to": int(m[2])}, "'từ 2026 đến 2028', '2026 - 2030': a range"),
    (rf"\b(?:tu )?{_Y} tro (?:di|ve sau)|\btu {_Y}", lambda m: {"year_from": int(m[1] or m[2])},
     "'từ năm 2027 trở đi', 'từ 2027': that year or later"),
    (rf"\bsau {_Y}", lambda m: {"year_from": int(m[1]) + 1}, "'sau năm 2026': later years only"),
    (rf"\btruoc {_Y}", lambda m: {"year_to": int(m[1]) - 1}, "'trước năm 2028': due by the end of 2027"),
    (rf"\b(?:den|toi|cham nhat(?: la)?) (?:het )?{_Y}", lambda m: {"year_to": int(m[1])},
     "'đến (hết) năm 2026', 'chậm nhất 2026': that year or earlier"),
    (r"\b(20\d\d)\b", lambda m: {"year_from": int(m[1]), "year_to": int(m[1])}, "'hạn năm 2026': that year"),
]
_PERIODS = [(re.compile(p), bounds) for p, bounds, _ in PERIOD_PATTERNS]


def _int(text: str | None) -> int | None:
    return int(text) if text else None


# Years that name a document or a programme, not a deadline: 'Kế hoạch 186/KH-UBND năm 2025', 'Chiến lược
# … giai đoạn 2026-2030', 'ban hành năm 2024' (a pasted paragraph is full of them).
_DESCRIBED = re.compile(r"\b(giai doan|ke hoach|chuong trinh|chien luoc|de an|nghi quyet|quyet dinh|chi thi|ban hanh|"
                        r"ky|tam nhin|kh-ubnd|qd-ttg|ctr/tu)\b[^,;.?!|]{0,40}$")


def read_period(folded: str) -> tuple[dict, str]:
    """The deadline bounds a list question sets, and the text without them."""
    for pattern, bounds in _PERIODS:
        found = [m for m in pattern.finditer(folded) if "quy" in m[0] or not _DESCRIBED.search(folded[:m.start()])]
        if found:
            first, last = bounds(found[0]), bounds(found[-1])  # 'năm 2026 và 2027': the years named, first to last
            span = {**first, **({"year_to": last["year_to"]} if "year_to" in last else {})}
            rest = folded
            for m in reversed(found):
                rest = rest[:m.start()] + " | " + rest[m.end():]
            return {k: v for k, v in span.items() if v is not None}, rest
    return {}, folded


_FOLLOW_UP = re.compile(r"^(con|the con|vay con|con ve|thi sao|the thi sao)\b|\b(thi sao|the nao|ra sao)\s*\??$")


def resolve_follow_up(question: str, previous: str | None, catalog: Catalog) -> str:
    """'Còn ở Quảng Ngãi thì sao?' after a question about An Giang asks the same about Quảng Ngãi.

    A short question that names a place or plan but no topic of its own borrows the previous
    question's topic; anything else is a new question."""
    if not previous:
        return question
    q = analyze(question, catalog)
    follows = _FOLLOW_UP.search(q.folded) or len(q.folded.split()) <= 6
    if q.topic and not (follows and len(q.topic) <= 1) or not follows:
        return question
    place = q.filters.province or (q.unknown_place and _display_place(q.unknown_place))
    base = _drop_places(previous, catalog)
    return f"{base.rstrip(' ?.')} ở {place}?" if place else question


def _display_place(key: str) -> str:
    from core.provinces import PROVINCES
    return next((p for p in PROVINCES if fold(p) == key), key)


def _drop_places(question: str, catalog: Catalog) -> str:
    names = sorted(set(catalog.places.values()), key=len, reverse=True)
    for name in names:
        question = _rx(rf"\s*(?:ở|tại|của|thuộc)?\s*(?:tỉnh|đặc khu|thành phố)?\s*{re.escape(name)}",
                       re.IGNORECASE).sub("", question)
    return question
