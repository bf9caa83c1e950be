"""One answer path, as plain calls over typed values: question → Question → Decision → draft → Answer.

The web UI, the API, the CLI and the LangChain chain all end here (through Planbot.ask), so what
an answer says does not depend on how it was asked.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable

from bot.answering.compose import compose
from bot.answering.decide import Decision, decide
from bot.answering.listing import LIST_ROWS
from bot.answering.query import Catalog, Question, analyze
from bot.answering.retrieve import HybridSearch
from core.types import Answer, Filters, RetrievedRef


@dataclass
class Context:
    """What answering needs from the running assistant."""
    catalog: Catalog
    search: HybridSearch
    resolve: Callable[[Filters], Filters]  # checks explicit filters against the index (unknown plan → error)
    places: list[str]
    max_plans: int = 10
    list_rows: int = LIST_ROWS  # rows per plan of a list answer (Settings.answer_list_rows)
    generator: Any | None = None  # optional grounded rewrite (bot/answering/generate.py)


class _Clock:
    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    def __call__(self, name: str, fn: Callable, *args):
        start = time.perf_counter()
        out = fn(*args)
        self.ms[name] = round((time.perf_counter() - start) * 1000, 2)
        return out


def answer(question: str, filters: Filters | None, ctx: Context, mode: str = "composed") -> Answer:
    clock = _Clock()
    q: Question = clock("analyse", analyze, question, ctx.catalog)
    merged = ctx.resolve(filters or Filters()).merged_over(q.filters)  # explicit filters win over the question's
    decision: Decision = clock("retrieve", decide, q, ctx.search, merged)
    text, answerable, citations = clock("answer", compose, decision, merged, ctx.places, ctx.max_plans,
                                       ctx.list_rows)
    generated = "composed"
    if mode == "generative" and ctx.generator is not None and answerable:
        rewrite = clock("generate", ctx.generator.rewrite, question, text, citations)
        text, citations = rewrite.get("text", text), rewrite.get("citations", citations)
        generated = "generative" if rewrite.get("generation") == "grounded" else "composed"
    outcome = outcome_of(decision, answerable)
    return Answer(question=question, answer=text, answerable=answerable, outcome=outcome,
                  citations=citations if outcome != "not_found" else [],
                  retrieved=[RetrievedRef(source=c.source, ref=c.ref, score=round(s, 4))
                             for c, s in decision.retrieved[:10]],
                  timings_ms=clock.ms, mode=generated, lists=_links(decision, generated))


def _links(decision: Decision, generated: str) -> list:
    """A list's links to its whole plans; a rewritten text has other lines, so they go after it."""
    links = decision.detail.get("links", [])
    return [link.model_copy(update={"line": -1}) for link in links] if generated == "generative" else links


def outcome_of(decision: Decision, answerable: bool) -> str:
    """Which of the spec's three outcomes: a refusal that shows the nearest units is `candidates`."""
    if answerable:
        return "answered"
    return "candidates" if decision.mode == "candidates" else "not_found"
