"""The question lexicon (prompts/question_words.toml) as compiled patterns.

One table says, for every question phrase, which kind of question it signals and whether it leaves
the topic; the patterns that detect what is asked and the one that cuts question wording out of the
topic are both built from it, so they cannot disagree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.answering.prompts import load
from bot.answering.roles import ROLES, question_phrases, table
from core.text import fold, toned_syllables

_WORD_EDGE = ("(?<![a-z])", "(?![a-z])")  # whole words of the folded text; '95%' still has its '%'


@dataclass(frozen=True)
class Lexicon:
    asks: dict[str, re.Pattern]  # kind → the phrases that signal it
    nouns: dict[str, tuple[re.Pattern, frozenset[str]]]  # kind → nouns that signal it unless one of these kinds is asked
    wording: re.Pattern  # every phrase that is question wording, cut out of the topic
    comparison: re.Pattern  # wording that asks to compare plans
    asker: tuple[re.Pattern, re.Pattern]  # a sentence about the asker: (as typed, lower case; folded)
    stop: frozenset[str]  # folded stop words of an unaccented question (ambiguous ones kept)
    toned_stop: frozenset[str]  # stop words as typed with diacritics
    why: dict[str, str]  # kind → why it matters (for the README and reviewers)


def _alternation(phrases: list[str], names: dict[str, str]) -> re.Pattern:
    for name, value in names.items():
        phrases = [p.replace("{" + name + "}", value) for p in phrases]
    ordered = sorted(phrases, key=len, reverse=True)  # the longest wording is cut whole
    return re.compile(f"{_WORD_EDGE[0]}(?:{'|'.join(ordered)}){_WORD_EDGE[1]}")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = load("question_words")
    names = data.get("names", {})
    kinds = data["asks"] | _role_kinds()
    asks = {k: _alternation(v.get("cut", []) + v.get("keep", []), names) for k, v in kinds.items()}
    nouns = {k: (_alternation(v["noun"], names), frozenset(v.get("yields_to", []))) for k, v in kinds.items() if "noun" in v}
    cut = [p for v in kinds.values() for p in v.get("cut", [])] + data["wording"]["cut"]
    words = data["stop_words"]["words"].split()
    ambiguous = set(data["stop_words"]["ambiguous_unaccented"].split())
    return Lexicon(asks=asks, nouns=nouns, wording=_alternation(cut, names),
                   comparison=_alternation(data["comparison"]["cut"], names),
                   asker=(re.compile(rf"(?<!\w)(?:{'|'.join(data['asker']['accented'])})(?!\w)"),
                          _alternation(data["asker"]["folded"], {})),
                   stop=frozenset({fold(w) for w in words} - ambiguous),
                   toned_stop=frozenset(toned_syllables(w)[0] for w in words),
                   why={k: v["why"] for k, v in kinds.items()})


def _role_kinds() -> dict[str, dict]:
    """Who leads and who coordinates are asked with the role verbs of prompts/roles.toml, the table
    list questions read an agency's role with."""
    return {role: question_phrases(role) | {"why": table()[role]["why"]} for role in ROLES}


def asked_kinds(folded: str) -> set[str]:
    """The kinds the question's wording signals; a noun that names a figure ('số lượng', 'tỷ lệ') counts
    only when no other question word asks who or when."""
    asks = {name for name, pat in lexicon().asks.items() if pat.search(folded)}
    return asks | {name for name, (pat, yields) in lexicon().nouns.items() if not asks & yields and pat.search(folded)}
