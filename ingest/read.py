"""Read a plan file (.txt, .md, .docx, .pdf) into ordered text and table blocks.

Readers only recover what the file format itself knows (native tables in Word and PDF);
tables written as text (pipe scrapes, tab-separated, Markdown) are found later by the parser,
so every format ends up in the same block shape.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from core.errors import IngestError
from core.text import nfc
from ingest.legacy import refuse_legacy

SUPPORTED = (".txt", ".md", ".docx", ".doc", ".pdf")
_LONG_LINE = 2_000  # characters; longer lines (a whole file on one line) are cut at sentence ends


@dataclass
class TextBlock:
    lines: list[str]
    ocr: bool = False  # recognised from a scanned image (the read report says so)


@dataclass
class TableBlock:
    rows: list[list[str]]
    segment_starts: list[int] = field(default_factory=list)  # row indices where a new page/segment begins
    ocr: bool = False  # recognised from a scanned image (the read report says so)
    # Where a table was split from text: the lines it was read from (for the no-word-lost check), the
    # cells each row had as read (before spans were resolved) and the (row, column) cells filled from
    # a rowspan above rather than read.
    source_lines: list[str] = field(default_factory=list)
    read_widths: list[int] = field(default_factory=list)
    carried: set[tuple[int, int]] = field(default_factory=set)


Block = TextBlock | TableBlock


@dataclass
class RawDocument:
    source: str
    blocks: list[Block]


@dataclass(frozen=True)
class Limits:
    """What one file may cost to read; defaults are the settings' defaults (core.settings)."""
    max_mb: float = 20.0
    max_unpacked_mb: float = 100.0
    max_pdf_pages: int = 300
    max_chars: int = 2_000_000
    ocr_languages: str = "vie"

    @classmethod
    def from_settings(cls, settings) -> "Limits":
        return cls(settings.max_file_mb, settings.max_unpacked_mb, settings.max_pdf_pages, settings.max_chars,
                   settings.ocr_languages)


def read_document(path: Path, limits: Limits = Limits()) -> RawDocument:
    """Any failure of a reader becomes an IngestError naming the file, so one bad file never stops a
    folder being ingested nor the app from starting."""
    path = Path(path)
    _check_file(path, limits.max_mb)
    try:
        blocks = _read_blocks(path, limits)
    except IngestError:
        raise
    except Exception as exc:  # parsers of broken files raise anything: lxml, zlib, struct, pdfminer …
        raise IngestError(f"Không đọc được tệp '{path.name}' (tệp hỏng hoặc sai định dạng).",
                          f"Cannot read '{path.name}': damaged or not what its name says ({type(exc).__name__}).",
                          file=path.name, hint_vi="Hãy mở tệp bằng phần mềm gốc và lưu lại, rồi tải lên lại.",
                          hint_en="Open it in its own program, save it again and re-upload.") from exc
    _check_text(blocks, path.name, limits.max_chars)
    return RawDocument(source=path.name, blocks=blocks)


def _read_blocks(path: Path, limits: Limits) -> list[Block]:
    suffix = path.suffix.lower()
    if suffix in (".txt", ".md"):
        text = decode_text(path.read_bytes(), path.name)
        _check_length(len(text), path.name, limits.max_chars)  # before any work on it
        return [TextBlock(split_long_lines(text.split("\n")))]
    if suffix in (".docx", ".doc"):
        from ingest.read_office import read_doc, read_docx
        return read_docx(path, limits.max_unpacked_mb) if suffix == ".docx" else read_doc(path, limits)
    from ingest.read_pdf import read_pdf
    return read_pdf(path, limits)


def _check_text(blocks: list[Block], name: str, max_chars: int) -> None:
    if not any(_has_text(b) for b in blocks):
        raise IngestError(f"Tệp '{name}' không có nội dung văn bản.", f"File '{name}' contains no text.", file=name,
                          hint_vi="Hãy kiểm tra lại tệp.", hint_en="Check the file.")
    text = "\n".join(line for b in blocks for line in (b.lines if isinstance(b, TextBlock) else
                                                        [c for row in b.rows for c in row]))
    _check_length(len(text), name, max_chars)
    refuse_legacy(text, name)


def _check_length(length: int, name: str, max_chars: int) -> None:
    if length > max_chars:
        raise IngestError(f"Tệp '{name}' quá dài ({length:,} ký tự > {max_chars:,}).",
                          f"File '{name}' is too long ({length:,} characters > {max_chars:,}).", file=name,
                          hint_vi="Hãy tách tệp hoặc tăng PLANBOT_MAX_CHARS.",
                          hint_en="Split the file or raise PLANBOT_MAX_CHARS.")


def split_long_lines(lines: list[str]) -> list[str]:
    """A file with no line breaks (or a pasted page on one line) is cut at sentence ends, so every
    later step works on bounded lines."""
    out: list[str] = []
    for line in lines:
        start = 0
        while len(line) - start > _LONG_LINE:
            end = start + _LONG_LINE
            cut = max(line.rfind(". ", start, end), line.rfind(" ", start, end))
            cut = cut + 1 if cut > start else end
            out.append(line[start:cut])
            start = cut
        out.append(line[start:])
    return out


def _check_file(path: Path, max_mb: float) -> None:
    name = path.name
    if path.suffix.lower() not in SUPPORTED:
        raise IngestError(f"Không hỗ trợ định dạng '{path.suffix or '(không có đuôi)'}' của tệp '{name}'.",
                          f"Unsupported file type '{path.suffix or '(none)'}' for '{name}'.", file=name,
                          hint_vi="Hãy dùng .txt, .md, .docx, .doc hoặc .pdf.", hint_en="Use .txt, .md, .docx, .doc or .pdf.")
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
            guess = data[:50_000].decode("cp1252", "replace")
            if _control_ratio(guess) < 0.01:  # printable 8-bit text, not binary: name an old font if it is one
                refuse_legacy(guess, name)
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


def append_line(blocks: list[Block], line: str) -> None:
    if not blocks or not isinstance(blocks[-1], TextBlock):
        blocks.append(TextBlock([]))
    blocks[-1].lines.extend(line.split("\n"))
