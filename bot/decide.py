"""Decide what the plans say about a question: which rows or passages, from which plans — or nothing.

Evidence must cover the question's topic (see relevance.py); the plan's own task row wins over a
passage when the question asks who leads, who coordinates or by when. Every plan whose evidence is
close to the best is answered, so a task found in four plans gets four answers.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.query import Question
from bot.relevance import best_sentences, coverage
from bot.retrieve import HybridSearch
from core.text import fold, number_key
from core.types import Chunk, Filters

THRESHOLD = 0.6  # least topic coverage that counts as evidence
PLAN_MARGIN = 0.2  # a plan is answered when its evidence is this close to the best plan's
TASK_FIELDS = {"lead", "coordinating", "deadline", "result"}
MAX_LIST = 40
COMPARE_PER_PLAN = 8  # hits per plan for a comparison (the per-plan answer keeps at most 3)
COMPARE_MAX_PLANS = 20  # a comparison over more plans pools one search instead (latency ~60 ms per plan)
RETRIEVAL_WEIGHT = 0.1  # how much the hybrid retrieval rank breaks ties between equally covering units
AGENCY_BONUS = 0.2  # for units tied to an agency the question names


@dataclass
class Evidence:
    chunk: Chunk
    relevance: float
    quote: list[str] = field(default_factory=list)  # sentences quoted from a passage
    order: float = 0.0  # relevance with the retrieval score as tie-breaker
    whole: bool = False  # a passage whose heading is what the question asks about


@dataclass
class Decision:
    mode: str  # "evidence" | "list" | "metadata" | "abstain"
    groups: list[list[Evidence]] = field(default_factory=list)  # one list per plan, best plan first
    reason: str = ""
    detail: dict = field(default_factory=dict)
    retrieved: list[tuple[Chunk, float]] = field(default_factory=list)


def decide(q: Question, search: HybridSearch, filters: Filters, depth: int = 40) -> Decision:
    if q.injection and not q.topic:
        return Decision("abstain", reason="injection")
    if q.unknown_place:
        return Decision("abstain", reason="unknown_place", detail={"place": q.unknown_place})
    if "outcome" in q.asks:
        return Decision("abstain", reason="outcome")
    if "metadata" in q.asks:
        return _metadata(q, search, filters)
    if q.is_list and (q.topic or not filters.is_empty()):
        listed = _list(q, search, filters)
        if listed.mode == "list" or not q.topic:
            return listed
    if not q.topic:
        return Decision("abstain", reason="no_topic")
    return _evidence(q, search, filters, depth)


def subject_tokens(chunk: Chunk, search: HybridSearch, q: Question) -> list[str]:
    """The words a chunk is about: a task's name and group, not its agency or time cells."""
    if chunk.kind == "task":
        return q.tokens(f"{chunk.metadata.get('task', '')} | {chunk.metadata.get('group', '')}")
    return search.corpus.tokens_of(chunk.id, q.accented) or q.tokens(chunk.text)


def _agency_bonus(chunk: Chunk, q: Question) -> float:
    """A unit led or coordinated by (or, for a passage, naming) an agency the question names."""
    if not q.agencies:
        return 0.0
    if chunk.kind == "task":
        cells = fold(f"{chunk.metadata.get('lead', '')} {chunk.metadata.get('coordinating', '')}")
        return AGENCY_BONUS if any(a in cells for a in q.agencies) else 0.0
    return AGENCY_BONUS / 2 if any(a in fold(chunk.text) for a in q.agencies) else 0.0


def _score(chunk: Chunk, q: Question, search: HybridSearch) -> Evidence:
    corpus = search.corpus
    if chunk.kind == "section":
        quoted = best_sentences(chunk.text, q.topic, corpus, need_number="number" in q.asks, pairs=q.pairs,
                                tokens=q.tokens)
        quoted = [(s, c) for s, c in quoted if _mentions(q.measure, q.tokens(s))]
        about = coverage(q.topic, _heading_tokens(chunk, q), corpus, q.pairs)
        rel = 0.85 * quoted[0][1] + 0.15 * about if quoted else 0.0
        return Evidence(chunk, rel + (_agency_bonus(chunk, q) if rel else 0.0), [s for s, _ in quoted],
                        whole=about >= 0.9 and "number" not in q.asks)
    tokens = subject_tokens(chunk, search, q)
    rel = coverage(q.topic, tokens, corpus, q.pairs) if _mentions(q.measure, q.tokens(chunk.text)) else 0.0
    return Evidence(chunk, rel + (_agency_bonus(chunk, q) if rel else 0.0))


def _heading_tokens(chunk: Chunk, q: Question) -> list[str]:
    """What a passage is filed under: its parent headings, and its own title when that is a heading
    (the section has text below it) rather than the item's content itself."""
    lines = chunk.text.split("\n")
    own = lines[1] if len(lines) > 2 else ""
    return q.tokens(f"{lines[0]} | {own}")


def _mentions(measure: list[str], tokens: list[str]) -> bool:
    return not measure or all(m in tokens for m in measure)


def _evidence(q: Question, search: HybridSearch, filters: Filters, depth: int) -> Decision:
    hits = _compare_hits(q, search, filters) if q.compare else _units(q, search, filters, depth)
    top = max((s for _, s in hits), default=1.0) or 1.0
    per_plan: dict[str, list[Evidence]] = {}
    for chunk, score in hits:
        e = _score(chunk, q, search)
        e.order = e.relevance + RETRIEVAL_WEIGHT * score / top
        per_plan.setdefault(chunk.source, []).append(e)
    chosen = [units for units in (_choose(ev, q, search) for ev in per_plan.values()) if units]
    if not chosen:
        reason = "no_number" if _mentions_without_number(q, per_plan) else "not_found"
        return Decision("abstain", reason=reason, retrieved=hits)
    best = max(u[0].relevance for u in chosen)
    kept = [u for u in chosen if q.compare or u[0].relevance >= best - PLAN_MARGIN]  # a comparison wants every plan
    kept.sort(key=lambda u: (-u[0].relevance, u[0].chunk.source))
    # Hits spread one or two per plan up to the search depth: more plans may have it than were seen.
    more_possible = len(hits) >= depth and len(kept) >= depth // 2 and not q.compare
    detail = {"more_possible": more_possible}
    if q.compare:  # name the plans that say nothing on it
        answered = {u[0].chunk.source for u in kept}
        detail["silent"] = [d.metadata for d in search.chunks_where(filters, ["document"]) if d.source not in answered]
    return Decision("evidence", groups=kept, retrieved=hits, detail=detail)


def _compare_hits(q: Question, search: HybridSearch, filters: Filters) -> list[tuple[Chunk, float]]:
    """A comparison searches each plan on its own, so a plan whose wording ranks below the others'
    is still found; beyond COMPARE_MAX_PLANS plans one pooled search is used (the answer says to filter)."""
    sources = sorted({c.source for c in search.chunks_where(filters, ["document"])})
    if len(sources) > COMPARE_MAX_PLANS:
        return _units(q, search, filters, 40)
    return [hit for source in sources for hit in _units(q, search, filters.model_copy(update={"plan": source}),
                                                          COMPARE_PER_PLAN, depth=COMPARE_PER_PLAN * 2)]


def _units(q: Question, search: HybridSearch, filters: Filters, k: int, depth: int | None = None):
    """The answer units (tasks, indicators, passages) a question retrieves, its topic as the lexical query."""
    return search.search(q.clean, k=k, filters=filters, depth=depth or k, lexical_query=" ".join(q.folded_topic),
                         kinds=["task", "indicator", "section"])


def _choose(evidence: list[Evidence], q: Question, search: HybridSearch) -> list[Evidence]:
    """A plan's answer units: its best task rows, else its best passages or indicator rows."""
    usable = [e for e in evidence if e.relevance >= THRESHOLD and (e.chunk.kind != "section" or e.quote)]
    if "number" in q.asks:  # a figure must be about exactly the asked thing
        usable = [e for e in usable if e.chunk.kind != "task"]
    tasks = [e for e in usable if e.chunk.kind == "task"]
    others = [e for e in usable if e.chunk.kind != "task"]
    best_task = max((e.order for e in tasks), default=0.0)
    best_other = max((e.order for e in others), default=0.0)
    describe = "describe" in q.asks and not q.asks & TASK_FIELDS  # "… là gì / làm gì?": prose first
    margin = 0.15 if q.asks & TASK_FIELDS else 0.0
    prefer_tasks = tasks and (not others or not describe and best_task >= best_other - margin)
    pool, limit = (tasks, 3) if prefer_tasks else (others, 2)
    if not pool:
        return []
    if describe and any(e.whole for e in pool):  # the section asked about, from its beginning
        pool = [e for e in pool if e.whole]
        return [min(pool, key=lambda e: (len(e.chunk.ref.split("/")), e.chunk.metadata.get("part", 0)))]
    pool = _most_specific(pool)
    top = max(e.order for e in pool)
    return sorted([e for e in pool if e.order >= top - 0.05], key=lambda e: -e.order)[:limit]


def _most_specific(units: list[Evidence]) -> list[Evidence]:
    """When a heading's gathered passage and one of its items quote the same words, cite the item
    (it carries the finer ref), lifted to the better of the two scores."""
    kept = []
    for e in units:
        finer = [k for k in units if k.chunk.source == e.chunk.source and k.chunk.ref.startswith(e.chunk.ref + "/")
                 and set(k.quote) & set(e.quote)]
        if not finer:
            kept.append(e)
        for k in finer:
            k.order = max(k.order, e.order)
    return kept


def _mentions_without_number(q: Question, per_plan: dict[str, list[Evidence]]) -> bool:
    return "number" in q.asks and any(e.relevance >= THRESHOLD for ev in per_plan.values() for e in ev)


def _list(q: Question, search: HybridSearch, filters: Filters) -> Decision:
    chunks = search.chunks_where(filters, ["task"])
    evidence = [Evidence(c, coverage(q.topic, subject_tokens(c, search, q), search.corpus, q.pairs) if q.topic else 1.0)
                for c in chunks]
    evidence = [e for e in evidence if e.relevance >= THRESHOLD]
    if not evidence:
        return Decision("abstain", reason="no_match")
    groups: dict[str, list[Evidence]] = {}
    order = lambda e: (e.chunk.source, number_key(e.chunk.metadata.get("task_number", "")))  # noqa: E731
    for e in sorted(evidence, key=order):
        groups.setdefault(e.chunk.source, []).append(e)
    groups_kept = [g[:MAX_LIST] for g in groups.values()]
    return Decision("list", groups=groups_kept, retrieved=[(e.chunk, e.relevance) for g in groups_kept for e in g])


def _metadata(q: Question, search: HybridSearch, filters: Filters) -> Decision:
    docs = search.chunks_where(filters, ["document"])
    if q.topic and filters.is_empty():
        scored = [Evidence(d, coverage(q.topic, search.corpus.tokens_of(d.id, q.accented), search.corpus, q.pairs))
                  for d in docs]
        docs = [e.chunk for e in scored if e.relevance >= THRESHOLD] or docs
    if not docs:
        return Decision("abstain", reason="not_found")
    docs = sorted(docs, key=lambda d: d.source)
    return Decision("metadata", groups=[[Evidence(d, 1.0)] for d in docs], retrieved=[(d, 1.0) for d in docs])
