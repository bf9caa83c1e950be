"""Put back the headings a scrape lost, from the numbering that remains.

Web scrapes often drop the bold heading lines of a plan: all of its 'I.'/'II.' parts, or some of
its '1.'/'2.' items (Quảng Ngãi's 07/KH-UBND keeps '4.' and '6.' of its tasks part and loses the
rest). The items below them then restart at '1.' or 'a)' under the wrong parent, so one plan has
three passages called 'mục 2.a' and a target filed under the heading before it. A reader counts
the restarts and knows where the lost headings were; so does this step. A restored heading has
no title (it is not in the text) and is marked as implied.

Rules, each from how Vietnamese administrative documents number their parts:
- '1.' right after a short heading of the same form that has no text of its own ('2. Mục tiêu cụ
  thể' over '1. Đến năm 2030', '2. Đến năm 2045') is numbered inside it, like '2.1', and the
  numbers that continue that inner run stay inside it.
- '1.' restarting after an item with text, in a document that prints no 'I.' part anywhere, starts
  a new part: the parts were lost, and the first run of the document is part I.
- 'a)' restarting twice or more before the next printed '4.' means the items before it were
  lost: the runs are numbered back from the printed number (three runs before '4.' are 1, 2, 3;
  one run after '4.' and before '6.' is 5). Without a printed number to count from, nothing is
  guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN, NUMBER, DOTTED, LETTER = 1, 2, 3, 4  # the heading forms, by rank in the tree (ingest.structure._PATTERNS)
_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
# A numbered line this long is an item's own text, not a heading over sub-items (chars); the outline
# (ingest.structure) and the quoting (bot.answering.relevance) read it the same way.
MIN_TITLE_AS_TEXT = 60


@dataclass
class Heading:
    form: int  # which pattern matched (ROMAN, NUMBER, DOTTED, LETTER, or 0 for 'Điều')
    label: str
    title: str
    rank: int = 0  # level in the tree; a '1.' numbered inside a '2.' is one level below its form
    implied: bool = False
    has_text: bool = False  # text lines follow before the next heading

    def __post_init__(self) -> None:
        self.rank = self.rank or self.form


def restore(items: list) -> list:
    """Items are Heading or anything else (text, tail, markers), in document order."""
    _mark_text(items)
    items = _number_letter_runs(items)
    return _number_restarts(items)


def _mark_text(items: list) -> None:
    last = None
    for item in items:
        if isinstance(item, Heading):
            last = item
        elif last is not None and isinstance(item, str):
            last.has_text = True


def _successor(label: str, form: int) -> str:
    if form == NUMBER and label.isdigit():
        return str(int(label) + 1)
    if form == ROMAN and label in _ROMANS[:-1]:
        return _ROMANS[_ROMANS.index(label) + 1]
    if form == LETTER and label in _LETTERS[:-1]:
        return _LETTERS[_LETTERS.index(label) + 1]
    return ""


def _number_letter_runs(items: list) -> list:
    """Implied '1.'… headings before 'a)' runs that restart under one parent, counted back from the
    next printed number."""
    heads = [(i, h) for i, h in enumerate(items) if isinstance(h, Heading)]
    inserts: dict[int, Heading] = {}
    k = 0
    while k < len(heads):
        anchor = heads[k - 1][1] if k else None
        runs, j = [], k
        while j < len(heads) and heads[j][1].form == LETTER:
            if heads[j][1].label == "a":
                runs.append(heads[j][0])
            j += 1
        after = heads[j][1] if j < len(heads) else None
        if len(runs) >= 2 and after is not None and after.form == NUMBER and after.label.isdigit():
            inserts |= _labels_for_runs(runs, anchor, int(after.label))
        k = j + 1 if j > k else k + 1
    return [x for i, item in enumerate(items) for x in ([inserts[i]] if i in inserts else []) + [item]]


def _labels_for_runs(runs: list[int], anchor: Heading | None, printed: int) -> dict[int, Heading]:
    """The first run stays under its anchor when the anchor's number leads up to the printed one."""
    follows_anchor = anchor is not None and anchor.form == NUMBER and anchor.label.isdigit() \
        and int(anchor.label) + len(runs) == printed
    lost = runs[1:] if follows_anchor else runs
    first = printed - len(lost)
    if first < 1:
        return {}
    return {at: Heading(NUMBER, str(first + n), "", implied=True) for n, at in enumerate(lost)}


def _number_restarts(items: list) -> list:
    """Ranks for '1.' runs nested in a bare heading, and implied parts where '1.' restarts."""
    any_part = any(isinstance(h, Heading) and h.form == ROMAN for h in items)
    out: list = []
    stack: list[Heading] = []
    parts = 0
    for item in items:
        if not isinstance(item, Heading):
            out.append(item)
            continue
        if item.form == NUMBER:
            part = _place_number(item, stack, any_part)
            if part:
                parts += 1
                if parts == 1:  # the document's first run was part I
                    _insert_first_part(out)
                    stack = [h for h in stack if h.form != NUMBER]
                label = _ROMANS[min(parts, len(_ROMANS) - 1)]
                implied = Heading(ROMAN, label, "", implied=True)
                out.append(implied)
                stack = [implied]
        while stack and stack[-1].rank >= item.rank:
            stack.pop()
        stack.append(item)
        out.append(item)
    return out


def _place_number(item: Heading, stack: list[Heading], any_part: bool) -> bool:
    """Set the item's rank; True when it starts a lost part."""
    numbered = [h for h in stack if h.form == NUMBER]
    same = next((h for h in reversed(numbered) if _successor(h.label, NUMBER) == item.label), None)
    if same is not None:
        item.rank = same.rank
        return False
    if item.label != "1" or not numbered:
        return False
    inner = numbered[-1]
    if inner is stack[-1] and inner.rank == NUMBER and not inner.has_text and len(inner.title) < MIN_TITLE_AS_TEXT:
        item.rank = DOTTED
        return False
    return not any_part


def _insert_first_part(out: list) -> None:
    first = next((i for i, h in enumerate(out) if isinstance(h, Heading) and h.form == NUMBER), None)
    if first is not None:
        out.insert(first, Heading(ROMAN, "I", "", implied=True))
