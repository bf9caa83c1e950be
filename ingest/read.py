"""Read a plan file (.txt, .md, .docx, .pdf) into ordered text and table blocks.

Readers only recover what the file format itself knows (native tables in Word and PDF);
tables written as text (pipe scrapes, tab-separated, Markdown) are found later by the parser,
so every format ends up in the same block shape.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import IngestError
from core.text import collapse, nfc

SUPPORTED = (".txt", ".md", ".docx", ".pdf")


@dataclass
class TextBlock:
    lines: list[str]


@dataclass
class TableBlock:
    rows: list[list[str]]
    segment_starts: list[int] = field(default_factory=list)  # row indices where a new page/segment begins


Block = TextBlock | TableBlock


@dataclass
class RawDocument:
    source: str
    blocks: list[Block]


def read_document(path: Path, max_mb: float = 20.0) -> RawDocument:
    path = Path(path)
    _check_file(path, max_mb)
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        blocks: list[Block] = [TextBlock(decode_text(path.read_bytes(), path.name).split("\n"))]
    elif suffix == ".docx":
        blocks = read_docx(path)
    else:
        blocks = read_pdf(path)
    if not any(_has_text(b) for b in blocks):
        raise IngestError(f"Tệp '{path.name}' không có nội dung văn bản.",
                          f"File '{path.name}' contains no text.", file=path.name,
                          hint_vi="Hãy kiểm tra lại tệp (PDF scan cần nhận dạng chữ OCR trước).",
                          hint_en="Check the file (a scanned PDF needs OCR first).")
    return RawDocument(source=path.name, blocks=blocks)


def _check_file(path: Path, max_mb: float) -> None:
    name = path.name
    if path.suffix.lower() not in SUPPORTED:
        raise IngestError(f"Không hỗ trợ định dạng '{path.suffix or '(không có đuôi)'}' của tệp '{name}'.",
                          f"Unsupported file type '{path.suffix or '(none)'}' for '{name}'.", file=name,
                          hint_vi="Hãy dùng .txt, .md, .docx hoặc .pdf.", hint_en="Use .txt, .md, .docx or .pdf.")
    if not path.is_file():
        raise IngestError(f"Không tìm thấy tệp '{name}'.", f"File '{name}' not found.", file=name,
                          hint_vi="Kiểm tra lại đường dẫn.", hint_en="Check the path.")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(f"Tệp '{name}' rỗng.", f"File '{name}' is empty.", file=name,
                          hint_vi="Hãy chọn tệp kế hoạch có nội dung.", hint_en="Choose a plan file with content.")
    if size > max_mb * 1024 * 1024:
        raise IngestError(f"Tệp '{name}' quá lớn ({size / 1048576:.1f} MiB > {max_mb:g} MiB).",
                          f"File '{name}' is too large ({size / 1048576:.1f} MiB > {max_mb:g} MiB).", file=name,
                          hint_vi="Hãy tách tệp hoặc tăng PLANBOT_MAX_FILE_MB.",
                          hint_en="Split the file or raise PLANBOT_MAX_FILE_MB.")


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is refused, not guessed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data[:8192]:
            raise _binary_error(name)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise IngestError(f"Tệp '{name}' không phải văn bản UTF-8 (lỗi ở byte {exc.start}).",
                              f"File '{name}' is not UTF-8 text (bad byte at {exc.start}).", file=name,
                              hint_vi="Hãy lưu lại tệp với bảng mã UTF-8.",
                              hint_en="Save the file again as UTF-8.") from exc
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    if _control_ratio(text) > 0.05:
        raise _binary_error(name)
    return text


def _binary_error(name: str) -> IngestError:
    return IngestError(f"Tệp '{name}' là tệp nhị phân, không phải văn bản.",
                       f"File '{name}' is binary, not text.", file=name,
                       hint_vi="Hãy xuất kế hoạch ra .txt, .docx hoặc .pdf có lớp chữ.",
                       hint_en="Export the plan as .txt, .docx or a text PDF.")


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\t\f")
    return bad / max(len(sample), 1)


def _has_text(block: Block) -> bool:
    if isinstance(block, TextBlock):
        return any(line.strip() for line in block.lines)
    return any(cell.strip() for row in block.rows for cell in row)


def read_docx(path: Path) -> list[Block]:
    """Paragraphs and native tables in document order; merged cells are kept once."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise IngestError(f"Tệp '{path.name}' không phải tệp Word (.docx) hợp lệ.",
                          f"File '{path.name}' is not a valid Word (.docx) file.", file=path.name,
                          hint_vi="Hãy mở bằng Word và lưu lại dưới dạng .docx.",
                          hint_en="Open it in Word and save it again as .docx.") from exc
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            _append_line(blocks, nfc(Paragraph(child, document).text))
        elif tag == "tbl":
            blocks.append(TableBlock(_docx_rows(Table(child, document))))
    return blocks


def _docx_rows(table) -> list[list[str]]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            key = id(cell._tc)
            cells.append("" if key in seen else collapse(nfc(cell.text)))
            seen.add(key)
        rows.append(cells)
    return rows


def _append_line(blocks: list[Block], line: str) -> None:
    if not blocks or not isinstance(blocks[-1], TextBlock):
        blocks.append(TextBlock([]))
    blocks[-1].lines.extend(line.split("\n"))


def read_pdf(path: Path) -> list[Block]:
    """Text lines and ruled tables of a text PDF, page by page, in reading order."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        raise IngestError(f"Không đọc được tệp PDF '{path.name}'.", f"Cannot read PDF '{path.name}'.",
                          file=path.name, hint_vi="Hãy kiểm tra tệp có bị hỏng hoặc đặt mật khẩu.",
                          hint_en="Check that the file is not damaged or password-protected.") from exc
    blocks: list[Block] = []
    with pdf:
        for page in pdf.pages:
            blocks.extend(_pdf_page_blocks(page))
    return blocks


def _pdf_page_blocks(page) -> list[Block]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, Block]] = []
    for table in tables:
        rows = [[collapse(nfc(c or "")) for c in row] for row in table.extract()]
        items.append((table.bbox[1], TableBlock(rows)))
    for line in page.extract_text_lines():
        if not any(_inside(line, box) for box in boxes):
            items.append((line["top"], TextBlock([nfc(line["text"])])))
    items.sort(key=lambda item: item[0])
    merged: list[Block] = []
    for _, block in items:
        if isinstance(block, TextBlock):
            _append_line(merged, block.lines[0])
        else:
            merged.append(block)
    return merged


def _inside(line: dict, box: tuple) -> bool:
    x0, top, x1, bottom = box
    mid = (line["top"] + line["bottom"]) / 2
    return top - 1 <= mid <= bottom + 1 and line["x0"] >= x0 - 1 and line["x1"] <= x1 + 1
