"""Rows of a pipe scrape: the cheapest segmentation of its cells into rows at the table's width.

A pipe scrape prints a cell per line ending in '|' and opens every row with an empty marker cell; an
empty cell is also how an empty column is printed, and a rowspan's cell is printed once. The costs
below say which segmentation explains the cells best; ingest.spans puts short rows back in columns.
"""
from __future__ import annotations

import re

from ingest.spans import resolve_spans

_ROW_LABEL = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|[A-Za-zĐđ][.)]?)$"  # a bare label cell
                        r"|^([IVXLC]{1,6}|[A-Z])[.)]\s+\S")  # or a group row whose label opens its title


def pipe_rows(cells: list[str]) -> list[list[str]]:
    return read_pipe_rows(cells)[0]


def read_pipe_table(cells: list[str]) -> tuple[list[list[str]], list[int], set[tuple[int, int]]]:
    """Rows with rowspans resolved, the cells each row had as read, and the carried cells."""
    raw, width = _raw_pipe_rows(cells)
    widths = [len(r) for r in raw]
    if width < 2:
        return raw, widths, set()
    rows, carried = resolve_spans(raw, width)
    return rows, widths, carried


def read_pipe_rows(cells: list[str]) -> tuple[list[list[str]], list[int]]:
    rows, widths, _ = read_pipe_table(cells)
    return rows, widths


def _raw_pipe_rows(cells: list[str]) -> tuple[list[list[str]], int]:
    """Rows begin with an empty marker cell, but an empty cell is also how an empty column is
    printed, and a rowspan's cell is printed once, so rows under it are short. The rows are the
    segmentation of the cells that keeps most rows at the table's width (see _segment); the width
    is the header's, or wider when a second header level splits some of its cells."""
    i = 0
    while i < len(cells) and not cells[i]:
        i += 1
    j = i
    while j < len(cells) and cells[j]:
        j += 1
    header = cells[i:j]
    if len(header) < 2:
        return [[c] for c in cells if c], 1
    body = cells[j:]
    widths = range(len(header), len(header) + max(_second_level(body), min(_widest_run(body) - len(header), _SECOND_LEVEL_MAX)) + 1)
    width = min(widths, key=lambda w: (_segment(body, w)[0] + _WIDER_COST * (w > len(header)), w))
    return [header] + _segment(body, width)[1], width


def _widest_run(body: list[str]) -> int:
    """The longest run of filled cells below the header: a header with spanning cells is narrower
    than the rows under it, so widths up to this one are tried too."""
    longest = run = 0
    for cell in body:
        run = run + 1 if cell else 0
        longest = max(longest, run)
    return longest


def _second_level(body: list[str]) -> int:
    """How many columns a second header level may add: its cells (the first row under the header)
    less one, when they read like column titles (short, none a row number), else none."""
    i = 1
    while i < len(body) and body[i]:
        i += 1
    first = body[1:i]
    if len(first) < 2 or any(len(c) > 40 or _ROW_LABEL.match(c) for c in first):
        return 0
    return min(len(first) - 1, _SECOND_LEVEL_MAX)


_SECOND_LEVEL_MAX = 12  # a second header level adds at most this many columns
_GROUP_ROW_LABEL = re.compile(r"^(phần\s+)?([IVXLC]{1,6}|[A-ZĐ])[.)]?$", re.IGNORECASE)
_OVERLONG_COST = 10  # a row longer than the header: only when no segmentation avoids it
_WIDER_COST = 3  # a width other than the header's must explain the rows better than this
# A group label (I, II, B) and its title in capitals after an empty cell inside a row are a row of its own run in: two group rows
# ('A | ĐỐI TƯỢNG', 'I | NHÓM …') cost 1 + 1 apart and would pass for one full row of six cells.
_INNER_LABEL_COST = 2.5


# A row number right after an empty first cell ('', '3', task …) is the row's number after its marker: the
# row above was cut one cell early. Rows under a merged lead are short (1.5 each, opening with their
# number); when the row above one ends with an empty cell, cutting that row early makes the short row
# full at no cost, and its number went into the task above. This costs more than the short row it avoids
# (1.5) so the rows under the merged lead keep their numbers; the shape of the other costs sets it, the
# corpus measure is in the README (Tables on real documents).
_NUMBER_AFTER_EMPTY_COST = 2.0
_ROW_NUMBER = re.compile(r"^(\d{1,3}(\.\d{1,3})*\.?|[a-zđ]\))$")  # '8', '2.1', 'a)': not a year, an amount, a mark 'X'


def _row_cost(row: list[str], width: int) -> float:
    """Full rows are free unless they swallow a group row or open with an empty cell and a row number;
    a one-cell row is a group row spanning the table; a short row is a row under a rowspan, likelier
    when it opens with its number; an empty short row is a stray '|'."""
    if len(row) > width:
        return _OVERLONG_COST
    inner = _INNER_LABEL_COST * sum(1 for a, b, c in zip(row, row[1:], row[2:] + [""]) if not a and (
        (_GROUP_ROW_LABEL.match(b) and _group_title(c)) or _LABELLED_TITLE.match(b) and _group_title(b)))
    if len(row) > 1 and not row[0] and _ROW_NUMBER.match(row[1]):
        inner += _NUMBER_AFTER_EMPTY_COST
    if len(row) == width:
        return inner
    return inner + _short_row_cost(row)


_LABELLED_TITLE = re.compile(r"^([IVXLC]{1,6}|[A-ZĐ])[.)]\s+\S")  # 'C. NHÓM …' in one cell


def _group_title(cell: str) -> bool:
    """What follows a group label: a title of words in capitals ('NHÓM GIẢI PHÁP …'), not a mark ('X')."""
    words = cell.split()
    return len(words) >= 2 and cell.isupper()


def _short_row_cost(row: list[str]) -> float:
    if not any(row):
        return 4
    if len(row) == 1 or (len(row) == 2 and _GROUP_ROW_LABEL.match(row[0])):
        return 1  # a group row: its title, or its label and title, span the table
    return 1.5 if _ROW_LABEL.match(row[0]) else 2


def _segment(cells: list[str], width: int) -> tuple[float, list[list[str]]]:
    """Cheapest split of `cells` (which open with a marker) into rows of at most `width` cells, each
    row after an empty marker cell: a dynamic programme from the end."""
    n = len(cells)
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    run_end = n  # the first empty cell after i: a row can never be shorter than the run it opens
    for i in range(n - 1, -1, -1):
        best[i] = (float("inf"), n)
        if cells[i]:
            continue
        longest = max(width, run_end - i - 1)
        run_end = i
        for k in range(0, min(longest, n - i - 1) + 1):
            nxt = i + 1 + k
            if nxt < n and cells[nxt]:
                continue
            cost = _row_cost(cells[i + 1:nxt], width) + best[nxt][0]
            if cost < best[i][0]:
                best[i] = (cost, nxt)
    if n and cells[0]:
        return float("inf"), [cells]
    rows, i = [], 0
    while i < n:
        nxt = best[i][1]
        if nxt > i + 1:
            rows.append(cells[i + 1:nxt])
        i = nxt if nxt > i else n
    return best[0][0] if n else 0.0, rows
