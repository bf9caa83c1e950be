"""Token lists, document frequencies and accent forms of the indexed chunks: what coverage
(bot/answering/relevance.py) weighs words by and how an unaccented question gets its diacritics back."""
from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from core.text import fold, has_diacritics, syllables, toned_syllables
from core.types import Chunk

_ACCENTED_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    return fold(word)


def _grams(text: str) -> list[tuple[str, str]]:
    """Words and word pairs as written, each with its folded key: the accent forms of the plans."""
    words = _ACCENTED_WORD.findall(text.lower())
    folded = [_fold_word(w) for w in words]
    return list(zip(words, folded)) + [(f"{a} {b}", f"{fa} {fb}")
                                       for a, b, fa, fb in zip(words, words[1:], folded, folded[1:])]


@lru_cache(maxsize=50_000)
def _plain(text: str) -> list[str]:
    return syllables(text)


@lru_cache(maxsize=50_000)
def _toned(text: str) -> list[str]:
    return toned_syllables(text)


class Corpus:
    """Document frequencies and accent forms of the indexed chunks, and each chunk's words.

    A chunk's word lists are made when first asked for (only retrieved chunks are), so start-up keeps
    only the two aggregates, which bot/answering/snapshot.py saves and loads. `updated` derives a new corpus from
    the differences only, so adding one plan to an index of thousands does not re-tokenise the rest;
    searches keep using the old corpus until it is swapped."""

    def __init__(self, chunks: list[Chunk] | None = None):
        self.texts: dict[str, str] = {}
        self.df: Counter = Counter()
        self.forms: dict[str, Counter] = {}
        self._change(chunks or [], +1, set())

    @property
    def n(self) -> int:
        return max(len(self.texts), 1)

    def updated(self, added: list[Chunk], removed: list[Chunk]) -> Corpus:
        new = Corpus()
        new.texts, new.df, new.forms = dict(self.texts), self.df.copy(), dict(self.forms)
        copied: set[str] = set()  # forms counters shared with the old corpus are copied before a change
        new._change(removed, -1, copied)
        new._change(added, +1, copied)
        return new

    def _change(self, chunks: list[Chunk], sign: int, copied: set[str]) -> None:
        for c in chunks:
            if sign > 0:
                self.texts[c.id] = c.text
            else:
                self.texts.pop(c.id, None)
            words = set(syllables(c.text)) | set(toned_syllables(c.text))  # not cached: most are never asked for
            (self.df.update if sign > 0 else self.df.subtract)(words)
            for gram, key in _grams(c.text):
                if key not in copied:
                    self.forms[key] = self.forms[key].copy() if key in self.forms else Counter()
                    copied.add(key)
                self.forms[key][gram] += sign
        if sign < 0:  # drop what no chunk uses any more
            self.df = +self.df
            for key in copied & self.forms.keys():
                self.forms[key] = +self.forms[key]
                if not self.forms[key]:
                    del self.forms[key]
                    copied.discard(key)

    def tokens_of(self, chunk_id: str, accented: bool) -> list[str]:
        text = self.texts.get(chunk_id)
        if text is None:
            return []
        return _toned(text) if accented else _plain(text)

    def idf(self, token: str) -> float:
        return math.log(1 + self.n / (1 + self.df.get(token, 0)))

    def restore_accents(self, text: str) -> str:
        """'cap cuu ngoai vien' → 'cấp cứu ngoại viện' using the plans' own most frequent spellings,
        so a question typed without diacritics embeds like an accented one. Words typed with their
        marks keep them: a question is often half accented ('Ai chủ trì de an cap cuu?')."""
        words = text.split()
        # typed without marks, in lower case (a capitalised bare word is a name: 'An Giang'), and known to the plans
        plain = not has_diacritics(text)  # typed wholly without marks: every word is restored
        bare = [(plain or w.islower()) and fold(w) == w.lower() and fold(w) in self.forms for w in words]
        if not any(bare) or (not plain and sum(bare) * 2 < len(words)):
            return text  # an accented question with a few bare words ('và', 'an') is left as typed
        out, i = [], 0
        while i < len(words):
            pair = fold(" ".join(words[i:i + 2])) if i + 1 < len(words) and bare[i] and bare[i + 1] else ""
            if pair in self.forms:
                out.append(self.forms[pair].most_common(1)[0][0])
                i += 2
                continue
            out.append(self.forms[fold(words[i])].most_common(1)[0][0] if bare[i] else words[i])
            i += 1
        return " ".join(out)
