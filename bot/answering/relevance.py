"""How well a chunk or a sentence covers the question's topic words.

Coverage weighs each topic word by its rarity in the plans (IDF) and rewards words that appear
next to each other as in the question, so 'cấp cứu ngoại viện' beats a chunk that merely says
'cấp cứu' somewhere. It is the evidence test behind answering or abstaining.
"""
from __future__ import annotations

import re
from typing import Callable

from bot.answering.corpus import Corpus
from core.text import fold, syllables
from core.types import Chunk
from ingest.numbering import MIN_TITLE_AS_TEXT  # a numbered line this long is an item's text, not a heading

_SENTENCE_SPLIT = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ\-])|\n")
_LABEL = re.compile(r"^\W*(?:[IVX]+|\d+(?:\.\d+)*|[a-zđêôơư])[.)]\s+")
WHOLE_BODY_WORDS = 120


def coverage(topic: list[str], tokens: list[str], corpus: Corpus,
             topic_pairs: list[tuple[str, str]] | None = None) -> float:
    """IDF-weighted share of topic words present, blended with the share of the question's adjacent
    word pairs that are adjacent in the text too."""
    return coverage_of(topic, corpus, topic_pairs)(tokens)


def coverage_of(topic: list[str], corpus: Corpus,
                topic_pairs: list[tuple[str, str]] | None = None) -> Callable[[list[str]], float]:
    """`coverage` with the topic's weights worked out once, for scoring many units (a task list)."""
    weights = [corpus.idf(t) for t in topic]
    total = sum(weights)
    topic_pairs = list(zip(topic, topic[1:])) if topic_pairs is None else topic_pairs
    wanted = set(topic)

    def score(tokens: list[str]) -> float:
        present = set(tokens)
        if not topic or present.isdisjoint(wanted):
            return 0.0  # no topic word, so no topic pair either (most task rows of a list over every plan)
        unigram = sum(w for t, w in zip(topic, weights) if t in present) / total
        if not topic_pairs:
            return unigram
        pairs = set(zip(tokens, tokens[1:]))
        return 0.7 * unigram + 0.3 * sum(1 for p in topic_pairs if p in pairs) / len(topic_pairs)
    return score


def has_number(sentence: str) -> bool:
    """A figure in the sentence itself, not the item label ('3.', 'a)') in front of it."""
    return bool(re.search(r"\d", _LABEL.sub("", sentence)))


def passage_parts(chunk: Chunk) -> tuple[str, list[str]]:
    """A section chunk's context (plan and heading lines) and its quotable sentences, from the
    heading, title and passage offset its metadata carries (ingest/chunk.py).

    The section's own heading is context, not a quote, unless the heading is all the text there is."""
    m = chunk.metadata
    heading, title, passage = m.get("heading", ""), m.get("title_line", ""), chunk.text[m.get("passage_at", 0):]
    if not passage:
        return heading, _sentences(title)
    body = [s for line in passage.split("\n") for s in _sentences(line)]
    if len(_LABEL.sub("", title)) >= MIN_TITLE_AS_TEXT and m.get("part", 0) == 0:  # an item written as a sentence
        return heading, _sentences(title) + body  # ('6. Trong quá trình …, đề xuất gửi Sở Y tế …') is quotable
    return f"{heading} {title}", body


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if len(s.strip()) > 3]


# A sentence that states a time (folded text): a date, a year, a period or a recurrence.
TIME_STATED = re.compile(r"\d{1,2}/\d{1,2}/20\d\d|\bngay \d|\bthang \d|\bnam 20\d\d|\bquy [ivx1-4]+\b|"
                         r"\bhang (nam|thang|quy)\b|\bdinh ky\b|\b(truoc|den|tu) (nam|ngay|thang)\b|\b20\d\d\b")


def states_time(sentence: str) -> bool:
    return bool(TIME_STATED.search(fold(_LABEL.sub("", sentence))))


def best_sentences(chunk: Chunk, topic: list[str], corpus: Corpus, need_number: bool = False,
                   limit: int = 2, need_time: bool = False, pairs: list[tuple[str, str]] | None = None,
                   tokens: Callable[[str], list[str]] = syllables, floor: float = 0.5) -> list[tuple[str, float]]:
    """Quotable sentences ranked by coverage of the topic, read together with the section heading.

    When the heading alone covers the question (it asks about the section as a whole, e.g. 'Công
    an đặc khu có nhiệm vụ gì?'), the section's text is quoted from the start instead."""
    context, quotable = passage_parts(chunk)
    heading = tokens(context)
    whole = coverage(topic, heading, corpus, pairs)
    if whole >= 0.9 and not (need_number or need_time):
        return [(s, whole) for s in _first_words(quotable, WHOLE_BODY_WORDS)]
    scored = [(s, coverage(topic, heading + tokens(s), corpus, pairs)) for s in quotable]
    continues: dict[str, str] = {}
    if need_number:
        scored = [(s, c) for s, c in scored if has_number(s)]
    elif need_time:  # 'khi nào', 'trước ngày nào': the sentences that state a time, when the passage has one
        timed = [(s, c) for s, c in scored if states_time(s)]
        if timed:
            own = dict(timed)
            before = _continued(quotable, list(own))
            joint = {s: coverage(topic, heading + tokens(f"{b} {s}"), corpus, pairs) for s, b in before.items()}
            continues = {s: before[s] for s in joint if joint[s] > own[s]}  # together only when they cover more
            scored = [(s, max(c, joint.get(s, 0.0))) for s, c in timed]
    if not scored:
        return []
    top = max(c for _, c in scored)
    if top >= floor and sum(len(s.split()) for s, _ in scored) <= WHOLE_BODY_WORDS:
        return with_lead_ins(_with_continued(scored, continues), quotable)  # short enough to read whole, in order
    scored.sort(key=lambda sc: sc[1], reverse=True)
    chosen = [sc for sc in scored[:limit] if sc[1] >= max(floor, top - 0.15)]
    return with_lead_ins(_with_continued(chosen, continues), quotable)


def _continued(quotable: list[str], timed: list[str]) -> dict[str, str]:
    """A time sentence that continues the one before it in the same item ('… xây dựng Kế hoạch triển
    khai thực hiện …. Thời gian hoàn thành trước ngày 31/01/2026.') says when that one is due: it is
    read together with it."""
    out = {}
    for s in timed:
        i = quotable.index(s)
        if i and _TIME_CLAUSE.match(fold(s)) and not states_time(quotable[i - 1]):
            out[s] = quotable[i - 1]
    return out


# A sentence that opens with the words of a deadline ('Thời gian hoàn thành …', 'Thời hạn: …', 'Hoàn thành
# trước …', 'Tiến độ: …') is the deadline of the sentence before it, not a statement of its own.
_TIME_CLAUSE = re.compile(r"^(thoi gian( hoan thanh| thuc hien)?|thoi han|hoan thanh|tien do)\b")


def _with_continued(chosen: list[tuple[str, float]], continues: dict[str, str]) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    for s, c in chosen:
        if s in continues and all(continues[s] != o for o, _ in out):
            out.append((continues[s], c))
        out.append((s, c))
    return out


_ITEM = re.compile(r"^(?:[-+•*]\s|(?:\d+(?:\.\d+)*|[a-zđêôơư])[.)]\s)")


def with_lead_ins(chosen: list[tuple[str, float]], quotable: list[str]) -> list[tuple[str, float]]:
    """A quoted list item keeps the line that introduces its list ('Các đơn vị gửi báo cáo về UBND
    (qua Phòng Văn hóa - Xã hội), cụ thể:'): without it the item loses who, where or for what."""
    out: list[tuple[str, float]] = []
    for s, c in chosen:
        lead = _lead_in(quotable, s)
        if lead and all(lead != o for o, _ in out + chosen):
            out.append((lead, c))
        out.append((s, c))
    return out


def _lead_in(quotable: list[str], sentence: str) -> str:
    if sentence not in quotable or not _ITEM.match(sentence):
        return ""
    j = quotable.index(sentence) - 1
    while j >= 0 and _ITEM.match(quotable[j]):
        j -= 1
    return quotable[j] if j >= 0 and quotable[j].rstrip().endswith(":") else ""


def _first_words(sentences: list[str], budget: int) -> list[str]:
    kept, used = [], 0
    for s in sentences:
        if kept and used + len(s.split()) > budget:
            break
        kept.append(s)
        used += len(s.split())
    return kept
