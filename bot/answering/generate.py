"""Optional generative mode: a chat model rephrases the composed answer from numbered sources.

The model is any OpenAI-compatible endpoint reached through LangChain. Its answer is kept only if
every agency, date and number in it occurs in a source it cites; otherwise the composed answer
stands. Nothing here runs unless PLANBOT_ANSWER_MODE/LLM settings ask for it.
"""
from __future__ import annotations

import re

from bot.answering.prompts import load
from core.text import fold
from core.types import Citation

_MARKER = re.compile(r"\[(\d+)\]")
_AGENCY = re.compile(r"\b(?:Sở|Ban|Bộ|Công an|UBND|Ủy ban|Trạm|Trung tâm|Phòng|Bảo hiểm|Văn phòng|Trường|Thuế|"
                     r"Báo|Cổng|Thống kê)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*|\s+(?:và|y|tế|xã|hội|tỉnh|quân|sự|đặc|khu))*")
_TIME = re.compile(r"\b[Qq]uý\s+[IV]+/\d{4}|\b\d{1,2}/\d{1,2}/\d{4}\b|\b(?:19|20)\d\d\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def claims(text: str) -> list[str]:
    """Agencies, dates and numbers stated in a text — the things a grounded answer must not invent."""
    plain = _MARKER.sub(" ", text)
    return [m.group(0).strip() for rx in (_AGENCY, _TIME, _NUMBER) for m in rx.finditer(plain)]


def grounded(answer: str, citations: list[Citation]) -> bool:
    markers = {int(m) for m in _MARKER.findall(answer)}
    if not markers or not markers <= {c.marker for c in citations}:
        return False
    sources = fold(" ".join(c.quote + " " + c.document + " " + c.issuer for c in citations if c.marker in markers))
    return all(fold(claim) in sources for claim in claims(answer))


class Generator:
    def __init__(self, base_url: str, model: str, api_key: str = "not-needed", timeout: float = 60.0):
        from langchain_openai import ChatOpenAI
        self.llm = ChatOpenAI(base_url=base_url, model=model, api_key=api_key, temperature=0,
                              timeout=timeout, max_retries=0)

    def rewrite(self, question: str, draft: str, citations: list[Citation]) -> dict:
        p = load("generate")
        sources = "\n".join(p["source"].format(n=c.marker, document=c.document, issuer=c.issuer, label=c.label,
                                               quote=c.quote) for c in citations)
        messages = [("system", p["system"]), ("user", p["user"].format(question=question, sources=sources,
                                                                        draft=draft))]
        try:
            text = str(self.llm.invoke(messages).content).strip()
        except Exception:  # an unreachable or failing model must not break answering
            return {"generation": "error"}
        if grounded(text, citations):
            return {"text": text, "generation": "grounded"}
        return {"generation": "rejected"}


def make_generator(settings) -> Generator | None:
    if not (settings.llm_base_url and settings.llm_model):
        return None
    return Generator(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)
