"""The answer chain as a LangChain runnable: question → analyse → retrieve & decide → compose → cite.

Each step is a small function over one state dict, so the chain can be traced, batched or extended
(the optional generative step slots in after compose and falls back to its output).
"""
from __future__ import annotations

import time
from typing import Any, Callable

from langchain_core.runnables import Runnable, RunnableLambda

from bot.compose import compose
from bot.decide import decide
from bot.query import analyze
from core.types import Answer, Filters, RetrievedRef


def _timed(name: str, fn: Callable[[dict], dict]) -> RunnableLambda:
    def step(state: dict) -> dict:
        start = time.perf_counter()
        out = fn(state)
        out.setdefault("timings", {})[name] = round((time.perf_counter() - start) * 1000, 2)
        return out
    return RunnableLambda(step, name=name)


def build_chain(bot: Any, generator: Any | None = None) -> Runnable:
    def analyse(s: dict) -> dict:
        q = analyze(s["question"], bot.catalog)
        explicit = bot.resolve_filters(s.get("filters") or Filters())
        return {**s, "q": q, "filters": explicit.merged_over(q.filters)}

    def retrieve(s: dict) -> dict:
        return {**s, "decision": decide(s["q"], bot.search, s["filters"])}

    def write(s: dict) -> dict:
        text, answerable, citations = compose(s["decision"], s["filters"], bot.place_names(),
                                              bot.settings.answer_max_plans)
        return {**s, "text": text, "answerable": answerable, "citations": citations}

    def generate(s: dict) -> dict:
        if s.get("mode") != "generative" or generator is None or not s["answerable"]:
            return s
        return {**s, **generator.rewrite(s["question"], s["text"], s["citations"])}

    def finish(s: dict) -> Answer:
        hits = s["decision"].retrieved[:10]
        return Answer(question=s["question"], answer=s["text"], answerable=s["answerable"],
                      citations=s["citations"] if s["answerable"] else [],
                      retrieved=[RetrievedRef(source=c.source, ref=c.ref, score=round(sc, 4)) for c, sc in hits],
                      timings_ms=s.get("timings", {}),
                      mode="generative" if s.get("generation") == "grounded" else "composed")

    return (_timed("analyse", analyse) | _timed("retrieve", retrieve) | _timed("answer", write)
            | _timed("generate", generate) | RunnableLambda(finish, name="finish"))
