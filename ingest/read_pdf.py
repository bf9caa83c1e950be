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
            blocks.extend(page_blocks)
    return blocks


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
        rows = [[collapse(nfc(c or "")) for c in row] for row in table.extract()]
        items.append((table.bbox[1], TableBlock(rows)))
    for line in page.extract_text_lines():
        if not any(_inside(line, box) for box in boxes):
            items.append((line["top"], TextBlock([nfc(line["text"])])))
    return _in_order(items)


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
    blocks = _in_order(ocr_page(image, languages))
    for block in blocks:
        block.ocr = True
    return blocks
