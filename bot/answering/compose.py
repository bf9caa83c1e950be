"""Write the Vietnamese answer from the decided evidence, with a citation marker per claim.

No language model: every sentence is a template from prompts/answers.toml filled with the fields
of a task row, an indicator row, a quoted passage or a plan's metadata, so nothing is invented.
"""
from __future__ import annotations

import re

from bot.answering.decision import Decision, Evidence, Reason
from bot.answering.lines import cite_passage, field_words, line, plan_words, scope
from bot.answering.listing import LIST_ROWS, list_answer
from bot.answering.prompts import load
from core.provinces import PROVINCES
from core.text import fold
from core.types import Citation, Filters

def compose(decision: Decision, filters: Filters, places: list[str],
            max_plans: int = 10, list_rows: int = LIST_ROWS) -> tuple[str, bool, list[Citation]]:
    """Lists at most `max_plans` plans; the others are counted, with a hint to filter. A list shows
    `list_rows` rows per plan (bot/answering/listing.py)."""
    t = load("answers")
    if decision.mode == "abstain":
        return _abstain(decision, filters, places, t) + _stated(decision, t, max_plans) + _unread(decision, t), False, []
    citations: list[Citation] = []
    if decision.mode == "candidates":  # not an answer (answerable false), but each unit shown is cited
        return _candidates(decision, filters, citations, t), False, citations
    groups, unstated = decision.groups[:max_plans], decision.detail.get("unstated", [])
    shown = unstated[:max(0, max_plans - len(groups))]  # plans named without the field share the budget
    hidden = len(decision.groups) + len(unstated) - len(groups) - len(shown)
    if decision.mode == "list":  # the links to the whole lists travel beside the text (Answer.lists)
        text, decision.detail["links"] = list_answer(groups, citations, filters, t, decision.detail.get("cut"),
                                                     list_rows, decision.detail.get("search", ""),
                                                     bool(decision.detail.get("more_possible")))
        text += _unread(decision, t)
    else:
        text = _evidence_answer(decision, groups, shown, citations, t)
    if hidden > 0:
        text += "\n" + t["multi"]["more"].format(more=hidden)
    return text, True, citations


def _evidence_answer(decision: Decision, groups: list[list[Evidence]], unstated: list[Evidence],
                     citations: list[Citation], t: dict) -> str:
    lines = [line(e, citations, t) for group in groups for e in group]
    lines += [_unstated_line(e, citations, t) for e in unstated]
    if len({c.source for c in citations}) <= 1:
        return "\n".join(lines)
    header = t["multi"]["header_at_least" if decision.detail.get("more_possible") else "header"]
    silent = sorted(plan_words(m, t) for m in decision.detail.get("silent", []))
    tail = [t["multi"]["silent"].format(plans="; ".join(silent))] if silent else []
    return "\n".join([header.format(count=len(decision.groups) + len(decision.detail.get("unstated", [])))]
                     + [t["multi"]["item"].format(line=x) for x in lines] + tail)


def _unstated_line(e: Evidence, citations: list[Citation], t: dict) -> str:
    """A plan that names the topic without the field asked: its quote, and what it does not say."""
    label, quote, n = cite_passage(e, citations)
    return t["passage"]["unstated"].format(plan=plan_words(e.chunk.metadata, t), fields=field_words(e.missing, t),
                                           label=label, quote=quote, n=n)


def _candidates(decision: Decision, filters: Filters, citations: list[Citation], t: dict) -> str:
    """The nearest units, each cited, under a sentence saying they may not answer the question."""
    lines = [t["candidates"]["item"].format(line=line(group[0], citations, t)) for group in decision.groups]
    return "\n".join([t["candidates"]["header"].format(scope=scope(filters, t))] + lines)


def _unread(decision: Decision, t: dict) -> str:
    """A condition read only in part is said, never silently dropped."""
    what = decision.detail.get("unread")
    return "\n" + t["task"]["unread"].format(what=what) if what else ""


def _stated(decision: Decision, t: dict, max_plans: int) -> str:
    """What the plans do say near an unanswerable question, named in words: an abstention cites nothing."""
    if not decision.groups:
        return ""
    lines = [re.sub(r"\s*\[\d+\]", "", line(group[0], [], t)) for group in decision.groups[:max_plans]]
    return "\n" + t["abstain"]["stated"] + "\n" + "\n".join(t["multi"]["item"].format(line=x) for x in lines)


def _abstain(decision: Decision, filters: Filters, places: list[str], t: dict) -> str:
    ta = t["abstain"]
    if decision.reason == Reason.UNKNOWN_PLACE:
        place = next((p for p in PROVINCES if fold(p) == decision.detail["place"]), decision.detail["place"])
        return ta["unknown_place"].format(place=place, places=", ".join(places))
    return ta[decision.reason].format(scope=scope(filters, t), fields=field_words(decision.detail.get("fields", []), t))
