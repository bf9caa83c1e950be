"""The LangChain face of the answer path: a Runnable over Planbot.ask (bot/answering/answer.py does the work).

Input {"question", "filters"?, "mode"?, "previous"?} → Answer, so LangChain clients can invoke,
batch, stream and trace it like any chain.
"""
from __future__ import annotations

from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from core.types import Answer


def as_runnable(bot: Any) -> Runnable:
    def run(state: dict) -> Answer:
        return bot.ask(state["question"], state.get("filters"), state.get("mode") or "composed",
                       previous=state.get("previous"))
    return RunnableLambda(run, name="planbot")
