import pytest

from ingest.structure import build_outline

pytestmark = pytest.mark.unit


def test_levels_follow_labels_not_markdown_hashes():
    lines = ["KẾ HOẠCH", "Thực hiện nghị quyết số 1", "## **III. NHIỆM VỤ**",
             "## **5. Công tác dân số**", "- Thực hiện chiến lược dân số",
             "#### *a) Huy động nguồn tài chính*", "- Ưu tiên ngân sách",
             "#### **V. PHÂN CÔNG**", "##### **1. Sở Y tế**", "- Chủ trì triển khai"]
    outline = build_outline(lines)
    assert outline.preamble == ["KẾ HOẠCH", "Thực hiện nghị quyết số 1"]
    assert [s.ref for s in outline.sections] == ["section:III/5", "section:III/5/a", "section:V/1"]
    assert outline.sections[1].titles == ["NHIỆM VỤ", "Công tác dân số", "Huy động nguồn tài chính"]


def test_sub_items_and_letters():
    lines = ["V. TỔ CHỨC THỰC HIỆN", "2. Trách nhiệm", "2.1. Các sở", "- Xây dựng kế hoạch chi tiết",
             "2.2. Sở Y tế", "- Là cơ quan đầu mối", "III. NHIỆM VỤ", "2. Nâng cao năng lực",
             "đ) Xây dựng Đề án phát triển hệ thống cấp cứu ngoại viện"]
    refs = [s.ref for s in build_outline(lines).sections]
    assert refs == ["section:V/2/2.1", "section:V/2/2.2", "section:III/2", "section:III/2/đ"]


def test_lowercase_line_continues_paragraph_cut_by_page_break():
    lines = ["I. MỤC ĐÍCH", "- Tuyên truyền rộng rãi về tăng", "", "cường sức khỏe nhân dân.",
             "a) Quán triệt nghị quyết đến", "từng nhóm đối tượng"]
    sections = build_outline(lines).sections
    assert "- Tuyên truyền rộng rãi về tăng cường sức khỏe nhân dân." in sections[0].text
    assert sections[1].titles[-1] == "Quán triệt nghị quyết đến từng nhóm đối tượng"


def test_heading_over_lettered_items_gathers_them():
    lines = ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "a) Quán triệt nghị quyết", "b) Góp phần xây dựng",
             "2. Yêu cầu", "- Bảo đảm kịp thời"]
    sections = {s.ref: s for s in build_outline(lines).sections}
    assert list(sections) == ["section:I/1", "section:I/1/a", "section:I/1/b", "section:I/2"]
    assert sections["section:I/1"].text == "1. Mục đích\na) Quán triệt nghị quyết\nb) Góp phần xây dựng"


def test_signature_block_and_recipients_go_to_tail():
    lines = ["I. MỤC ĐÍCH", "- Nội dung", "Nơi nhận:", "- Sở Y tế;", "KT. CHỦ TỊCH", "Lê Văn A"]
    outline = build_outline(lines)
    assert [s.ref for s in outline.sections] == ["section:I"]
    assert outline.tail[-1] == "Lê Văn A"
