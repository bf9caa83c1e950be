"""Hostile files, generated (never committed): each is small on disk and costly to read naively.

Every maker writes one file into a folder and returns its path; the sizes mirror what a tester sent
(a 3 KB PDF that expands to millions of characters, a 2 MB PDF holding a 2 GB flate stream, …).
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Callable

from tests.conftest import KIEN_HAI, PLANS_DIR


def pdf_bytes(objects: list[bytes], pages_obj: int = 2) -> bytes:
    """A minimal PDF: object i+1 is objects[i], object 1 the catalog pointing at `pages_obj`."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate([b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj] + objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
    out.writelines(b"%010d 00000 n \n" % o for o in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref))
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    body = zlib.compress(data, 9) if compress else data
    flate = b" /Filter /FlateDecode" if compress else b""
    return b"<< /Length %d%s %s >>\nstream\n" % (len(body), flate, extra) + body + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def one_page_pdf(content: bytes, resources: bytes = b"/Font << /F1 4 0 R >>", more: list[bytes] = ()) -> bytes:
    """Catalog 1, pages 2, page 3, font 4, content 5, then `more` objects from 6 on."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << %s >> /Contents 5 0 R >>" % resources
    return pdf_bytes([b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", page, FONT, content, *more])


def expansion_pdf(path: Path, chars: int = 2_300_000) -> Path:
    """A few KB of flate that draw millions of characters on one page."""
    line = b"(" + b"Ke hoach y te " * 40 + b") Tj T* "
    body = b"BT /F1 1 Tf 1 TL 10 830 Td " + line * (chars // (len(line) - 9)) + b"ET"
    path.write_bytes(one_page_pdf(stream(body)))
    return path


def repeated_deflate(block: bytes, count: int) -> tuple[bytes, int, int]:
    """Raw deflate of `block` × `count` in about a second: after a full flush the compressor forgets
    what came before, so one compressed block can be repeated. Returns (data, crc32, adler32)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.flush(zlib.Z_FULL_FLUSH)
    piece = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    crc, adler = 0, 1
    for _ in range(count):
        crc, adler = zlib.crc32(block, crc), zlib.adler32(block, adler)
    return head + piece * count + packer.flush(), crc, adler


def flate_bomb_pdf(path: Path, unpacked_mb: int = 2048) -> Path:
    """A page whose content stream is ~2 MB of flate holding 2 GB of spaces."""
    raw, _, adler = repeated_deflate(b" " * (1 << 20), unpacked_mb)
    body = b"\x78\xda" + raw + struct.pack(">I", adler)
    content = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
    path.write_bytes(one_page_pdf(content))
    return path


def form_repetition_pdf(path: Path, fan_out: int = 10, depth: int = 6) -> Path:
    """Form XObjects drawing each other `fan_out` times, `depth` deep: 10^6 draws from ~3 KB."""
    forms = []  # object 6 + i is form i; form 0 draws a word, form i draws form i-1 fan_out times
    for level in range(depth + 1):
        body = b"BT /F1 8 Tf 10 10 Td (Ke hoach) Tj ET" if level == 0 else b"/X Do " * fan_out
        res = b"/Font << /F1 4 0 R >>" if level == 0 else b"/XObject << /X %d 0 R >>" % (6 + level - 1)
        forms.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << %s >>" % res,
                            compress=False))
    top = 6 + depth
    path.write_bytes(one_page_pdf(stream(b"/X Do", compress=False), b"/XObject << /X %d 0 R >>" % top, forms))
    return path


def form_recursion_pdf(path: Path) -> Path:
    """A form XObject that draws itself."""
    form = stream(b"BT /F1 8 Tf 10 10 Td (a) Tj ET /X Do /X Do",
                  b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> "
                  b"/XObject << /X 6 0 R >> >>", compress=False)
    path.write_bytes(one_page_pdf(stream(b"/X Do", compress=False), b"/XObject << /X 6 0 R >>", [form]))
    return path


def dense_pages_pdf(path: Path, pages: int = 300, lines: int = 120) -> Path:
    """`pages` pages (within the page limit) sharing one dense content stream of tiny text."""
    row = b"(" + b"Nhiem vu so 12 cua So Y te ve cham soc suc khoe " * 3 + b") Tj T* "
    content = stream(b"BT /F1 4 Tf 5 TL 10 830 Td " + row * lines + b"ET")
    kids = b" ".join(b"%d 0 R" % (6 + i) for i in range(pages))
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> " \
           b"/Contents 5 0 R >>"
    path.write_bytes(pdf_bytes([b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages), b"<< >>", FONT, content]
                               + [page] * pages))
    return path


def lying_zip_docx(path: Path, unpacked_mb: int = 2400) -> Path:
    """A real (empty) .docx plus a member that inflates to ~2.4 GB while the zip directory, and its
    local header, say 1 KB: a check that sums the declared sizes lets it through."""
    import docx
    plain = io.BytesIO()
    docx.Document().save(plain)
    with zipfile.ZipFile(plain) as archive:
        members = [(i.filename, _deflate(archive.read(i)), zlib.crc32(archive.read(i)), i.file_size)
                   for i in archive.infolist()]
    raw, crc, _ = repeated_deflate(b"\0" * (1 << 20), unpacked_mb)
    members.append(("word/media/image1.png", raw, crc, 1024))
    path.write_bytes(_zip(members))
    return path


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand from (name, raw deflate, crc32, declared size): the sizes are ours to state."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in members:
        fields = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, crc, len(data), size, len(name.encode()), 0)
        central.write(b"PK\x01\x02" + struct.pack("<H", 20) + fields + struct.pack("<HHHII", 0, 0, 0, 0, out.tell())
                      + name.encode())
        out.write(b"PK\x03\x04" + fields + name.encode() + data)
    start, directory = out.tell(), central.getvalue()
    out.write(directory + b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(members), len(members),
                                                      len(directory), start, 0))
    return out.getvalue()


def repeated_text(path: Path, chars: int = 1_950_000) -> Path:
    """A real plan's text pasted over and over to ~2.6 MB, just under the character limit (a scrape
    gone wrong): every line repeats, so each one looks like the start of an earlier copy."""
    plan = (PLANS_DIR / KIEN_HAI).read_text(encoding="utf-8")
    path.write_text("\n".join([plan] * (chars // (len(plan) + 1))), encoding="utf-8")
    return path


def repeated_rows(path: Path, chars: int = 1_950_000) -> Path:
    """A plan's head, then one task row repeated to ~1.9 M characters."""
    head = "\n".join((PLANS_DIR / KIEN_HAI).read_text(encoding="utf-8").split("\n")[:40])
    row = "| 1 | Tổ chức tiêm chủng mở rộng cho trẻ em | Sở Y tế | UBND các huyện | Năm 2025 |"
    path.write_text(head + ("\n" + row) * ((chars - len(head)) // (len(row) + 1)), encoding="utf-8")
    return path


def pdf_named_docx(path: Path) -> Path:
    path.write_bytes(one_page_pdf(stream(b"BT /F1 12 Tf 72 720 Td (Ke hoach so 1) Tj ET")))
    return path


def zip_named_pdf(path: Path) -> Path:
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        archive.writestr("a.txt", "Ke hoach")
    path.write_bytes(raw.getvalue())
    return path


def binary_named_txt(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 4096)
    return path


HOSTILE: dict[str, Callable[[Path], Path]] = {  # file name -> maker
    "bom-zip.docx": lying_zip_docx,
    "bom-flate.pdf": flate_bomb_pdf,
    "no-chu.pdf": expansion_pdf,
    "form-lap.pdf": form_repetition_pdf,
    "form-de-quy.pdf": form_recursion_pdf,
    "300-trang-day.pdf": dense_pages_pdf,
    "lap-lai.txt": repeated_text,
    "lap-lai-dong.txt": repeated_rows,
    "pdf-ten-docx.docx": pdf_named_docx,
    "zip-ten-pdf.pdf": zip_named_pdf,
    "nhi-phan.txt": binary_named_txt,
}


def make_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: make(folder / name) for name, make in HOSTILE.items()}
