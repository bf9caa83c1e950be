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

from core.text import collapse, fold, nfc, strip_markup
from ingest.read import Block, TableBlock, TextBlock
from ingest.line_rows import MD_RULE, is_md_row, line_rows_form, line_rows_table
from ingest.pipe_rows import pipe_rows, read_pipe_rows, read_pipe_table  # noqa: F401 (pipe_rows: public here too)

_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?$")


def split_text_tables(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        out.extend(_scan(block.lines) if isinstance(block, TextBlock) else [block])
    return merge_segments(out)


# A wiki page's '[sửa | sửa mã nguồn]' (edit | edit source) link, glued before headings and tables:
# page chrome, never part of a table.
_EDIT_LINK = re.compile(r"^(\[sửa \| sửa mã nguồn\])(.+)$")


def _split_edit_links(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        m = _EDIT_LINK.match(line.strip())
        out.extend(m.groups() if m else [line])
    return out


def _scan(lines: list[str]) -> list[Block]:
    out: list[Block] = []
    lines = _split_edit_links(lines)
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line.endswith("|") or is_md_row(line):
            end = _pipe_region_end(lines, i)
            out.extend(_pipe_blocks(lines[i:end]))
        elif _is_tab_row(lines[i]):
            end = _run_end(lines, i, _is_tab_row)
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
    while end < len(lines) and pred(lines[end]):
        end += 1
    return end


def _is_tab_row(line: str) -> bool:
    """Two tabs or more after the line's first word: a row's empty trailing cells are tabs too (a group
    row 'I\tTITLE\t\t\t'), tabs indenting a paragraph are not."""
    return line.lstrip().rstrip(" \r\n").count("\t") >= 2


def _tsv_rows(lines: list[str]) -> list[list[str]]:
    return [[collapse(strip_markup(c)) for c in line.rstrip("\n").split("\t")] for line in lines]


# The longest run of wrapped lines a cell may have: the 42 plans have cells of up to 18 lines (a
# recipients list, a long task), procedure tables of decisions legal-basis cells of 20-35 lines. Over
# the 504 documents of corpus/tables 40 leaves the fewest failing tables (30: 589, 40: 587, 60: 593).
_CELL_LINES_MAX = 40
# A line that opens a document or an article is never inside a table cell: the type heading standing
# alone in capitals ('KẾ HOẠCH', 'QUYẾT ĐỊNH:'), an article heading ('Điều 3.'), a wiki edit link. A cell's
# wrapped line may well start with 'quyết định công nhận …' or 'kế hoạch …': those stay in the cell.
_NOT_IN_CELL = re.compile(r"^(ke hoach|quyet dinh):$|^dieu \d+[.:]|^\[sua \| sua ma nguon\]")
_TYPE_HEADING = {"ke hoach", "quyet dinh", "quyet dinh:"}  # in capitals only: 'Quyết định' is also a value


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
    bare = text.strip("*_ ")
    heading = bare.isupper() and fold(bare) in _TYPE_HEADING
    return bool(text) and not text.endswith("|") and not heading and not _NOT_IN_CELL.match(fold(bare))


# Words of a table header row (STT, nội dung, chủ trì …): a header marks where a table really starts,
# so a signature block or appendix title run into the same pipe region stays text.
_HEADER_WORD = re.compile(r"^(stt|tt)\.?$|nhiem vu|noi dung|chu tri|phoi hop|thoi gian|chi tieu|don vi|ket qua")


def _pipe_blocks(lines: list[str]) -> list[Block]:
    if line_rows_form(lines):
        rows, carried = line_rows_table(lines)
        return [TableBlock(rows[0], source_lines=list(lines), read_widths=rows[1], carried=carried)]
    cells, ends = _pipe_cells_at(lines)
    out: list[Block] = []
    for kind, start, end in _pipe_segments(cells):
        first = ends[start - 1] + 1 if start else 0
        source = lines[first:ends[end - 1] + 1] if end < len(cells) else lines[first:]
        if kind == "text":
            out.append(TextBlock([c for c in cells[start:end] if c]))
        elif any(cells[start:end]):
            out.append(_pipe_table(cells[start:end], source))
    return out


# Cells that open a new block of an administrative document inside one pipe region, each with why.
# A region often runs the site's key-value box, the letterhead, the body's tables, the signature and an
# appendix together; each is a table of its own (or a title between two tables).
_OPENS_TABLE = [
    # the letterhead: the issuer in capitals over 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' (ND 30/2020 layout)
    re.compile(r"^(uy ban nhan dan|hoi dong nhan dan|chinh phu|thu tuong chinh phu|bo [a-z]|so [a-z]|van phong"
               r"|ban |tinh uy|thanh uy|dang bo|cuc |tong cuc|ngan hang|bao hiem|toa an|vien kiem sat|kiem toan)"),
    re.compile(r"^\*?noi nhan"),  # the signature table: recipients on the left, the signer on the right
]
# A title between two tables: it is text, and the table after it starts a new block.
# Matched with its accents: folded, 'BẰNG NGƯỜI' (a group's title) reads 'bang', as 'BẢNG' (a table's title) does.
_TITLE = re.compile(r"^(phụ lục|danh mục|biểu( mẫu)?\b|mẫu( số)?\b|bảng\b|\(kèm theo|\(ban hành kèm)")


def _pipe_segments(cells: list[str]) -> list[tuple[str, int, int]]:
    """Split a region's cells into tables and titles at the cells that open a new block: a table's
    rows start after an empty marker cell, so an opener is looked for only where a row can begin."""
    cuts: list[tuple[int, str]] = []
    for i, cell in enumerate(cells):
        row_start = i == 0 or not cells[i - 1] or _is_title(cells[i - 1])
        if _is_title(cell):  # a title is the marker cell of the table after it, wherever it stands
            cuts += [(i, "text"), (i + 1, "table")]
        elif row_start and _is_opener(cell, cells, i):
            cuts.append((i, "table"))
        elif _NUMBER_HEADER.match(fold(cell)) and _header_run(cells, i):
            # the text before a table is its first row's marker cell, a title, not a cell of the table
            cuts += ([(i - 1, "text")] if i and cells[i - 1] else []) + [(i, "table")]
    segments, start, kind = [], 0, "table"
    for at, nxt in cuts:
        if at > start or (at == start and kind == "text"):
            segments.append((kind, start, at))
        start, kind = at, nxt
    segments.append((kind, start, len(cells)))
    return [s for s in segments if s[2] > s[1]]


_NUMBER_HEADER = re.compile(r"^(s[o]? ?tt|tt)\.?$")  # 'STT', 'TT', 'Số TT' open a header row, never a data row


def _is_title(cell: str) -> bool:
    """'PHỤ LỤC …', 'DANH MỤC …', 'BIỂU …' in capitals (what follows may be in any case), or the
    '(Kèm theo …)' line under such a title."""
    folded = fold(cell)
    head = cell.split()[:2]
    return bool(_TITLE.match(nfc(cell).lower())) and (folded.startswith("(") or " ".join(head).isupper())


def _is_opener(cell: str, cells: list[str], i: int) -> bool:
    if not cell:
        return False
    folded = fold(cell)
    if _OPENS_TABLE[1].match(folded):
        return True
    letters = [ch for ch in cell if ch.isalpha()]
    if _OPENS_TABLE[0].match(folded) and letters and sum(ch.isupper() for ch in letters) > 0.8 * len(letters):
        return True
    return _header_run(cells, i)


def _header_run(cells: list[str], i: int) -> bool:
    """A header row: a run of short cells opening with STT/TT, or with two header words or more."""
    j = i
    while j < len(cells) and cells[j]:
        j += 1
    run = cells[i:j]
    hits = sum(len(c) < 60 and bool(_HEADER_WORD.search(fold(c))) for c in run)
    return len(run) >= 2 and (re.fullmatch(r"s?tt\.?", fold(run[0])) is not None or hits >= 2) and \
        all(len(c) < 80 for c in run)


def _pipe_table(cells: list[str], source: list[str]) -> TableBlock:
    if _is_label_value(cells):
        rows = _label_value_rows(cells)
        return TableBlock(rows, source_lines=list(source), read_widths=[2] * len(rows))
    rows, widths, carried = read_pipe_table(cells)
    return TableBlock(rows, source_lines=list(source), read_widths=widths, carried=carried)


_LABEL = re.compile(r"^[^:|]{2,30}:$")  # 'Số hiệu:', 'Người ký:', 'Điện thoại:'


def _is_label_value(cells: list[str]) -> bool:
    """A box of 'label: value' pairs (the site's document box, a contact footer) laid out two or four
    cells to a row with spans: its meaning is the pairs, so it is read as a two-column table."""
    filled = [c for c in cells if c]
    labels = sum(bool(_LABEL.match(c)) for c in filled[::2])
    return len(filled) >= 4 and labels * 10 >= 8 * len(filled[::2])


def _label_value_rows(cells: list[str]) -> list[list[str]]:
    filled = [c for c in cells if c]
    rows = []
    for c in filled:
        if _LABEL.match(c) or not rows or len(rows[-1]) == 2:
            rows.append([c])
        else:
            rows[-1].append(c)
    return [r + [""] * (2 - len(r)) for r in rows]


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
        if MD_RULE.match(line):
            continue
        if not line.endswith("|"):
            pending.append(line)
            continue
        parts = " ".join(pending + [line]).split("|")[:-1]
        pending = []
        cells.extend(collapse(strip_markup(p)) for p in parts)
        ends.extend([n] * len(parts))
    return cells, ends


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
    """The continuation's rows, its repeated header too (read as a header row, not lost)."""
    offset = len(prev.rows)
    prev.segment_starts.append(offset)
    prev.rows.extend(block.rows)
    prev.carried |= {(r + offset, c) for r, c in block.carried}
    prev.read_widths.extend(block.read_widths or [len(r) for r in block.rows])
    prev.source_lines.extend(block.source_lines)


def is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell.strip()))
