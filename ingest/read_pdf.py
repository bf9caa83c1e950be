"""PDFs: text lines and ruled tables of text pages (pdfplumber); pages without a text layer (scans)
through OCR (Debian tesseract-ocr + tesseract-ocr-vie), with ruled tables found in the image itself.

Every page is read in reading order into the same blocks as any other format. At most
`max_pdf_pages` pages are read: a longer file is refused before any page is parsed. What a page
costs is measured while it is read, never taken from the file's own claims: every flate stream is
inflated piece by piece against `max_unpacked_mb` for the whole file, and every character pdfminer
draws is counted (a form drawn a million times, a few bytes drawing millions of characters). Each
page's objects are released once read, so 300 dense pages cost one page of memory.
"""
from __future__ import annotations

import shutil
import zlib
from contextlib import contextmanager
from difflib import SequenceMatcher

from core.errors import IngestError
from core.text import collapse, fold, nfc
from ingest.ocr import ocr_page
from ingest.pdf_layout import layout_lines, word_segments
from ingest.read import Block, Limits, TableBlock, TextBlock, append_line

_MIN_TEXT_CHARS = 20  # a page with less extractable text than this is treated as a scan
# A full A4 page of 4-point type holds ~50,000 characters; a page drawing twice that
# is generated, not printed (and pdfminer spends ~0.1 ms on each character it draws).
MAX_PAGE_CHARS = 100_000
MAX_OCR_PAGES = 60  # scanned pages read by OCR (~5 s each); the longest real plan has ~40 pages
MAX_OCR_PIXELS = 40_000_000  # an A4 page at 300 dpi is 8.7 Mpx; larger pages are rendered at a lower dpi
_INFLATE_STEP = 1 << 20  # bytes inflated per step while measuring a stream
# After this many pages, a file whose pages so far, extended to all its pages, would draw more than
# PROJECTED_MARGIN times `max_chars` is refused then, not after minutes: 300 dense pages (hostile-file
# suite) reached the 2,000,000-character limit after 110 s; the longest real plan draws ~150,000 characters
# over ~40 pages, far below either number, and a margin of 2 leaves room for a dense first part.
PROJECT_AFTER_PAGES = 8
PROJECTED_MARGIN = 2.0
# A gap between two words wider than this (points) separates two columns of a borderless layout
# table: the header (issuer | national motto, số hiệu | place and date) and the signature block
# (recipients | signing title and name). Words in a sentence are ~3 pt apart.
COLUMN_GAP = 18.0


def read_pdf(path, limits: Limits = Limits()) -> list[Block]:
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise IngestError(f"Không đọc được tệp PDF '{path.name}'.", f"Cannot read PDF '{path.name}'.",
                          file=path.name, hint_vi="Hãy kiểm tra tệp có bị hỏng hoặc đặt mật khẩu.",
                          hint_en="Check that the file is not damaged or password-protected.") from exc
    budget = _Budget(path.name, limits, len(pdf.pages))
    with pdf, _measured(budget):
        _check_pages(path, len(pdf.pages), limits.max_pdf_pages)
        try:
            return _read_pages(path, pdf, limits, budget)
        except Exception as exc:  # pdfplumber wraps what pdfminer raises, our budget's stop included
            if budget.stopped is not None:
                raise budget.stopped from exc
            raise


def _read_pages(path, pdf, limits: Limits, budget: "_Budget") -> list[Block]:
    blocks: list[Block] = []
    for number, page in enumerate(pdf.pages):
        budget.page(number)
        page_blocks = _text_page_blocks(page)
        if sum(len(line) for b in page_blocks if isinstance(b, TextBlock) for line in b.lines) < _MIN_TEXT_CHARS \
                and not any(isinstance(b, TableBlock) for b in page_blocks):
            budget.ocr_page()
            page_blocks = _scanned_page_blocks(path, number, limits.ocr_languages)
        page.close()  # pdfplumber keeps every page's objects otherwise: 300 dense pages took 8.9 GB
        if blocks and page_blocks:
            page_blocks = join_split_row(blocks[-1], page_blocks)
        blocks.extend(page_blocks)
    fill_merged(blocks)
    return blocks


class _Budget:
    """Running counters of what reading one PDF has cost; over a limit, the read stops with a message."""

    def __init__(self, name: str, limits: Limits, pages: int = 0):
        self.name, self.limits, self.pages = name, limits, pages
        self.inflated = self.chars = self.page_chars = self.ocr_pages = 0
        self.number = 0
        self.stopped: IngestError | None = None

    def page(self, number: int) -> None:
        self.number, self.page_chars = number, 0
        projected = self.chars * self.pages // number if number >= PROJECT_AFTER_PAGES else 0
        if projected > PROJECTED_MARGIN * self.limits.max_chars:
            raise self.stop(f"{number} trang đầu đã vẽ {self.chars:,} ký tự, cả {self.pages} trang sẽ vào khoảng "
                            f"{projected:,} ký tự, vượt xa giới hạn {self.limits.max_chars:,}",
                            f"its first {number} pages draw {self.chars:,} characters, so its {self.pages} pages "
                            f"would draw about {projected:,}, far over the limit of {self.limits.max_chars:,}",
                            "PLANBOT_MAX_CHARS")

    def inflate(self, size: int) -> None:
        self.inflated += size
        if self.inflated > self.limits.max_unpacked_mb * 1024 * 1024:
            raise self.stop(f"các luồng nén giải ra hơn {self.limits.max_unpacked_mb:g} MiB",
                          f"its compressed streams inflate to more than {self.limits.max_unpacked_mb:g} MiB",
                          "PLANBOT_MAX_UNPACKED_MB")

    def char(self) -> None:
        self.chars, self.page_chars = self.chars + 1, self.page_chars + 1
        if self.page_chars > MAX_PAGE_CHARS:
            raise self.stop(f"trang {self.number + 1} vẽ hơn {MAX_PAGE_CHARS:,} ký tự",
                          f"page {self.number + 1} draws more than {MAX_PAGE_CHARS:,} characters", "")
        if self.chars > self.limits.max_chars:
            raise self.stop(f"tệp vẽ hơn {self.limits.max_chars:,} ký tự",
                          f"it draws more than {self.limits.max_chars:,} characters", "PLANBOT_MAX_CHARS")

    def stop(self, why_vi: str, why_en: str, setting: str) -> IngestError:
        self.stopped = _refuse(self.name, why_vi, why_en, setting)
        return self.stopped

    def ocr_page(self) -> None:
        self.ocr_pages += 1
        if self.ocr_pages > MAX_OCR_PAGES:
            raise self.stop(f"có hơn {MAX_OCR_PAGES} trang scan cần nhận dạng chữ (OCR)",
                          f"it has more than {MAX_OCR_PAGES} scanned pages to OCR", "")


def _refuse(name: str, why_vi: str, why_en: str, setting: str) -> IngestError:
    raise_vi = f" hoặc tăng {setting}" if setting else ""
    raise_en = f" or raise {setting}" if setting else ""
    return IngestError(f"Đã dừng đọc tệp PDF '{name}': {why_vi}.", f"Stopped reading PDF '{name}': {why_en}.",
                       file=name, hint_vi=f"Tệp có thể hỏng hoặc được tạo bất thường: hãy xuất lại PDF từ văn bản gốc"
                                          f"{raise_vi}.",
                       hint_en=f"The file may be damaged or crafted: export the PDF again from the source document"
                               f"{raise_en}.")


class _MeasuredZlib:
    """Stands in for pdfminer's `zlib`: streams are inflated a step at a time against the budget,
    so a 2 MB stream of 2 GB stops after the budget, not after the 2 GB."""
    error = zlib.error

    def __init__(self, budget: _Budget):
        self.budget = budget

    def decompress(self, data: bytes) -> bytes:
        inflater, out = zlib.decompressobj(), []
        while data:
            piece = inflater.decompress(data, _INFLATE_STEP)
            self.budget.inflate(len(piece))
            out.append(piece)
            data = inflater.unconsumed_tail
        if not inflater.eof:
            raise zlib.error("incomplete or truncated stream")
        return b"".join(out)

    def decompressobj(self) -> "_MeasuredInflater":  # pdfminer's fallback for damaged streams
        return _MeasuredInflater(self.budget)


class _MeasuredInflater:
    def __init__(self, budget: _Budget):
        self.budget, self.inflater = budget, zlib.decompressobj()

    def decompress(self, data: bytes) -> bytes:
        piece = self.inflater.decompress(data)
        self.budget.inflate(len(piece))
        return piece


@contextmanager
def _measured(budget: _Budget):
    """pdfminer inflates with `zlib.decompress` and draws through `render_char`: both are measured
    while this PDF is read (a parse runs alone in its worker process, ingest/sandbox.py)."""
    from pdfminer import pdftypes
    from pdfminer.converter import PDFLayoutAnalyzer
    draw = PDFLayoutAnalyzer.render_char

    def counted(self, *args, **kwargs):
        budget.char()
        return draw(self, *args, **kwargs)

    pdftypes.zlib, PDFLayoutAnalyzer.render_char = _MeasuredZlib(budget), counted
    try:
        yield
    finally:
        pdftypes.zlib, PDFLayoutAnalyzer.render_char = zlib, draw


def join_split_row(before: Block, page: list[Block]) -> list[Block]:
    """A row cut by a page break goes on at the top of the next page's table, under the repeated header,
    with an empty number cell: its cells are joined back onto the last row of the page before (the
    table parser merges the two parts of the table, this only mends the row they share)."""
    first = page[0]
    if not (isinstance(before, TableBlock) and isinstance(first, TableBlock) and before.rows and first.rows
            and len(before.rows[-1]) == len(first.rows[0])):
        return page
    at = 1 if _same_header(first.rows[0], before.rows[0]) else 0
    if at >= len(first.rows) or (first.rows[at][0] or "").strip() or not any(first.rows[at]):
        return page
    last = before.rows[-1]
    before.rows[-1] = [a if not b else collapse(f"{a or ''} {b}") for a, b in zip(last, first.rows[at])]
    return [TableBlock(first.rows[:at] + first.rows[at + 1:])] + page[1:]


HEADER_LIKENESS = 0.85  # a header repeated on a scanned page reads a little differently ('Thời gian thực'
# for 'Thời gian thực hiện' in the round-trip scans: 0.97); two task tables' different headers: 0.67-0.69


def _same_header(row: list, header: list) -> bool:
    """The next page's first row repeats the table's header: equal, or (read by OCR) nearly so."""
    if row == header:
        return True
    a, b = (" | ".join(fold(c or "") for c in r) for r in (row, header))
    return len(row) == len(header) and SequenceMatcher(None, a, b).ratio() >= HEADER_LIKENESS


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
    words = [w for w in page.extract_words() if not any(_inside(w, box) for box in boxes)]
    for top, text in layout_lines(word_segments(words, COLUMN_GAP)):
        items.append((top, TextBlock([nfc(text)])))
    return _in_order(items)


def table_rows(table) -> list[list[str | None]]:
    """A ruled table's cells as text. pdfplumber gives None for a grid cell covered by a merged one:
    covered from the left (a group row merged across) it is empty; covered from above (a lead written
    once for several rows) it stays None until fill_merged gives it the text above, across pages too.
    A column that is None in every row is an artefact of the grid and dropped."""
    rows = table.extract()
    tops = [row.bbox[1] for row in table.rows]
    bottoms: dict[int, float] = {}  # column → bottom of the last cell box seen in it
    for r, row in enumerate(table.rows):
        for c, box in enumerate(row.cells):
            if box is not None:
                bottoms[c] = box[3]
            elif rows[r][c] is None and bottoms.get(c, 0) <= tops[r] + 1:
                rows[r][c] = ""  # not under a box above: covered from the left
    keep = [c for c in range(len(rows[0]) if rows else 0) if any(row[c] is not None for row in rows)]
    return [[None if row[c] is None else collapse(nfc(row[c])) for c in keep] for row in rows]


def fill_merged(blocks: list[Block]) -> None:
    """Every row a merged-down cell covers gets its text (as the .docx reader gives it), also when
    the cell goes on over a page break: the rows under the next page's repeated header take the text
    of the last row before the break."""
    last: list | None = None
    header: list | None = None
    for block in blocks:
        if not isinstance(block, TableBlock):
            continue
        for i, row in enumerate(block.rows):
            above = block.rows[i - 1] if i else last
            if i == 1 and header is not None and _same_header(block.rows[0], header):
                above = last
            for c, cell in enumerate(row):
                if cell is None:
                    row[c] = above[c] if above is not None and c < len(above) and above[c] is not None else ""
        header, last = (block.rows[0], block.rows[-1]) if block.rows else (header, last)


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
        page = document[number]
        width, height = page.get_size()  # points; a crafted page can be metres wide
        scale = min(300 / 72, (MAX_OCR_PIXELS / max(width * height, 1)) ** 0.5)
        image = page.render(scale=scale).to_pil()
    finally:
        document.close()
    blocks = _in_order(ocr_page(image, languages))
    for block in blocks:
        block.ocr = True
    return blocks
