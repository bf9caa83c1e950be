"""Put the cells of a short pipe row back in their columns.

A pipe scrape prints a rowspan's cell once, in the row where it starts: the rows it covers are short
and say nothing of which column they lack. A column's cells look alike down the table (numbers,
dates, agency names, long task text), so the cells of a short row are aligned to the columns whose
full rows they resemble most; the columns left over are filled from the row above (the rowspan
carried down) and marked as carried, not read.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from core.text import AGENCY_HEADS, fold

# What a cell looks like, a pattern with the reason each one tells columns apart.
_LOOKS = [
    ("number", re.compile(r"^\(?\d{1,3}(\.\d{1,3})*\.?\)?$")),  # a row number or a small count
    ("amount", re.compile(r"^[\d.,%\s]+$")),  # figures of an indicator or budget column
    ("time", re.compile(r"\b(19|20)\d\d\b|\bquy [1-4iv]+\b|\bthang\b|\bhang nam\b|thuong xuyen|\bngay\b")),
    ("code", re.compile(r"^[\w./-]{1,14}$")),  # a procedure code, a unit, 'B1'
]


def _look(cell: str) -> str:
    text = fold(cell)
    if not text:
        return "empty"
    for name, pattern in _LOOKS:
        if pattern.search(text):
            return name
    if AGENCY_HEADS.match(text):
        return "agency"
    return "short" if len(text) < 40 else "long"


def resolve_spans(rows: list[list[str]], width: int) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """Rows (the header first) widened to `width`: one-cell rows are group rows spanning the table,
    other short rows take the missing columns from the row above. Returns the rows and the carried
    (row, column) cells."""
    profiles = _profiles(rows, width)
    label = _label_column(rows[0], profiles)
    bias = _carry_bias(rows[0], width)
    out: list[list[str]] = []
    carried: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        if r < 2 or len(row) >= width or not _under_span(row, rows[r - 1], width):
            out.append(row[:] + [""] * (width - len(row)))
            continue
        above = out[-1]
        cols = _align(row, width, profiles, above, bias)
        full = above[:]
        for c in range(width):
            if c not in cols and above[c]:
                carried.add((r, c))
                if c == label:
                    full[c] = ""  # a row number spanning rows numbers one item: the row goes on it
        for cell, c in zip(row, cols):
            full[c] = cell
        out.append(full)
    return out, carried


# A group row's label (I, II, A, Phần B): a group row spans the table, it is never under a rowspan.
_GROUP_LABEL = re.compile(r"^(phần\s+)?([IVXLC]{1,6}|[A-ZĐ])[.)]?(\s|$)", re.IGNORECASE)


def _under_span(row: list[str], above: list[str], width: int) -> bool:
    """A short row sits under a rowspan only below a data row (a header or group row spans no
    rows down) and when it is not itself a group row (one cell, or a label and its title)."""
    if len(row) == 1 or len(above) == 1 or (len(row) == 2 and _GROUP_LABEL.match(row[0])):
        return False
    return not (len(above) <= 2 and above and _GROUP_LABEL.match(above[0]))


def _label_column(header: list[str], profiles: list[Counter]) -> int | None:
    for c, title in enumerate(header):
        looks = profiles[c]
        if re.fullmatch(r"(s[oố] )?tt\.?|stt\.?|số thứ tự", title.strip().lower()) or \
                looks["number"] * 2 > sum(looks.values()) > 0:
            return c
    return None


def _profiles(rows: list[list[str]], width: int) -> list[Counter]:
    profiles = [Counter() for _ in range(width)]
    for row in rows[1:]:
        if len(row) == width:
            for c, cell in enumerate(row):
                profiles[c][_look(cell)] += 1
    return profiles


def _fit(cell: str, profile: Counter) -> float:
    total = sum(profile.values())
    return math.log((profile[_look(cell)] + 0.5) / (total + 1.0))


# What a header says of a column being merged down (a rowspan), each with why: a task's own text is never
# shared by the rows under it; the lead agency is what plans merge down most (one Sở over several tasks).
# The lead's bonus, 2.0, is the smallest with which the 100 generated plans with merged leads read back
# (1.0: 1 failing); over corpus/tables both together cost 7 of 3,373 tables (83.75% -> 83.55%).
_NEVER_CARRIED = re.compile(r"nhiem vu|noi dung|^ten\b|hoat dong|chi tieu")
_OFTEN_CARRIED = re.compile(r"chu tri")


def _carry_bias(header: list[str], width: int) -> list[float]:
    """Per column, what skipping it (taking it from the row above) costs beyond an empty cell above."""
    out = []
    for c in range(width):
        title = fold(header[c]) if c < len(header) else ""
        out.append(-6.0 if _NEVER_CARRIED.search(title) else 2.0 if _OFTEN_CARRIED.search(title) else 0.0)
    return out


def _align(row: list[str], width: int, profiles: list[Counter], above: list[str],
           bias: list[float] | None = None) -> list[int]:
    """Columns for the row's cells, in order: the best-scoring monotone alignment, where skipping a
    column that is empty above costs (nothing there to carry down) and ties go to skipping left."""
    k = len(row)
    bias = bias or [0.0] * width
    neg = -1e9
    best = [[neg] * (width + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, width + 1):
        best[0][j] = best[0][j - 1] + (0.0 if above[j - 1] else -3.0) + bias[j - 1]
    for i in range(1, k + 1):
        for j in range(i, width + 1):
            skip = best[i][j - 1] + (0.0 if above[j - 1] else -3.0) + bias[j - 1]
            take = best[i - 1][j - 1] + _fit(row[i - 1], profiles[j - 1])
            best[i][j] = max(take, skip)
    cols, i, j = [], k, width
    while i > 0:
        take = best[i - 1][j - 1] + _fit(row[i - 1], profiles[j - 1])
        if j == i or abs(best[i][j] - take) < 1e-9:
            cols.append(j - 1)
            i -= 1
        j -= 1
    return cols[::-1]
