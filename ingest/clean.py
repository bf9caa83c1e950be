"""Drop the partial copy that web scrapes put before the official text.

Scraped pages often show a preview of the plan (headings stripped) and then the official copy.
The preview is found as a run of lines whose content reappears, in the same order, right after it.
A table whose rows repeat their wording (row 2 restating row 1's cells) looks like that too; its rows
are told apart by their number cells and by copies that drift apart (issue 22).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from core.text import fold
from ingest.read import Block, TextBlock

_MIN_KEY_LETTERS = 12
_MIN_SHARED_LINES = 3
_MIN_SHARED_RATIO = 0.8
# A site's preview comes before the official text: in the bundled scrapes it starts at 4 % and 8 % of
# the lines. Runs that repeat later in a plan (two sections listing the same decree with the same
# fields, appendix tables) start at 37–54 % in the corpus and are the plan's own text.
_PREVIEW_ZONE = 0.15


def _key(line: str) -> str:
    key = fold(line)
    return key if len(re.sub(r"[^a-z]", "", key)) >= _MIN_KEY_LETTERS else ""


def drop_duplicate_preamble(lines: list[str]) -> tuple[list[str], int]:
    """Return the lines without the earlier copy, and how many lines were dropped.

    Linear in the lines for repeated content: each key's positions are searched by bisection and a
    line 'occurs from `again` on' when its last position is at or after `again` (rebuilding those sets
    per candidate start made a 2.6 MB text of repeated lines take half an hour)."""
    known: dict[str, str] = {}  # a repeated line is folded once
    keys = [known[l] if l in known else known.setdefault(l, _key(l)) for l in lines]
    positions: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        if k:
            positions.setdefault(k, []).append(i)
    pipe_lines = [i for i, line in enumerate(lines) if line.rstrip().endswith("|")]
    row_starts = [i for i in range(1, len(lines)) if _is_row_start(lines[i - 1], lines[i])]
    for start, k in enumerate(keys[:int(len(keys) * _PREVIEW_ZONE) + 1]):
        if not k or positions[k][-1] <= start:
            continue
        again = positions[k][bisect_right(positions[k], start)]
        if not _holds_row_start(row_starts, start, again) and _is_copy(keys, start, again, positions, pipe_lines):
            return lines[:start] + lines[again:], again - start
    return lines, 0


# A table row of the scrapes opens with its number cell: '|' closing the row before, then a bare
# '2' or '2.'. Of the 11 runs the tables corpus lost as previews (issue 22), the 7 that dropped
# whole rows hold one; the bundled scrapes' previews (prose and letterhead cells) hold none.
_ROW_NUMBER = re.compile(r"\d{1,3}\.?")


def _is_row_start(previous: str, line: str) -> bool:
    return previous.rstrip().endswith("|") and bool(_ROW_NUMBER.fullmatch(line.strip()))


def _holds_row_start(row_starts: list[int], start: int, again: int) -> bool:
    return bisect_left(row_starts, again) > bisect_left(row_starts, start)


# A site's preview is plain text (its letterhead cells aside: 6 of the 37 and 30 dropped lines of the
# bundled scrapes end in '|'); a run of which a third or more ends a cell is a table of the document
# itself, whose rows may well repeat their wording (a price list's 'Thu gom thủ công …' rows: 18 of 37).
_MAX_CELL_SHARE = 1 / 3


def _holds_cells(pipe_lines: list[int], start: int, again: int) -> bool:
    cells = bisect_left(pipe_lines, again) - bisect_left(pipe_lines, start)
    return cells >= _MAX_CELL_SHARE * (again - start)


# The official copy restores the headings the preview stripped: between two lines of the preview it
# inserts at most 2 lines in the bundled scrapes. A line that merely recurs somewhere later is no
# copy: the other 4 runs of issue 22 (two bullets of one cell opening alike, the rest an address
# that other rows repeat) had a line recurring 14 to 218 lines on. 3 leaves one line of room.
_MAX_COPY_GAP = 3


def _is_copy(keys: list[str], start: int, again: int, positions: dict[str, list[int]],
             pipe_lines: list[int]) -> bool:
    """True when most content lines in [start, again) recur in order from `again` on, each within
    _MAX_COPY_GAP lines of the one before; stops counting as soon as the misses rule it out."""
    segment = [k for k in keys[start:again] if k]
    if len(segment) < _MIN_SHARED_LINES or _holds_cells(pipe_lines, start, again):
        return False
    allowed = (1 - _MIN_SHARED_RATIO) * len(segment) + 1  # one spare: the exact ratio decides below
    misses, at = 0, again
    for k in segment:
        later = positions[k]
        j = bisect_left(later, at)
        if j < len(later) and later[j] - at <= _MAX_COPY_GAP:
            at = later[j] + 1
            continue
        misses += 1
        if misses > allowed:
            return False
    return (len(segment) - misses) / len(segment) >= _MIN_SHARED_RATIO


_MAX_SPAN_LINES = 6  # a bold or italic span wrapped by the scrape; longer runs are left alone


def _open_emphasis(text: str) -> bool:
    """True while a '**bold**' or '*italic*' span is open ('* ' opening a bullet does not count)."""
    text = re.sub(r"^\s*\*\s+", "", text)
    return text.count("**") % 2 == 1 or text.replace("**", "").count("*") % 2 == 1


def join_emphasis_spans(lines: list[str]) -> list[str]:
    """Scrapes wrap a bold heading over lines ('**III.' / 'ĐÁNH GIÁ …**', '**1. Sở' / 'Y tế**');
    joined, the heading is one line again, so its number, title and agency are read together."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        j, text = i, lines[i]
        while _open_emphasis(text) and j + 1 < len(lines) and j - i < _MAX_SPAN_LINES and lines[j + 1].strip():
            j += 1
            text = f"{text.rstrip()} {lines[j].strip()}"
        if _open_emphasis(text):
            j, text = i, lines[i]  # never closed: not a span, keep the lines as they were
        out.append(text)
        i = j + 1
    return out


def clean_blocks(blocks: list[Block]) -> tuple[list[Block], int]:
    out: list[Block] = []
    dropped = 0
    for block in blocks:
        if isinstance(block, TextBlock):
            lines, n = drop_duplicate_preamble(block.lines)
            block, dropped = TextBlock(join_emphasis_spans(lines)), dropped + n
        out.append(block)
    return out, dropped
