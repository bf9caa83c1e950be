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
from ingest.spans import resolve_spans

_RULE_CELL = re.compile(r"^:?-{2,}:?$")
_MD_RULE = re.compile(r"^\|?(\s*:?-{2,}:?\s*\|)+\s*$")  # '|---|---|' under a Markdown header
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
        if line.endswith("|") or _is_md_row(line):
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
    if _line_rows_form(lines):
        rows, carried = _line_rows_table(lines)
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


def _line_rows_form(lines: list[str]) -> bool:
    """Markdown and wiki tables write a row per line ('| a | b |', 'a | b |'); pipe scrapes a cell
    per line. A Markdown rule says which; else the form is the one most '|'-ended lines have."""
    if any(_MD_RULE.match(l.strip()) for l in lines):
        return True  # a Markdown rule under the header, whatever the rows' cells look like
    first = next((l.strip() for l in lines if l.strip()), "")
    if _is_md_row(first) and _line_cells(first).count("") < len(_line_cells(first)) - 1:
        return True  # a header written whole on its first line ('| Năm | Tựa đề |'): a scrape opens a row with '|' alone
    ended = [l.strip() for l in lines if l.strip().endswith("|")]
    return sum(l.count("|") >= 2 for l in ended) * 2 > len(ended)


def _line_rows_table(lines: list[str]):
    """Rows of a one-row-per-line table (Markdown, wiki). A line opening with '|' opens a row; a line
    that does not goes on the row before while that row is short of the table's width (the renderer
    wrapped it) or while its last line left a cell open (no closing '|'), and otherwise opens a row of
    its own (a row under a rowspan, printed without its first cells)."""
    width = _rule_width(lines)
    rows: list[list[str]] = []
    acc: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line or _MD_RULE.match(line):
            if acc and _MD_RULE.match(line):
                rows.append(_line_cells(" ".join(acc)))
                acc = []
            continue
        if acc and acc[-1].endswith("|") and _opens_row(line, acc, width or (len(rows[0]) if rows else 0)):
            rows.append(_line_cells(" ".join(acc)))
            acc = []
        acc.append(line)
    if acc:
        rows.append(_line_cells(" ".join(acc)))
    width = width or (len(rows[0]) if rows else 0)
    resolved, carried = resolve_spans(rows, width) if width >= 2 else (rows, set())
    return (resolved, [len(r) for r in rows]), carried


def _rule_width(lines: list[str]) -> int:
    """The columns a Markdown rule '|---|---|' counts, 0 without one."""
    rule = next((l.strip() for l in lines if _MD_RULE.match(l.strip())), "")
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


def _line_cells(text: str) -> list[str]:
    parts = text.split("|")
    if text.startswith("|"):
        parts = parts[1:]
    if text.endswith("|"):
        parts = parts[:-1]
    return [collapse(strip_markup(p)) for p in parts]


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
        if _MD_RULE.match(line):
            continue
        if not line.endswith("|"):
            pending.append(line)
            continue
        parts = " ".join(pending + [line]).split("|")[:-1]
        pending = []
        cells.extend(collapse(strip_markup(p)) for p in parts)
        ends.extend([n] * len(parts))
    return cells, ends


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
    """The continuation's rows, its repeated header too (read as a header row, not lost)."""
    offset = len(prev.rows)
    prev.segment_starts.append(offset)
    prev.rows.extend(block.rows)
    prev.carried |= {(r + offset, c) for r, c in block.carried}
    prev.read_widths.extend(block.read_widths or [len(r) for r in block.rows])
    prev.source_lines.extend(block.source_lines)


def is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell.strip()))
