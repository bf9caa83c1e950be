"""Headings a scrape lost, put back from the numbering that remains (ingest/numbering.py)."""
import pytest

from ingest.structure import build_outline

pytestmark = pytest.mark.unit


def refs(lines: list[str]) -> list[str]:
    return [s.ref for s in build_outline(lines).sections]


def test_restarted_items_without_parts_become_parts_and_a_bare_heading_nests_its_run():
    lines = ["1. Tổ chức thể chế hóa và thực hiện đầy đủ các quan điểm, mục tiêu và nhiệm vụ đã đề ra.",
             "2. Xác định nhiệm vụ cụ thể để các sở, ban, ngành, địa phương tập trung chỉ đạo thực hiện.",
             "1. Mục tiêu chung", "Xây dựng hệ thống y tế công bằng.",
             "2. Mục tiêu cụ thể theo giai đoạn",
             "1. Mục tiêu đến năm 2030", "a) Tuổi thọ trung bình đạt 75,5 tuổi", "b) Tỷ lệ tiêm chủng đạt 95%",
             "2. Mục tiêu đến năm 2045", "Phấn đấu tuổi thọ trên 80 tuổi."]
    assert refs(lines) == ["section:I/1", "section:I/2", "section:II/1", "section:II/2/1", "section:II/2/1/a",
                           "section:II/2/1/b", "section:II/2/2"]


def test_restarted_letter_runs_are_numbered_back_from_the_next_printed_number():
    lines = ["I. NHIỆM VỤ", "a) Truyền thông sức khỏe", "b) Ngày sức khỏe toàn dân",
             "a) Nghiên cứu chính sách", "b) Cấp cứu ngoại viện",
             "3. Đổi mới tài chính y tế", "a) Ngân sách cho y tế", "a) Chuyển đổi số y tế", "5. Y tế tư nhân",
             "a) Quỹ đất"]
    sections = {s.ref: s for s in build_outline(lines).sections}
    assert [r for r in sections if r.count("/") == 2] == [
        "section:I/1/a", "section:I/1/b", "section:I/2/a", "section:I/2/b", "section:I/3/a", "section:I/4/a",
        "section:I/5/a"]
    assert sections["section:I/2"].text == "a) Nghiên cứu chính sách\nb) Cấp cứu ngoại viện"  # no invented '2.' line
    assert sections["section:I/2"].titles == ["NHIỆM VỤ", ""]


def test_printed_numbering_is_left_as_it_is():
    normal = ["I. MỤC ĐÍCH", "1. Mục đích", "a) Quán triệt", "2. Yêu cầu", "- Kịp thời",
              "II. NHIỆM VỤ", "1. Truyền thông", "- Nâng cao nhận thức", "5. Cấp cứu", "a) Đề án"]
    assert refs(normal) == ["section:I/1", "section:I/1/a", "section:I/2", "section:II/1", "section:II/5",
                            "section:II/5/a"]
    # letters restarting with no printed number after them to count from: nothing is guessed
    assert refs(["1. Nhiệm vụ", "a) Một", "a) Hai"]) == ["section:1", "section:1/a", "section:1/a"]
    # a document that prints its parts keeps them, even where '1.' restarts without a new part
    assert refs(["I. MỤC TIÊU", "1. Chung", "- Nội dung", "1. Cụ thể", "- Nội dung"]) == [
        "section:I/1", "section:I/1"]
