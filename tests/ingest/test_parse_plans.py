"""The five bundled plans parse into exactly the tasks, sections, indicators and metadata they print."""
import pytest

from tests.conftest import AN_GIANG, KIEN_GIANG, KIEN_HAI, NGHE_AN, QUANG_NGAI

pytestmark = pytest.mark.unit


def task(parsed, source, number):
    return next(t for t in parsed[source].tasks if t.number == number)


def section(parsed, source, ref):
    return next(s for s in parsed[source].sections if s.ref == ref)


@pytest.mark.parametrize("source, numbers", [
    (AN_GIANG, [str(i) for i in range(1, 51)]),
    (QUANG_NGAI, [str(i) for i in range(1, 47)]),
    (KIEN_HAI, [str(i) for i in range(1, 38)]),
    (NGHE_AN, []),
    (KIEN_GIANG, ["14", "15", "16"]),
])
def test_exact_task_rows_per_plan(parsed, source, numbers):
    assert [t.number for t in parsed[source].tasks] == numbers


def test_an_giang_late_rows_and_empty_cells(parsed):
    t18 = task(parsed, AN_GIANG, "18")
    assert "cấp cứu ngoại viện" in t18.task
    assert (t18.lead, t18.time) == ("Sở Y tế", "Quý II/2026")
    assert t18.coordinating == "Công an tỉnh, Bộ Chỉ huy quân sự tỉnh, các sở, ngành, địa phương"
    assert (t18.deadline.kind, t18.deadline.quarter, t18.deadline.year_to) == ("quarter", 2, 2026)
    assert task(parsed, AN_GIANG, "11").time == "" and task(parsed, AN_GIANG, "11").deadline.kind == "none"
    assert task(parsed, AN_GIANG, "12").coordinating == ""
    assert task(parsed, AN_GIANG, "13").time == ""
    t50 = task(parsed, AN_GIANG, "50")
    assert (t50.lead, t50.coordinating, t50.time) == ("Các sở, ngành, địa phương", "Các cơ quan liên quan",
                                                      "Thường xuyên")
    assert task(parsed, AN_GIANG, "47").time == "Thường xuyên."


def test_quang_ngai_extra_columns_and_group_rows(parsed):
    t14 = task(parsed, QUANG_NGAI, "14")
    assert (t14.lead, t14.result, t14.time) == ("Sở Y tế", "Đề án được phê duyệt", "Từ năm 2026")
    assert t14.extra == {"Tiến độ theo quy định của Trung ương": ""}
    t37 = task(parsed, QUANG_NGAI, "37")
    assert (t37.time, t37.extra["Tiến độ theo quy định của Trung ương"]) == ("Từ năm 2026", "Quý I/2026")
    assert task(parsed, QUANG_NGAI, "32").group.startswith("IV. Đổi mới cải cách tài chính y tế")
    assert task(parsed, QUANG_NGAI, "40").group.startswith("VI. Đẩy mạnh phát triển y tế tư nhân")
    assert task(parsed, QUANG_NGAI, "31").group == ""
    assert task(parsed, QUANG_NGAI, "46").lead == "Các sở, ngành chủ trì theo từng nội dung"
    assert task(parsed, QUANG_NGAI, "18").time == "Sau khi có văn bản triển khai của Trung ương"
    assert task(parsed, QUANG_NGAI, "18").deadline.conditional


def test_kien_hai_tab_table_rows_rejoined_across_pages(parsed):
    t18 = task(parsed, KIEN_HAI, "18")
    assert (t18.lead, t18.time) == ("Trung tâm Y tế", "Quý II/2026")
    t36 = task(parsed, KIEN_HAI, "36")
    assert t36.task.startswith("Ưu tiên dành trụ sở cơ quan Nhà nước đô dư sau sắp xếp")
    assert t36.lead == "Phòng Kinh tế, các cơ quan, phòng, ban, ngành"
    assert t36.coordinating == "Các cơ quan, phòng, ban, ngành liên quan"
    assert t36.time == "Thường xuyên"
    assert task(parsed, KIEN_HAI, "21").coordinating == ""
    assert task(parsed, KIEN_HAI, "11").time == ""
    assert task(parsed, KIEN_HAI, "37").time == "Thường xuyên"


def test_kien_giang_markdown_task_table(parsed):
    t15 = task(parsed, KIEN_GIANG, "15")
    assert (t15.lead, t15.time) == ("Trường Đại học Y Dược Cần Thơ", "2024")
    assert t15.coordinating == "Sở Kế hoạch và Đầu tư, Sở Y tế và các sở, ngành liên quan"


def test_kien_giang_indicators_with_sub_rows(parsed):
    inds = {i.number: i for i in parsed[KIEN_GIANG].indicators}
    assert list(inds)[:3] == ["1", "2", "3"] and list(inds)[-1] == "23" and len(inds) == 26
    assert (inds["1"].name, inds["1"].unit, inds["1"].group) == ("Số bác sĩ trên 10.000 dân", "Người",
                                                                   "Chỉ số đầu vào")
    assert inds["1"].values == {"Năm 2025": "10,31", "Năm 2030": "19"}
    assert (inds["15.2"].parent, inds["15.2"].values["Năm 2030"]) == ("15", "50")
    assert inds["13"].values["Năm 2025"] == ""
    assert inds["17"].values == {"Năm 2025": "> 67", "Năm 2030": "≥68"}
    assert [(s.label, s.unit, s.values["Năm 2030"]) for s in inds["23"].sub_rows] == [
        ("Nam", "cm", "168,5"), ("Nữ", "cm", "157,5")]


def test_duplicate_scrape_preamble_dropped(parsed):
    assert parsed[AN_GIANG].dropped_duplicate_lines == 37
    assert parsed[QUANG_NGAI].dropped_duplicate_lines == 30
    assert parsed[KIEN_HAI].dropped_duplicate_lines == 0
    holding = {s.ref for s in parsed[AN_GIANG].sections if "Quán triệt sâu kỹ và đẩy mạnh tuyên truyền" in s.text}
    assert holding == {"section:I/1/a", "section:I/1"}  # the item and its gathered heading, not the copy


def test_section_paths(parsed):
    assert "cấp cứu ngoại viện" in section(parsed, AN_GIANG, "section:III/2/đ").text
    assert section(parsed, AN_GIANG, "section:IV/4").text.startswith("4. Sở Y tế chủ trì")
    assert section(parsed, AN_GIANG, "section:III/2/đ").titles[0] == "NHIỆM VỤ VÀ GIẢI PHÁP THỰC HIỆN"
    assert "cấp cứu ngoại viện giai đoạn 2027-2035" in section(parsed, NGHE_AN, "section:IV/3").text
    assert section(parsed, NGHE_AN, "section:V/2/2.2").titles[-1] == "Sở Y tế"
    assert section(parsed, KIEN_GIANG, "section:III/10/a").titles[-1] == "Huy động nguồn tài chính"
    assert section(parsed, KIEN_HAI, "section:V/7").titles[-1] == "Trạm Y tế đặc khu"
    for doc in parsed.values():
        for s in doc.sections:
            assert all(label and not label.endswith((".", ")")) for label in s.path), s.ref


@pytest.mark.parametrize("source, number, draft, locality, level, province, date, signer", [
    (AN_GIANG, "186/KH-UBND", False, "An Giang", "tỉnh", "An Giang", "11/11/2025", "Hồ Văn Mừng"),
    (QUANG_NGAI, "07/KH-UBND", False, "Quảng Ngãi", "tỉnh", "Quảng Ngãi", "09/01/2026", "Nguyễn Ngọc Sâm"),
    (KIEN_HAI, "", True, "Kiên Hải", "đặc khu", "An Giang", "", "Lê Minh Trị"),
    (NGHE_AN, "", True, "Nghệ An", "tỉnh", "Nghệ An", "", "Thái Văn Thành"),
    (KIEN_GIANG, "", True, "Kiên Giang", "tỉnh", "Kiên Giang", "", "Nguyễn Lưu Trung"),
])
def test_metadata(parsed, source, number, draft, locality, level, province, date, signer):
    m = parsed[source].metadata
    assert (m.number, m.is_draft, m.locality, m.locality_level, m.province, m.issue_date, m.signer) == (
        number, draft, locality, level, province, date, signer)
    assert m.issuer == f"UBND {level} {locality}"


def test_metadata_implements(parsed):
    assert parsed[AN_GIANG].metadata.implements == [
        "Nghị quyết 282/NQ-CP", "Nghị quyết 72-NQ/TW", "Chương trình hành động 05-CTr/TU"]
    assert "Kế hoạch 186/KH-UBND" in parsed[KIEN_HAI].metadata.implements
    assert parsed[KIEN_GIANG].metadata.implements == ["Quyết định 89/QĐ-TTg"]
    assert parsed[NGHE_AN].metadata.year == 2026 and parsed[KIEN_GIANG].metadata.year == 2024
    assert parsed[KIEN_HAI].metadata.display_number == "Kế hoạch (dự thảo, chưa có số)"
