"""Word documents: .docx read natively (paragraphs and real tables in order), legacy .doc through
antiword (tables as '|' rows) or, without it, LibreOffice headless.

A .docx is a zip: its unpacked size is measured by inflating every member (and counting, never
keeping, the bytes) before Word is opened, so a zip bomb costs at most the limit; the sizes the zip
directory claims are not trusted. Vertically merged cells (a lead written once for several rows) give every row the value;
horizontally merged cells are kept once.
"""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

from core.errors import IngestError
from core.text import collapse, fold, nfc
from ingest.read import Block, Limits, TableBlock, TextBlock, append_line, split_long_lines

CONVERT_SECONDS = 120  # LibreOffice on a 2-core machine converts a 40-page .doc in ~5 s


def read_docx(path: Path, max_unpacked_mb: float = 100.0) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_archive(path, max_unpacked_mb)
    document = docx.Document(str(path))
    blocks: list[Block] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            append_line(blocks, nfc(Paragraph(child, document).text))
        elif tag == "tbl":
            table = Table(child, document)
            if is_layout_table(table):
                for line in layout_lines(table):
                    append_line(blocks, line)
            else:
                blocks.append(TableBlock(_docx_rows(table)))
    return blocks


# What marks a layout table of the official form (Nghị định 30/2020/NĐ-CP, Phụ lục I): the header
# table holds the issuer, 'Số: …', the national motto and the place-and-date line; the signature table
# the recipients list and the signing authority. Folded text a cell opens a line with, with why.
_LAYOUT_MARKS = [
    re.compile(r"^cong hoa xa hoi chu nghia viet nam"),  # the motto heads the header's right cell
    re.compile(r"^dang cong san viet nam"),  # the Party's documents print this instead
    re.compile(r"^so\s*:"),  # the số hiệu line of the header's left cell
    re.compile(r"^noi nhan\b"),  # the recipients list, left cell of the signature table
    re.compile(r"^(tm|kt|tl|tuq|q)\.\s"),  # on whose behalf the signer signs, right cell of the signature table
]
_LAYOUT_MAX_ROWS = 3  # header and signature tables have one or two rows; a data table that quotes 'Số:' has more


def is_layout_table(table) -> bool:
    """A header or signature table, laid out with a table but read as text: few rows, and a cell line
    that only those tables print. Its cells hold lines, not data."""
    rows = table.rows
    if not rows or len(rows) > _LAYOUT_MAX_ROWS:
        return False
    lines = [fold(p.text) for row in rows for cell in row.cells for p in cell.paragraphs]
    return any(mark.match(line.strip()) for line in lines for mark in _LAYOUT_MARKS)


def layout_lines(table) -> list[str]:
    """The table's text row by row, cell by cell (left before right), one line per paragraph, as it is
    printed: 'ỦY BAN NHÂN DÂN' / 'TỈNH NGHỆ AN' / '-------' / 'Số: 980/KH-UBND' / 'CỘNG HÒA …'."""
    lines: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is listed once per grid column it spans
                continue
            seen.add(id(cell._tc))
            lines += [collapse(nfc(text)) for p in cell.paragraphs for text in p.text.split("\n")
                      if collapse(text)]
    return lines


def _check_archive(path: Path, max_unpacked_mb: float) -> None:
    cap = int(max_unpacked_mb * 1024 * 1024)
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise _not_word(path)
            unpacked = _measure(archive, cap)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError) as exc:
        raise _not_word(path) from exc
    if unpacked > cap:
        raise IngestError(f"Tệp '{path.name}' giải nén ra quá lớn (hơn {max_unpacked_mb:g} MiB): có thể là tệp "
                          "nén độc hại.",
                          f"'{path.name}' unpacks to more than {max_unpacked_mb:g} MiB: refused as a possible "
                          "zip bomb.", file=path.name,
                          hint_vi="Hãy lưu lại văn bản từ Word, bỏ ảnh thừa, rồi tải lên lại.",
                          hint_en="Save the document again from Word without large images and re-upload.")


def _measure(archive: zipfile.ZipFile, cap: int) -> int:
    """Bytes the members really inflate to (up to just past `cap`), read in steps and thrown away.
    zipfile stops a member at the size the directory claims, so each claim is replaced by the cap:
    a member inflating further than it said is measured for what it is; one that says more than it
    holds is damaged."""
    total = 0
    for info in archive.infolist():
        probe = copy.copy(info)
        probe.file_size, size = cap + 1, 0
        with archive.open(probe) as member:
            while total + size <= cap and (piece := member.read(1 << 20)):
                size += len(piece)
        total += size
        if total > cap:
            return total
        if size != info.file_size:
            raise zipfile.BadZipFile(f"{info.filename}: claims {info.file_size} bytes, inflates to {size}")
    return total


def _not_word(path: Path) -> IngestError:
    return IngestError(f"Tệp '{path.name}' không phải tệp Word (.docx) hợp lệ.",
                       f"File '{path.name}' is not a valid Word (.docx) file.", file=path.name,
                       hint_vi="Hãy mở bằng Word và lưu lại dưới dạng .docx.",
                       hint_en="Open it in Word and save it again as .docx.")


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


def read_doc(path: Path, limits: Limits) -> list[Block]:
    """Legacy Word through antiword (its tables come out as '|' rows, a wrapped cell over several
    rows, which the table parser joins back); LibreOffice when antiword is missing. (Debian's
    LibreOffice 7.4 headless drops the tables of a .doc, so it is only the fallback.)"""
    if shutil.which("antiword"):
        text = _run(["antiword", "-w", "0", str(path)], path)
        return [TextBlock(split_long_lines(nfc(text).split("\n")))]
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        with tempfile.TemporaryDirectory(prefix="planbot-doc-") as out:
            _run([office, "--headless", "--norestore", f"-env:UserInstallation=file://{out}/profile",
                  "--convert-to", "docx", "--outdir", out, str(path)], path)
            converted = Path(out) / (path.stem + ".docx")
            if not converted.exists():
                raise _not_doc(path)
            return read_docx(converted, limits.max_unpacked_mb)
    raise IngestError(f"Không đọc được tệp Word cũ '{path.name}': máy chưa cài antiword hay LibreOffice.",
                      f"Cannot read legacy Word file '{path.name}': neither antiword nor LibreOffice is installed.",
                      file=path.name, hint_vi="Cài: apt-get install antiword (make run cài sẵn khi chạy với quyền "
                                              "root), hoặc lưu tệp dưới dạng .docx.",
                      hint_en="Install: apt-get install antiword, or save the file as .docx.")


def _run(command: list[str], path: Path) -> str:
    try:
        done = subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=True)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        raise _not_doc(path) from exc
    return done.stdout.decode("utf-8", "replace")


def _not_doc(path: Path) -> IngestError:
    return IngestError(f"Không chuyển đổi được tệp Word cũ '{path.name}' (tệp hỏng hoặc không phải .doc).",
                       f"Could not convert legacy Word file '{path.name}' (damaged or not a .doc).",
                       file=path.name, hint_vi="Hãy mở bằng Word và lưu dưới dạng .docx.",
                       hint_en="Open it in Word and save it as .docx.")
