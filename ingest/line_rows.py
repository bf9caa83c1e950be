"""Tables written a row per line: Markdown ('| a | b |' under a '|---|' rule) and wiki scrapes.

A wiki renderer wraps a row over several lines and opens some rows without their first '|'; the
rules below say which line opens a row and which goes on the row before.
"""
from __future__ import annotations

import re

from core.text import collapse, strip_markup
from ingest.spans import resolve_spans

MD_RULE = re.compile(r"^\|?(\s*:?-{2,}:?\s*\|)+\s*$")  # '|---|---|' under a Markdown header


def is_md_row(line: str) -> bool:
    return line.startswith("|") and line.endswith("|") and line.count("|") >= 3


def line_rows_form(lines: list[str]) -> bool:
    """Markdown and wiki tables write a row per line ('| a | b |', 'a | b |'); pipe scrapes a cell
    per line. A Markdown rule says which; else the form is the one most '|'-ended lines have."""
    if any(MD_RULE.match(l.strip()) for l in lines):
        return True  # a Markdown rule under the header, whatever the rows' cells look like
    first = next((l.strip() for l in lines if l.strip()), "")
    if is_md_row(first) and _line_cells(first).count("") < len(_line_cells(first)) - 1:
        return True  # a header written whole on its first line ('| Năm | Tựa đề |'): a scrape opens a row with '|' alone
    ended = [l.strip() for l in lines if l.strip().endswith("|")]
    return sum(l.count("|") >= 2 for l in ended) * 2 > len(ended)


def line_rows_table(lines: list[str]):
    """Rows of a one-row-per-line table (Markdown, wiki). A line opening with '|' opens a row; a line
    that does not goes on the row before while that row is short of the table's width (the renderer
    wrapped it) or while its last line left a cell open (no closing '|'), and otherwise opens a row of
    its own (a row under a rowspan, printed without its first cells)."""
    width = _rule_width(lines)
    rows, last_whole = _collect_rows(lines, width)
    width = width or (len(rows[0]) if rows else 0)
    rows = [part for row in rows for part in _split_emptied(row, width)] if width >= 2 else rows
    if last_whole and len(rows) > 2 and 2 <= len(rows[-1]) < width:
        rows[-1] = rows[-1] + [""] * (width - len(rows[-1]))  # see _collect_rows
    resolved, carried = resolve_spans(rows, width) if width >= 2 else (rows, set())
    widths = [len(r) for r in rows]
    if width >= 2 and len(rows) > 1:
        widths[-1] += _dropped_trailing(resolved[-1], len(rows) - 1, widths[-1], carried, width)
    return (resolved, widths), carried


def _dropped_trailing(row: list[str], r: int, read: int, carried: set[tuple[int, int]], width: int) -> int:
    """Empty cells the last row had at its right end: the scrape strips a table's trailing '| |||', so
    its last row ends at its last filled cell ('| TL-1 | Việt Nam | Máy bay |' under six columns whose
    rows above end in '| |||'), and Markdown (GFM) reads missing cells at a row's end as empty too.
    Only the empty, uncarried columns right of the row's last cell count, never more than it lacks."""
    missing = width - read - sum((r, c) in carried for c in range(width))
    trailing = 0
    for c in range(width - 1, -1, -1):
        if row[c] or (r, c) in carried:
            break
        trailing += 1
    return max(0, min(missing, trailing))


def _collect_rows(lines: list[str], width: int) -> tuple[list[list[str]], bool]:
    """The rows, and whether the last one opens with '|': printed from its first column, not under a
    rowspan, so what it lacks is the empty cells at its end the scrape strips from a table's last row
    ('| 2021 | Thương ngày nắng về', '|', 'Mẹ ông Mậu |' under rows ending in '| |||')."""
    rows: list[list[str]] = []
    acc: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line or MD_RULE.match(line):
            if acc and MD_RULE.match(line):
                rows.append(_row_cells(acc, width))
                acc = []
            continue
        known = width or (len(rows[0]) if rows else 0)
        if acc and (acc[-1].endswith("|") or _overhangs(acc, known)) and _opens_row(line, acc, known):
            rows.append(_row_cells(acc, known))
            acc = []
        acc.append(line)
    if acc:
        rows.append(_row_cells(acc, width or (len(rows[0]) if rows else 0)))
    return rows, bool(acc) and acc[0].startswith("|")


def _overhangs(acc: list[str], width: int) -> bool:
    """A row whose cells are all closed ('| Mất | 2 tháng 4 năm 2005 |') with text after its last '|'
    ('(84 tuổi)', '–', a second date): an infobox template prints that note after the value's cell. It
    is the end of the last cell, not a cell left open, so the row is complete and the next line opens one."""
    text = " ".join(acc)
    return width >= 2 and not text.endswith("|") and len(_line_cells(text)) - 1 >= width


def _row_cells(acc: list[str], width: int) -> list[str]:
    cells = _line_cells(" ".join(acc))
    if _overhangs(acc, width):
        cells = cells[:-2] + [collapse(f"{cells[-2]} {cells[-1]}")]
    return cells


def _split_emptied(row: list[str], width: int) -> list[list[str]]:
    """A row longer than the table whose cells past the width are all empty ('Top 5 | | | | | |' under
    3 columns) is the row and the rows after it whose cells the renderer emptied (names behind flags,
    links): no cell of text moves, the empty ones make rows of their own."""
    if len(row) <= width or any(row[width:]):
        return [row]
    rest = row[width:]
    return [row[:width]] + [rest[i:i + width] for i in range(0, len(rest), width)]


def _rule_width(lines: list[str]) -> int:
    """The columns a Markdown rule '|---|---|' counts, 0 without one."""
    rule = next((l.strip() for l in lines if MD_RULE.match(l.strip())), "")
    return rule.strip("|").count("|") + 1 if rule else 0


_PIPES_ONLY = re.compile(r"^[|\s]+$")


def _opens_row(line: str, acc: list[str], width: int) -> bool:
    """Without a rule or a first row to give the width, a row written whole on one line ('| a | b |')
    is complete: the header of a table with no Markdown rule."""
    if _PIPES_ONLY.match(line) and width and len(_line_cells(" ".join(acc))) < width:
        return False  # '||': the empty cells closing a row the renderer wrapped ('| 1996 | Vết trói', '|', '||')
    if line.startswith("|") and line != "|":
        return True
    if not width:
        return len(acc) == 1 and acc[0].startswith("|")
    return line != "|" and len(_line_cells(" ".join(acc))) >= width


# A code span ('`|dead-url=`', a template parameter quoted in a wiki's help table): the '|' inside it is a
# character of the cell, not a border between two cells.
_CODE_SPAN = re.compile(r"`[^`\n]*`")


def _split_cells(text: str) -> list[str]:
    masked = _CODE_SPAN.sub(lambda m: m.group().replace("|", "\0"), text)
    return [part.replace("\0", "|") for part in masked.split("|")]


def _line_cells(text: str) -> list[str]:
    parts = _split_cells(text)
    if text.startswith("|"):
        parts = parts[1:]
    if text.endswith("|"):
        parts = parts[:-1]
    return [collapse(strip_markup(p)) for p in parts]
