"""Decide what the plans say about a question: which rows or passages, from which plans — or nothing.

Evidence must cover the question's topic (see relevance.py); the plan's own task row wins over a
passage when the question asks who leads, who coordinates or by when. Every plan whose evidence is
close to the best is answered, so a task found in four plans gets four answers.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.query import Question
from bot.relevance import best_sentences, coverage
from bot.retrieve import HybridSearch, syllables, where_clause
from core.types import Chunk, Filters

THRESHOLD = 0.6  # least topic coverage that counts as evidence
PLAN_MARGIN = 0.2  # a plan is answered when its evidence is this close to the best plan's
TASK_FIELDS = {"lead", "coordinating", "deadline", "result"}
MAX_LIST = 40


@dataclass
class Evidence:
    chunk: Chunk
    relevance: float
    quote: list[str] = field(default_factory=list)  # sentences quoted from a passage


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
        return _list(q, search, filters)
    if not q.topic:
        return Decision("abstain", reason="no_topic")
    return _evidence(q, search, filters, depth)


def subject_tokens(chunk: Chunk, search: HybridSearch) -> list[str]:
    """The words a chunk is about: a task's name and group, not its agency or time cells."""
    if chunk.kind == "task":
        return syllables(f"{chunk.metadata.get('task', '')} {chunk.metadata.get('group', '')}")
    return search.corpus.tokens.get(chunk.id) or syllables(chunk.text)


def _score(chunk: Chunk, q: Question, search: HybridSearch) -> Evidence:
    if chunk.kind == "section":
        quoted = best_sentences(chunk.text, q.topic, search.corpus, need_number="number" in q.asks)
        own_title = chunk.text.split("\n")[1] if "\n" in chunk.text else ""
        about = coverage(q.topic, syllables(own_title), search.corpus)
        rel = 0.85 * quoted[0][1] + 0.15 * about if quoted else 0.0
        return Evidence(chunk, rel, [s for s, _ in quoted])
    return Evidence(chunk, coverage(q.topic, subject_tokens(chunk, search), search.corpus))


def _evidence(q: Question, search: HybridSearch, filters: Filters, depth: int) -> Decision:
    hits = search.search(q.clean, k=depth, filters=filters, depth=depth, lexical_query=" ".join(q.topic),
                         kinds=["task", "indicator", "section"])
    per_plan: dict[str, list[Evidence]] = {}
    for chunk, _ in hits:
        per_plan.setdefault(chunk.source, []).append(_score(chunk, q, search))
    chosen = [units for units in (_choose(ev, q) for ev in per_plan.values()) if units]
    if not chosen:
        reason = "no_number" if _mentions_without_number(q, per_plan) else "not_found"
        return Decision("abstain", reason=reason, retrieved=hits)
    best = max(u[0].relevance for u in chosen)
    kept = [u for u in chosen if u[0].relevance >= best - PLAN_MARGIN]
    kept.sort(key=lambda u: (-u[0].relevance, u[0].chunk.source))
    return Decision("evidence", groups=kept, retrieved=hits)


def _choose(evidence: list[Evidence], q: Question) -> list[Evidence]:
    """A plan's answer units: its best task rows, else its best passages or indicator rows."""
    usable = [e for e in evidence if e.relevance >= THRESHOLD and (e.chunk.kind != "section" or e.quote)]
    if "number" in q.asks:
        usable = [e for e in usable if e.chunk.kind != "task"]
    tasks = [e for e in usable if e.chunk.kind == "task"]
    others = [e for e in usable if e.chunk.kind != "task"]
    best_task = max((e.relevance for e in tasks), default=0.0)
    best_other = max((e.relevance for e in others), default=0.0)
    margin = 0.15 if q.asks & TASK_FIELDS else 0.0
    pool, limit = (tasks, 3) if tasks and best_task >= best_other - margin else (others, 2)
    if not pool:
        return []
    top = max(e.relevance for e in pool)
    return sorted([e for e in pool if e.relevance >= top - 0.05], key=lambda e: -e.relevance)[:limit]


def _mentions_without_number(q: Question, per_plan: dict[str, list[Evidence]]) -> bool:
    return "number" in q.asks and any(e.relevance >= THRESHOLD for ev in per_plan.values() for e in ev)


def _list(q: Question, search: HybridSearch, filters: Filters) -> Decision:
    chunks = search.index.all_chunks(where=where_clause(filters, ["task"], search.localities))
    evidence = [Evidence(c, coverage(q.topic, subject_tokens(c, search), search.corpus) if q.topic else 1.0)
                for c in chunks]
    evidence = [e for e in evidence if e.relevance >= THRESHOLD]
    if not evidence:
        return Decision("abstain", reason="no_match")
    groups: dict[str, list[Evidence]] = {}
    for e in sorted(evidence, key=lambda e: (e.chunk.source, _number_key(e.chunk))):
        groups.setdefault(e.chunk.source, []).append(e)
    groups_kept = [g[:MAX_LIST] for g in groups.values()]
    return Decision("list", groups=groups_kept, retrieved=[(e.chunk, e.relevance) for g in groups_kept for e in g])


def _number_key(chunk: Chunk) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in str(chunk.metadata.get("task_number", "0")).split("."))


def _metadata(q: Question, search: HybridSearch, filters: Filters) -> Decision:
    docs = search.index.all_chunks(where=where_clause(filters, ["document"], search.localities))
    if q.topic and filters.is_empty():
        scored = [Evidence(d, coverage(q.topic, search.corpus.tokens.get(d.id, []), search.corpus)) for d in docs]
        docs = [e.chunk for e in scored if e.relevance >= THRESHOLD] or docs
    if not docs:
        return Decision("abstain", reason="not_found")
    docs = sorted(docs, key=lambda d: d.source)
    return Decision("metadata", groups=[[Evidence(d, 1.0)] for d in docs], retrieved=[(d, 1.0) for d in docs])
