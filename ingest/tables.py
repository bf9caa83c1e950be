"""Find tables written as text and turn them into rows of cells.

Three textual forms are handled, whatever file they come in:
- pipe scrapes: each cell is a line ending in '|' (a cell may span lines), a lone '|' ends an
  empty cell, and every row starts with an empty cell;
- Markdown rows '| a | b |' (with or without a '|---|' rule, with <b>/** emphasis);
- tab-separated rows.
Tables split by page breaks (repeated header, continuation rows) are merged back.
"""
from __future__ import annotations

import re

from core.text import collapse, fold, strip_markup
from ingest.read import Block, TableBlock, TextBlock

_RULE_CELL = re.compile(r"^:?-{2,}:?$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?$")


def split_text_tables(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        out.extend(_scan(block.lines) if isinstance(block, TextBlock) else [block])
    return merge_segments(out)


def _scan(lines: list[str]) -> list[Block]:
    out: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if _is_md_row(line):
            end = _run_end(lines, i, _is_md_row)
            out.append(_line_table(_md_rows(lines[i:end]), lines[i:end]))
        elif line.endswith("|"):
            end = _pipe_region_end(lines, i)
            out.extend(_pipe_blocks(lines[i:end]))
        elif line.count("\t") >= 2:
            end = _run_end(lines, i, lambda s: s.count("\t") >= 2)
            out.append(_line_table(_tsv_rows(lines[i:end]), lines[i:end]))
        else:
            end = i + 1
            _add_text(out, lines[i])
        i = end
    return out


def _line_table(rows: list[list[str]], source: list[str]) -> TableBlock:
    """Markdown and tab rows: one line is one row, its cells as written."""
    return TableBlock(rows, source_lines=list(source), read_widths=[len(r) for r in rows])


def _add_text(out: list[Block], line: str) -> None:
    if not out or not isinstance(out[-1], TextBlock):
        out.append(TextBlock([]))
    out[-1].lines.append(line)


def _run_end(lines: list[str], start: int, pred) -> int:
    end = start
    while end < len(lines) and pred(lines[end].strip()):
        end += 1
    return end


def _is_md_row(line: str) -> bool:
    return line.startswith("|") and line.endswith("|") and line.count("|") >= 3


def _md_rows(lines: list[str]) -> list[list[str]]:
    rows = []
    for line in lines:
        cells = [collapse(strip_markup(c)) for c in line.strip()[1:-1].split("|")]
        if cells and all(_RULE_CELL.match(c) or not c for c in cells) and any(cells):
            continue
        rows.append(cells)
    return rows


def _tsv_rows(lines: list[str]) -> list[list[str]]:
    return [[collapse(strip_markup(c)) for c in line.rstrip("\n").split("\t")] for line in lines]


# The longest runs of wrapped lines between two '|' lines in the corpus: cells of up to 18 lines
# (a recipients list, a long task), prose of 23+ lines caught between two layout tables.
_CELL_LINES_MAX = 20
# A line that opens a document or an article is never inside a table cell.
_NOT_IN_CELL = re.compile(r"^(ke hoach|quyet dinh:?|dieu \d+\b)")


def _pipe_region_end(lines: list[str], start: int) -> int:
    """A region goes on while lines end in '|', or unended lines run (without a blank line) into a
    line that ends in '|': a cell wrapped over several lines."""
    i = start
    while i < len(lines):
        if lines[i].strip().endswith("|"):
            i += 1
            continue
        j = i
        while j < len(lines) and j - i <= _CELL_LINES_MAX and _cell_line(lines[j]):
            j += 1
        if j < len(lines) and lines[j].strip().endswith("|") and j - i <= _CELL_LINES_MAX:
            i = j
            continue
        break
    return i


def _cell_line(line: str) -> bool:
    text = line.strip()
    return bool(text) and not text.endswith("|") and not _NOT_IN_CELL.match(fold(text.strip("*_ ")))


# Words of a table header row (STT, nội dung, chủ trì …): a header marks where a table really starts,
# so a signature block or appendix title run into the same pipe region stays text.
_HEADER_WORD = re.compile(r"^(stt|tt)\.?$|nhiem vu|noi dung|chu tri|phoi hop|thoi gian|chi tieu|don vi|ket qua")


def _pipe_blocks(lines: list[str]) -> list[Block]:
    cells, ends = _pipe_cells_at(lines)
    start = _header_start(cells)
    if start <= 0:
        return [_pipe_table(cells, lines)]
    first_line = ends[start - 1] + 1
    return [TextBlock([c for c in cells[:start] if c]), _pipe_table(cells[start:], lines[first_line:])]


def _pipe_table(cells: list[str], source: list[str]) -> TableBlock:
    rows, widths = read_pipe_rows(cells)
    return TableBlock(rows, source_lines=list(source), read_widths=widths)


def _header_start(cells: list[str]) -> int:
    """Index of the first header-word cell of the first run of non-empty cells holding at least two
    header words (a title cell may precede the header in the same run), else -1."""
    i = 0
    while i < len(cells):
        j = i
        while j < len(cells) and cells[j]:
            j += 1
        hits = [k for k in range(i, j) if len(cells[k]) < 60 and _HEADER_WORD.search(fold(cells[k]))]
        if len(hits) >= 2:
            return hits[0]
        i = j + 1
    return -1


def pipe_cells(lines: list[str]) -> list[str]:
    """Each '|' ends a cell; text on unended lines belongs to the next cell that ends."""
    return _pipe_cells_at(lines)[0]


def _pipe_cells_at(lines: list[str]) -> tuple[list[str], list[int]]:
    """The cells, and for each the index of the line where it ends."""
    cells: list[str] = []
    ends: list[int] = []
    pending: list[str] = []
    for n, raw in enumerate(lines):
        line = raw.strip()
        if not line.endswith("|"):
            pending.append(line)
            continue
        parts = line.split("|")[:-1]
        parts[0] = " ".join(pending + [parts[0]])
        pending = []
        cells.extend(collapse(strip_markup(p)) for p in parts)
        ends.extend([n] * len(parts))
    return cells, ends


_ROW_LABEL = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,6}\.?|[A-Za-zĐđ][.)]?)$"  # a bare label cell
                        r"|^([IVXLC]{1,6}|[A-Z])[.)]\s+\S")  # or a group row whose label opens its title


def pipe_rows(cells: list[str]) -> list[list[str]]:
    return read_pipe_rows(cells)[0]


def read_pipe_rows(cells: list[str]) -> tuple[list[list[str]], list[int]]:
    """Rows are separated by an empty marker cell; the header row fixes the column count.

    An empty cell is also how an empty column is printed, so after an empty cell a new row starts
    only when the current row is full or the next cell reads like a row label (1, 2.3, II, B):
    rows with missing trailing cells and empty inner cells both keep their columns."""
    i = 0
    while i < len(cells) and not cells[i]:
        i += 1
    header = []
    while i < len(cells) and cells[i]:
        header.append(cells[i])
        i += 1
    if len(header) < 2:
        rows = [[c] for c in cells if c]
        return rows, [1] * len(rows)
    rows, row, empties, widths = [header], [], 0, [len(header)]
    for cell in cells[i:]:
        if not cell:
            empties += 1
            continue
        if row and empties and (len(row) >= len(header) or _ROW_LABEL.match(cell)):
            rows.append(_fit(row, len(header)))
            widths.append(len(row))
            row = []
        elif row:
            row += [""] * empties
        row.append(cell)
        empties = 0
    if row:
        rows.append(_fit(row, len(header)))
        widths.append(len(row))
    return rows, widths


def _fit(row: list[str], width: int) -> list[str]:
    return row[:width] + [""] * (width - len(row))


def merge_segments(blocks: list[Block]) -> list[Block]:
    """Join a table with the next one when it is the same table continued on a new page."""
    out: list[Block] = []
    pending_gap: list[TextBlock] = []
    for block in blocks:
        if isinstance(block, TextBlock) and _is_gap(block):
            pending_gap.append(block)
            continue
        prev = out[-1] if out else None
        if isinstance(block, TableBlock) and isinstance(prev, TableBlock) and _continues(prev, block):
            _extend(prev, block)
        else:
            out.extend(pending_gap)
            out.append(block)
        pending_gap = []
    out.extend(pending_gap)
    return out


def _is_gap(block: TextBlock) -> bool:
    """Blank lines and bare page numbers between two parts of one table."""
    return all(not l.strip() or l.strip().isdigit() for l in block.lines)


def header_key(row: list[str]) -> tuple[str, ...]:
    return tuple(fold(c) for c in row)


def _continues(prev: TableBlock, block: TableBlock) -> bool:
    if not prev.rows or not block.rows or len(prev.rows[0]) < 3:
        return False
    if header_key(block.rows[0]) == header_key(prev.rows[0]):
        return True
    first = block.rows[0][0].strip()
    return len(block.rows[0]) == len(prev.rows[0]) and (not first or bool(_NUMBER.match(first)))


def _extend(prev: TableBlock, block: TableBlock) -> None:
    rows = block.rows[1:] if header_key(block.rows[0]) == header_key(prev.rows[0]) else block.rows
    skip = len(block.rows) - len(rows)
    prev.segment_starts.append(len(prev.rows))
    prev.rows.extend(rows)
    prev.read_widths.extend(block.read_widths[skip:])
    prev.source_lines.extend(block.source_lines)


def is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell.strip()))
