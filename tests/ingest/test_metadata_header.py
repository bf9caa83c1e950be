"""The official header and signature read back exactly, whatever the province, number, date and issuer,
in each form a document arrives in: a Word file with layout tables, a legal site's pipe scrape, plain
text. National documents (Chính phủ, Thủ tướng, a Bộ) are 'toàn quốc' with no province."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.provinces import PROVINCES_34, PROVINCES_63, province_name
from ingest.parse import parse_document
from ingest.read import RawDocument, TextBlock, read_document
from tests.ingest.official_layout import Official, build_docx, pipe_text, plain_text

pytestmark = pytest.mark.unit

CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
SIGNERS = ["Nguyễn Văn An", "Trần Thị Bích Hạnh", "Lê Quang Minh", "Phạm Đức Long", "Bùi Thanh An", "Võ Văn Hưng"]
TYPES = [("KH", "KẾ HOẠCH", "Kế hoạch"), ("QĐ", "QUYẾT ĐỊNH", "Quyết định"), ("CT", "CHỈ THỊ", "Chỉ thị")]
# (header cell, code, issuer, signing lines, authority line under a decision's title)
NATIONAL = [
    (["THỦ TƯỚNG CHÍNH PHỦ"], "TTg", "Thủ tướng Chính phủ", ["KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG"], "THỦ TƯỚNG CHÍNH PHỦ"),
    (["CHÍNH PHỦ"], "CP", "Chính phủ", ["TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG"], "CHÍNH PHỦ"),
    (["BỘ Y TẾ"], "BYT", "Bộ Y tế", ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"], "BỘ TRƯỞNG BỘ Y TẾ"),
    (["BỘ TÀI CHÍNH"], "BTC", "Bộ Tài chính", ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"], "BỘ TRƯỞNG BỘ TÀI CHÍNH"),
    (["BỘ NỘI VỤ"], "BNV", "Bộ Nội vụ", ["BỘ TRƯỞNG"], "BỘ TRƯỞNG BỘ NỘI VỤ"),
]
FORMS = ["docx", "md", "txt"]


def _write(doc: Official, form: str, folder: Path) -> Path:
    path = folder / f"plan.{form}"
    if form == "docx":
        return build_docx(doc, path)
    path.write_text(pipe_text(doc) if form == "md" else plain_text(doc), encoding="utf-8")
    return path


def _read(doc: Official, form: str):
    with tempfile.TemporaryDirectory() as folder:
        return parse_document(read_document(_write(doc, form, Path(folder)))).metadata


numbers = st.integers(1, 9999).map(str)
dates = st.tuples(st.integers(1, 28), st.integers(1, 12), st.integers(2019, 2030))


@st.composite
def local_documents(draw) -> tuple[Official, str]:
    province = draw(st.sampled_from(sorted(set(PROVINCES_63 + PROVINCES_34))))
    level = "thành phố" if province in CITIES else "tỉnh"
    code, heading, _ = draw(st.sampled_from(TYPES))
    year_part = draw(st.sampled_from(["", "2025/"]))
    day, month, year = draw(dates)
    doc = Official(issuer_lines=["ỦY BAN NHÂN DÂN", f"{level} {province}".upper()],
                   number=f"{draw(numbers)}/{year_part}{code}-UBND", place=province, day=day, month=month,
                   year=year, heading=heading, signer=draw(st.sampled_from(SIGNERS)))
    return doc, level


@st.composite
def national_documents(draw) -> tuple[Official, str]:
    cell, code, issuer, signing, authority = draw(st.sampled_from(NATIONAL))
    kind, heading, _ = draw(st.sampled_from(TYPES))
    day, month, year = draw(dates)
    doc = Official(issuer_lines=cell, number=f"{draw(numbers)}/{kind}-{code}", place="Hà Nội", day=day,
                   month=month, year=year, heading=heading, authority=[authority] if kind == "QĐ" else [],
                   signing=signing, signer=draw(st.sampled_from(SIGNERS)))
    return doc, issuer


SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("form", FORMS)
@SETTINGS
@given(case=local_documents())
def test_local_header_reads_back_exactly(form, case):
    doc, level = case
    meta = _read(doc, form)
    assert (meta.number, meta.issue_date, meta.signer) == (doc.number, doc.date, doc.signer)
    assert meta.province == doc.place == province_name(doc.place)
    assert meta.issuer == f"UBND {level} {doc.place}" and meta.scope == ""
    assert meta.title == " ".join(doc.title)


@pytest.mark.parametrize("form", FORMS)
@SETTINGS
@given(case=national_documents())
def test_national_header_is_national_without_province(form, case):
    doc, issuer = case
    meta = _read(doc, form)
    assert (meta.scope, meta.province, meta.locality, meta.issuer) == ("toàn quốc", "", "", issuer)
    assert (meta.number, meta.issue_date, meta.signer) == (doc.number, doc.date, doc.signer)
    assert meta.title == " ".join(doc.title), "the authority line is not part of the title"


def test_docx_header_table_gives_number_date_province_and_signer(tmp_path):
    """The user's case: a Word plan in the official layout lost its số hiệu and date, and its province
    read 'NGHỆ AN ------- Số: 980/KH-UBND'."""
    meta = parse_document(read_document(build_docx(Official(), tmp_path / "980.docx"))).metadata
    assert (meta.number, meta.issue_date, meta.province, meta.issuer) == (
        "980/KH-UBND", "15/03/2025", "Nghệ An", "UBND tỉnh Nghệ An")
    assert (meta.signer, meta.signer_title) == ("Nguyễn Văn An", "KT. CHỦ TỊCH PHÓ CHỦ TỊCH")


def test_docx_task_table_is_still_a_table(tmp_path):
    doc = parse_document(read_document(build_docx(Official(), tmp_path / "980.docx")))
    assert [(t.number, t.lead, t.time) for t in doc.tasks] == [("1", "Sở Y tế", "Quý II/2026"),
                                                                ("2", "Sở Tài chính", "Hằng năm")]


def test_header_cells_run_together_are_cut_apart():
    """A PDF's text layer puts the two header cells on one line each; the scrape joins a cell's lines."""
    text = "\n".join(["ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                      "TỈNH BÀ RỊA - VŨNG TÀU Độc lập - Tự do - Hạnh phúc", "------- ---------------",
                      "Số: 12/KH-UBND Bà Rịa - Vũng Tàu, ngày 5 tháng 6 năm 2024", "KẾ HOẠCH", "PHÒNG CHỐNG DỊCH",
                      "I. MỤC ĐÍCH", "Nội dung."])
    meta = parse_document(RawDocument("x.txt", [TextBlock(text.split("\n"))])).metadata
    assert (meta.number, meta.issue_date, meta.province) == ("12/KH-UBND", "05/06/2024", "Bà Rịa - Vũng Tàu")



@pytest.mark.parametrize("cell, number, issuer", [
    (["ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "SỞ Y TẾ"], "15/KH-SYT", "Sở Y tế tỉnh Nghệ An"),
    (["HỘI ĐỒNG NHÂN DÂN", "TỈNH NGHỆ AN"], "20/2025/NQ-HĐND", "HĐND tỉnh Nghệ An"),
    (["CỤC THUẾ", "THUẾ TỈNH NGHỆ AN"], "301/TNA-QLDN", "Thuế tỉnh Nghệ An"),
])
def test_a_provincial_body_belongs_to_its_province(cell, number, issuer):
    doc = Official(issuer_lines=cell, number=number)
    meta = parse_document(RawDocument("x.txt", [TextBlock(plain_text(doc).split("\n"))])).metadata
    assert (meta.issuer, meta.province, meta.scope, meta.number) == (issuer, "Nghệ An", "", number)
