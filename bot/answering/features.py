"""The documented features the answer decision weighs (see bot/answering/decision_model.py and the README).

Each feature is one number about a (question, retrieved unit) pair, with the reason it should
matter. Every feature is absolute — about this unit alone. Relative ones (rank in the hybrid
search, BM25 or similarity as a share of the question's best) were tried and dropped: the best unit
of any question ranks first, so with them the model answered every unanswerable dev question
(grouped CV: 0 of 13 refused). A feature stays while the grouped-CV decision score without it is
not higher by more than 0.01 (about two questions); "the counted thing is named" ('bao nhiêu giường
bệnh') failed that test (0.963 without it, 0.943 with) and is gone, as is "'… là gì' asked of a passage" once the
question lexicon was one table (0.933 without it, 0.920 with). The weights are not set here: `planbot train-decision` learns them from the dev set and
writes them to bot/answering/decision_model.json, with cross-validation grouped by plan and an ablation.
"""
from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Callable

from bot.answering.relevance import has_number, states_time
from core.text import fold
from ingest.agencies import mentions_agency

if TYPE_CHECKING:
    from bot.answering.decide import Evidence
    from bot.answering.query import Question

TASK_FIELDS = ("lead", "coordinating", "deadline", "result")
_FIELD_CELLS = {"lead": ("lead",), "coordinating": ("coordinating",), "deadline": ("time",),
                "result": ("result",)}


def asked_fields(q: Question) -> list[str]:
    return [f for f in TASK_FIELDS if f in q.asks]


def _field_present(e: Evidence, q: Question) -> float:
    asked = asked_fields(q)
    if not asked or e.chunk.kind != "task":
        return 0.0
    meta = e.chunk.metadata
    return sum(any(str(meta.get(c, "")).strip() for c in _FIELD_CELLS[f]) for f in asked) / len(asked)


def _field_asked_elsewhere(e: Evidence, q: Question) -> float:
    """A task field is asked of a passage while a task row of the same plan covers the question as
    well: the row states the field in its own cell."""
    return float(bool(asked_fields(q)) and e.row_rival)


_RESULT = re.compile(r"\b(ket qua|san pham|bao cao|de an|ke hoach|quyet dinh)\b")  # what a task delivers


def parent_titles(chunk) -> list[str]:
    return json.loads(chunk.metadata.get("parent_titles") or "[]")


def stated_fields(e: Evidence, q: Question) -> list[bool]:
    """For each asked task field, whether the passage states it: a date or period for 'khi nào' (in
    the text or the headings above it, 'Mục tiêu đến năm 2030' over its items), an agency (in the
    text or the heading it is filed under) for 'ai chủ trì / phối hợp'. Reading the headings for the
    time raised the grouped-CV decision score from 0.9342 to 0.9376."""
    m = e.chunk.metadata
    quote = " ".join(e.quote) or e.chunk.text
    timed = " ".join(parent_titles(e.chunk) + [m.get("title_line", ""), quote])
    return [bool(m.get("lead")) or mentions_agency(quote) if f in ("lead", "coordinating")
            else states_time(timed) if f == "deadline" else bool(_RESULT.search(fold(quote)))
            for f in asked_fields(q)]


def time_heading(e: Evidence, q: Question) -> str:
    """When a deadline is asked and the quote holds no time, the heading above it that does ('Mục
    tiêu, chỉ tiêu đến năm 2030' over '… mỗi trạm có 4 - 5 bác sĩ'): the answer must show it."""
    if "deadline" not in q.asks or e.chunk.kind != "section" or not e.quote or states_time(" ".join(e.quote)):
        return ""
    return next((t for t in reversed(parent_titles(e.chunk)) if states_time(t)), "")


def unstated_fields(e: Evidence, q: Question) -> list[str]:
    """The asked task fields a passage does not state."""
    return [f for f, said in zip(asked_fields(q), stated_fields(e, q)) if not said]


def _field_stated(e: Evidence, q: Question) -> float:
    asked = asked_fields(q)
    if not asked or e.chunk.kind == "task":
        return 0.0
    return sum(stated_fields(e, q)) / len(asked)


def _number_fit(e: Evidence, q: Question) -> float:
    """+1: a figure is asked and the quote (or indicator row) holds one; -1: a figure is asked of a task row."""
    if "number" not in q.asks:
        return 0.0
    if e.chunk.kind == "task":
        return -1.0
    return float(holds_figure(e))


def holds_figure(e: Evidence) -> bool:
    """An indicator row, or a passage whose quoted sentences hold a number: a unit that can state a figure."""
    return e.chunk.kind == "indicator" or (e.chunk.kind == "section" and any(has_number(s) for s in e.quote))


def _years(e: Evidence, q: Question) -> tuple[int, int]:
    text = e.chunk.text
    named = {y for y in q.years}
    found = {y for y in named if re.search(rf"\b{y}\b", text)}
    return len(found), len(named - found)


def _agency(e: Evidence, q: Question) -> float:
    if not q.agencies:
        return 0.0
    m = e.chunk.metadata
    cells = fold(f"{m.get('lead', '')} {m.get('coordinating', '')}") if e.chunk.kind == "task" else fold(e.chunk.text)
    return 1.0 if any(a in cells for a in q.agencies) else -1.0


Feature = Callable[["Evidence", "Question"], float]

# name → (function, why it should matter)
FEATURES: dict[str, tuple[Feature, str]] = {
    "coverage": (lambda e, q: e.relevance,
                 "Share of the question's topic words (IDF-weighted, with adjacent pairs) the unit's subject "
                 "or best quoted sentences hold: the question names what the plan names."),
    "heading": (lambda e, q: e.about,
                "Coverage by what the unit is filed under (its headings, a task's group): the question names the "
                "section rather than a sentence of it."),
    "dense": (lambda e, q: e.dense,
              "Cosine similarity of question and unit (multilingual-e5): paraphrases that share few words."),
    "is_task": (lambda e, q: float(e.chunk.kind == "task"), "Unit kind: a task row (passages are the base)."),
    "is_indicator": (lambda e, q: float(e.chunk.kind == "indicator"), "Unit kind: an indicator row."),
    "field_present": (_field_present, "The question asks who leads / coordinates / by when / what result, and "
                                      "this task row has that cell filled."),
    "field_elsewhere": (_field_asked_elsewhere, "A task field is asked of a passage while a task row of its plan "
                                                "covers the question as well (else the passage is where the plan "
                                                "states it: prose plans, reporting duties)."),
    "field_stated": (_field_stated, "The question asks for a task field and the passage states one in prose: "
                                    "a date or period, an agency (in the text or its heading)."),
    "number_fit": (_number_fit, "A figure is asked: the quote holds a number (+1), or the unit is a task row (-1)."),
    "year_match": (lambda e, q: float(_years(e, q)[0]), "Years the question names that the unit names too."),
    "year_miss": (lambda e, q: float(_years(e, q)[1]),
                  "Years the question names that the unit does not (a 2035 target asked, a 2030 value found)."),
    "compare": (lambda e, q: float(q.compare),
                "The question asks every plan ('các kế hoạch', 'mỗi tỉnh', several places): it presumes the plans "
                "have it, so a plan's best unit answers more often than for a question about one plan."),
    "agency": (_agency, "An agency the question names leads or coordinates the unit (+1) or not (-1)."),
}


def vector(e: Evidence, q: Question, names: list[str] | None = None) -> list[float]:
    return [FEATURES[n][0](e, q) for n in (names or FEATURES)]
