"""PDFs: text lines and ruled tables of text pages (pdfplumber); pages without a text layer (scans)
through OCR (Debian tesseract-ocr + tesseract-ocr-vie), with ruled tables found in the image itself.

Every page is read in reading order into the same blocks as any other format. At most
`max_pdf_pages` pages are read: a longer file is refused before any page is parsed.
"""
from __future__ import annotations

import shutil

from core.errors import IngestError
from core.text import collapse, nfc
from ingest.ocr import ocr_page
from ingest.read import Block, Limits, TableBlock, TextBlock, append_line

_MIN_TEXT_CHARS = 20  # a page with less extractable text than this is treated as a scan


def read_pdf(path, limits: Limits = Limits()) -> list[Block]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise IngestError(f"Không đọc được tệp PDF '{path.name}'.", f"Cannot read PDF '{path.name}'.",
                          file=path.name, hint_vi="Hãy kiểm tra tệp có bị hỏng hoặc đặt mật khẩu.",
                          hint_en="Check that the file is not damaged or password-protected.") from exc
    blocks: list[Block] = []
    with pdf:
        _check_pages(path, len(pdf.pages), limits.max_pdf_pages)
        for number, page in enumerate(pdf.pages):
            page_blocks = _text_page_blocks(page)
            if sum(len(line) for b in page_blocks if isinstance(b, TextBlock) for line in b.lines) < _MIN_TEXT_CHARS \
                    and not any(isinstance(b, TableBlock) for b in page_blocks):
                page_blocks = _scanned_page_blocks(path, number, limits.ocr_languages)
            if blocks and page_blocks:
                page_blocks = join_split_row(blocks[-1], page_blocks)
            blocks.extend(page_blocks)
    return blocks


def join_split_row(before: Block, page: list[Block]) -> list[Block]:
    """A row cut by a page break goes on at the top of the next page's table, under the repeated header,
    with an empty number cell: its cells are joined back onto the last row of the page before (the
    table parser merges the two parts of the table, this only mends the row they share)."""
    first = page[0]
    if not (isinstance(before, TableBlock) and isinstance(first, TableBlock) and before.rows and first.rows
            and len(before.rows[-1]) == len(first.rows[0])):
        return page
    at = 1 if first.rows[0] == before.rows[0] else 0
    if at >= len(first.rows) or first.rows[at][0].strip() or not any(first.rows[at]):
        return page
    last = before.rows[-1]
    before.rows[-1] = [collapse(f"{a} {b}") for a, b in zip(last, first.rows[at])]
    return [TableBlock(first.rows[:at] + first.rows[at + 1:])] + page[1:]


def _check_pages(path, pages: int, most: int) -> None:
    if pages > most:
        raise IngestError(f"Tệp PDF '{path.name}' có {pages} trang, vượt giới hạn {most} trang.",
                          f"PDF '{path.name}' has {pages} pages, over the limit of {most}.", file=path.name,
                          hint_vi="Hãy tách riêng phần kế hoạch hoặc tăng PLANBOT_MAX_PDF_PAGES.",
                          hint_en="Extract the plan's pages or raise PLANBOT_MAX_PDF_PAGES.")


def _text_page_blocks(page) -> list[Block]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, Block]] = []
    for table in tables:
        items.append((table.bbox[1], TableBlock(table_rows(table))))
    lines = [line for line in _word_lines(page) if not any(_inside(line, box) for box in boxes)]
    for top, text in layout_lines(lines):
        items.append((top, TextBlock([nfc(text)])))
    return _in_order(items)


def table_rows(table) -> list[list[str]]:
    """A ruled table's cells as text. pdfplumber gives None for a grid cell covered by a merged one:
    a cell merged down (a lead written once for several rows) gives every row it covers its text, as
    the .docx reader does; a column that is None in every row is an artefact of the grid and dropped."""
    rows = table.extract()
    boxes = [row.cells for row in table.rows]
    tops = [row.bbox[1] for row in table.rows]
    for r, row in enumerate(boxes):
        for c, box in enumerate(row):
            if box is None or rows[r][c] is None:
                continue
            for below in range(r + 1, len(rows)):
                if tops[below] >= box[3] - 1 or rows[below][c] is not None:
                    break
                rows[below][c] = rows[r][c]
    keep = [c for c in range(len(rows[0]) if rows else 0) if any(row[c] is not None for row in rows)]
    return [[collapse(nfc(row[c] or "")) for c in keep] for row in rows]


# A gap between two words wider than this (points) separates two columns of a borderless layout
# table: the header (issuer | national motto, số hiệu | place and date) and the signature block
# (recipients | signing title and name). Words in a sentence are ~3 pt apart.
COLUMN_GAP = 18.0


def _word_lines(page) -> list[dict]:
    """Text lines as segments: words on one baseline, cut where a column gap separates them."""
    lines: list[dict] = []
    for word in sorted(page.extract_words(), key=lambda w: (round(w["top"]), w["x0"])):
        last = lines[-1] if lines else None
        if last and abs(word["top"] - last["top"]) < 2 and 0 <= word["x0"] - last["x1"] < COLUMN_GAP:
            last.update(text=f"{last['text']} {word['text']}", x1=word["x1"], bottom=max(last["bottom"], word["bottom"]))
        else:
            lines.append({k: word[k] for k in ("text", "x0", "x1", "top", "bottom")})
    return lines


def layout_lines(segments: list[dict]) -> list[tuple[float, str]]:
    """(top, text) lines in reading order. Where segments sit side by side (a borderless layout table)
    each column is read on its own, top to bottom, and a cell's wrapped lines are joined back
    ('ỦY BAN NHÂN DÂN' + 'TỈNH AN GIANG'); elsewhere each segment is a line."""
    out: list[tuple[float, str]] = []
    for band in _bands(segments):
        if len(band) == 1 or not _side_by_side(band):
            out += [(s["top"], s["text"]) for s in band]
            continue
        split = min(s["x0"] for s in band if s["x0"] > min(t["x0"] for t in band) + COLUMN_GAP * 4)
        for column in ([s for s in band if s["x0"] < split - 1], [s for s in band if s["x0"] >= split - 1]):
            out += _joined_cells(column)
    return out


def _bands(segments: list[dict]) -> list[list[dict]]:
    """Runs of segments with no blank line between them (gap under one line height)."""
    segments = sorted(segments, key=lambda s: (round(s["top"]), s["x0"]))
    bands: list[list[dict]] = []
    for s in segments:
        prev = bands[-1][-1] if bands else None
        if prev and s["top"] - max(p["bottom"] for p in bands[-1]) < (s["bottom"] - s["top"]) * 0.9:
            bands[-1].append(s)
        else:
            bands.append([s])
    return bands


def _side_by_side(band: list[dict]) -> bool:
    """Two segments that share height but not width: columns."""
    return any(a["top"] < b["bottom"] and b["top"] < a["bottom"] and (a["x1"] < b["x0"] or b["x1"] < a["x0"])
               for i, a in enumerate(band) for b in band[i + 1:i + 4])


# When a line of a layout-table column goes on the cell above: capitals under capitals (an issuer or
# signing title printed over lines), a lower-case start, or a bare year cut from its date.
def _continues(prev: str, line: str) -> bool:
    if set(prev) <= set("-_ ") or set(line) <= set("-_ "):
        return False
    caps = lambda t: any(c.isalpha() for c in t) and t.upper() == t
    return (caps(prev) and caps(line)) or line[:1].islower() or line.isdigit()


def _joined_cells(column: list[dict]) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    for s in column:
        if out and _continues(out[-1][1], s["text"]):
            out[-1] = (out[-1][0], f"{out[-1][1]} {s['text']}")
        else:
            out.append((s["top"], s["text"]))
    return out


def _in_order(items: list[tuple[float, Block]]) -> list[Block]:
    items.sort(key=lambda item: item[0])
    merged: list[Block] = []
    for _, block in items:
        if isinstance(block, TextBlock):
            append_line(merged, block.lines[0])
        else:
            merged.append(block)
    return merged


def _inside(line: dict, box: tuple) -> bool:
    x0, top, x1, bottom = box
    mid = (line["top"] + line["bottom"]) / 2
    return top - 1 <= mid <= bottom + 1 and line["x0"] >= x0 - 1 and line["x1"] <= x1 + 1


def _scanned_page_blocks(path, number: int, languages: str) -> list[Block]:
    if not shutil.which("tesseract"):
        raise IngestError(f"Tệp '{path.name}' là bản scan (trang {number + 1} không có lớp chữ): cần nhận dạng "
                          "chữ (OCR) nhưng máy chưa cài tesseract.",
                          f"'{path.name}' is a scan (page {number + 1} has no text layer): OCR is needed but "
                          "tesseract is not installed.", file=path.name,
                          hint_vi="Cài: apt-get install tesseract-ocr tesseract-ocr-vie (make run cài sẵn khi chạy "
                                  "với quyền root), hoặc tải lên bản PDF có lớp chữ.",
                          hint_en="Install: apt-get install tesseract-ocr tesseract-ocr-vie, or upload a text PDF.")
    import pypdfium2
    document = pypdfium2.PdfDocument(str(path))
    try:
        image = document[number].render(scale=300 / 72).to_pil()
    finally:
        document.close()
    return _in_order(ocr_page(image, languages))
