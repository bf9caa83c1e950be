"""Directives, telegrams and plan-issuing decisions: their type, their issuer, and the tasks they assign
agency by agency in prose ('1. Sở Y tế: a) …', 'Giao Sở Y tế chủ trì …')."""
from __future__ import annotations

import pytest

from ingest.agencies import agency_in_heading, is_agency_name
from ingest.issuers import body_from_number, split_code
from ingest.parse import parse_document
from ingest.read import RawDocument, TextBlock, read_document
from tests.ingest.official_layout import Official, build_docx, plain_text

pytestmark = pytest.mark.unit

DIRECTIVE = ["Thời gian qua, tình hình bệnh sốt xuất huyết diễn biến phức tạp.",
             "Để chủ động phòng, chống dịch bệnh, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:",
             "1. Sở Y tế:",
             "a) Chủ trì, phối hợp với các địa phương giám sát chặt chẽ tình hình dịch bệnh.",
             "b) Bảo đảm đủ thuốc, vật tư, hóa chất phục vụ phòng, chống dịch.",
             "2. Sở Giáo dục và Đào tạo: Chỉ đạo các trường học tổ chức vệ sinh môi trường.",
             "3. Ủy ban nhân dân các xã, phường:",
             "- Tổ chức chiến dịch diệt lăng quăng, bọ gậy.",
             "4. Giao Sở Văn hóa, Thể thao và Du lịch chủ trì tuyên truyền phòng, chống dịch.",
             "5. Yêu cầu thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện Chỉ thị này."]


def _parse_text(doc: Official):
    return parse_document(RawDocument("doc.txt", [TextBlock(plain_text(doc).split("\n"))]))


def test_local_directive_reads_agency_items_as_tasks(tmp_path):
    doc = Official(number="05/CT-UBND", heading="CHỈ THỊ", title=["Về việc tăng cường phòng, chống sốt xuất huyết"],
                   signing=["CHỦ TỊCH"], body=DIRECTIVE)
    parsed = parse_document(read_document(build_docx(doc, tmp_path / "ct.docx")))
    assert (parsed.metadata.doc_type, parsed.metadata.province, parsed.metadata.scope) == ("Chỉ thị", "Nghệ An", "")
    assert [(t.lead, t.task[:20]) for t in parsed.tasks] == [
        ("Sở Y tế", "Chủ trì, phối hợp vớ"), ("Sở Y tế", "Bảo đảm đủ thuốc, vậ"),
        ("Sở Giáo dục và Đào tạo", "Chỉ đạo các trường h"), ("Ủy ban nhân dân các xã, phường", "- Tổ chức chiến dịch"),
        ("Sở Văn hóa, Thể thao và Du lịch", "Giao Sở Văn hóa, Thể")]


def test_national_telegram_is_national_with_ministry_tasks():
    body = ["Để chủ động ứng phó với mưa lũ, Thủ tướng Chính phủ yêu cầu:",
            "1. Bộ Y tế chỉ đạo các cơ sở y tế bảo đảm thuốc, vật tư cấp cứu.",
            "2. Bộ Quốc phòng, Bộ Công an:",
            "a) Bố trí lực lượng hỗ trợ người dân sơ tán.",
            "3. Giao Bộ Tài chính chủ trì bảo đảm kinh phí ứng phó.",
            "4. Văn phòng Chính phủ theo chức năng, nhiệm vụ được giao theo dõi, đôn đốc."]
    doc = Official(issuer_lines=["THỦ TƯỚNG CHÍNH PHỦ"], number="12/CĐ-TTg", place="Hà Nội", heading="CÔNG ĐIỆN",
                   title=["VỀ VIỆC ỨNG PHÓ MƯA LŨ"], signing=["KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG"], body=body)
    parsed = _parse_text(doc)
    meta = parsed.metadata
    assert (meta.doc_type, meta.issuer, meta.scope, meta.province, meta.locality) == (
        "Công điện", "Thủ tướng Chính phủ", "toàn quốc", "", "")
    assert [t.lead for t in parsed.tasks] == ["Bộ Y tế", "Bộ Quốc phòng, Bộ Công an", "Bộ Tài chính",
                                              "Văn phòng Chính phủ"]


def test_plan_agency_sections_stay_sections():
    """A plan's '1. Sở Y tế' under 'Tổ chức thực hiện' restates its tasks: a section with a lead."""
    parsed = _parse_text(Official(body=["I. MỤC ĐÍCH", "Bảo vệ sức khỏe.", "II. TỔ CHỨC THỰC HIỆN",
                                        "1. Sở Y tế", "Chủ trì triển khai kế hoạch."]))
    assert parsed.tasks == [] and [s.lead for s in parsed.sections if s.lead] == ["Sở Y tế"]


def test_decision_issuing_a_plan_keeps_its_title_and_the_plan_tasks(tmp_path):
    doc = Official(number="45/QĐ-UBND", heading="QUYẾT ĐỊNH", title=["BAN HÀNH KẾ HOẠCH PHÒNG, CHỐNG DỊCH NĂM 2025"],
                   authority=["CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"], signing=["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"])
    meta = parse_document(read_document(build_docx(doc, tmp_path / "qd.docx"))).metadata
    assert (meta.doc_type, meta.title, meta.number) == ("Quyết định", "BAN HÀNH KẾ HOẠCH PHÒNG, CHỐNG DỊCH NĂM 2025",
                                                        "45/QĐ-UBND")


@pytest.mark.parametrize("number, kind, issuer, national", [
    ("05/CT-UBND", "CT", "UBND", False),  # a province's directive
    ("12/CT-TTg", "CT", "TTg", True),  # the Prime Minister's
    ("5615/CT-CS", "", "CT", True),  # a letter of the Cục Thuế (CT is its code too), drafted by its unit CS
    ("2639/QĐ-TTg", "QĐ", "TTg", True), ("389/NQ-CP", "NQ", "CP", True), ("45/2025/TT-BYT", "TT", "BYT", True),
    ("10988/BNV-CQĐP", "", "BNV", True), ("432-TB/VPTW", "TB", "VPTW", True), ("98/2023/QH15", "", "QH15", True),
    ("55/2025/NQ-HĐND", "NQ", "HĐND", False), ("980/KH-SYT", "KH", "SYT", False), ("/KH-UBND", "KH", "UBND", False),
])
def test_number_codes(number, kind, issuer, national):
    assert split_code(number) == (kind, issuer)
    assert body_from_number(number).national is national


@pytest.mark.parametrize("heading, agency", [
    ("Bảo đảm đủ thuốc, vật tư", ""), ("Bổ sung kinh phí", ""), ("Quy định chung", ""),
    ("Bộ Y tế:", "Bộ Y tế"), ("Báo Nghệ An", "Báo Nghệ An"), ("Quỹ Bảo trợ trẻ em tỉnh", "Quỹ Bảo trợ trẻ em tỉnh"),
    ("Giao Bộ Tài chính chủ trì bảo đảm kinh phí", "Bộ Tài chính"),
])
def test_agency_heads_keep_their_accents(heading, agency):
    assert agency_in_heading(heading) == agency
    assert is_agency_name(agency) == bool(agency)


def test_a_circular_without_its_header_is_still_national():
    """A scrape that lost the header: a Thông tư is issued by a minister, named in its last preamble line."""
    lines = ["THÔNG TƯ", "QUY ĐỊNH VỀ HOẠT ĐỘNG THẺ NGÂN HÀNG", "Căn cứ Luật Ngân hàng Nhà nước Việt Nam;",
             "Thống đốc Ngân hàng Nhà nước Việt Nam ban hành Thông tư quy định về hoạt động thẻ.",
             "Điều 1. Phạm vi điều chỉnh", "Thông tư này quy định về thẻ ngân hàng.", "Điều 2. Hiệu lực",
             "Thông tư có hiệu lực từ ngày ký."]
    meta = parse_document(RawDocument("tt.txt", [TextBlock(lines)])).metadata
    assert (meta.doc_type, meta.issuer, meta.scope, meta.province) == (
        "Thông tư", "Ngân hàng Nhà nước Việt Nam", "toàn quốc", "")
