"""The role verbs of prompts/roles.toml as the patterns that read them.

One table says how a verb gives an agency its role; what a question asks (bot/answering/lexicon.py) and which
role a list question gives the agency it names (bot/answering/query.py) are both built from it, so 'Cơ quan nào
đảm nhiệm …' and 'Sở X đảm nhiệm những việc gì' cannot be read with different verbs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.answering.prompts import load

ROLES = ("lead", "coordinating")  # the kinds a question asks and a task row fills; lead first (see role_patterns)


@dataclass(frozen=True)
class Verb:
    phrase: str
    kind: str  # alone | asked | kept | duty (prompts/roles.toml says what each means)
    why: str


@lru_cache(maxsize=1)
def table() -> dict:
    return load("roles")


def verbs(role: str) -> list[Verb]:
    return [Verb(v["phrase"], v["kind"], v["why"]) for v in table()[role]["verbs"]]


def question_phrases(role: str) -> dict[str, list[str]]:
    """The lexicon entry of a role: {'cut': phrases that ask it and leave the topic, 'keep': those that stay}."""
    who = table()["who"]
    found = verbs(role)
    cut = [v.phrase for v in found if v.kind == "alone"] + list(table()[role].get("question", []))
    cut += [f"{who} {v.phrase}" for v in found if v.kind == "asked"]
    return {"cut": cut, "keep": [v.phrase for v in found if v.kind == "kept"]}


def _either(phrases: list[str]) -> str:
    return "(?:" + "|".join(sorted(phrases, key=len, reverse=True)) + ")"


@lru_cache(maxsize=None)
def role_patterns() -> tuple[tuple[str, str], ...]:
    """(role, pattern) over a folded list question, `{k}` standing for the agency: lead first, since in
    'X chủ trì, phối hợp với Y' X leads. 'do X' and 'giao (cho) X' name the lead whatever the verb."""
    modal = f"(?:{_either(table()['modals'])} )?"
    out = []
    for role in ROLES:
        found = verbs(role)
        strong = _either([v.phrase for v in found if v.kind in ("alone", "kept")])
        every = _either([v.phrase for v in found if v.kind != "duty"])
        parts = [rf"\b{{k}}(?: [a-z]+){{{{0,3}}}} {modal}{strong}\b", rf"\b{{k}} {modal}{every}\b"]
        parts += [r"\bdo {k}\b", r"\bgiao (?:cho )?{k}\b", r"\b{k}(?: [a-z]+){{0,3}} duoc giao\b"] if role == "lead" \
            else [rf"\b{strong} (?:voi |cung )?{{k}}\b"]
        out.append((role, "|".join(parts)))
    return tuple(out)


def duty_verbs() -> re.Pattern:
    """Verbs of a duty whose date a question may ask ('báo cáo … trước ngày 15/11')."""
    return re.compile(rf"\b{_either([v.phrase for v in verbs('report')])}\b")
