"""Unit tests of the genre rules the real corpus needed, each on a small text written for the test:
multi-line pipe cells, group rows and qualified refs, split headings, agency headings, prose task
lists with labelled fields, the signature block, the document type and news articles."""
import pytest

from core.errors import IngestError
from ingest.agencies import agency_in_heading
from ingest.parse import parse_document
from ingest.prose_tasks import read_fields
from ingest.read import RawDocument, TextBlock
from ingest.tables import pipe_cells, pipe_rows

pytestmark = pytest.mark.unit

FRONT = """|
**ỦY BAN NHÂN DÂN**
THÀNH PHỐ CẦN THƠ
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
|
|
Số: 12/KH-UBND
|
*Cần Thơ, ngày 05
tháng 3 năm 2026*
|

**KẾ HOẠCH**

TRIỂN KHAI CÔNG TÁC Y TẾ
NĂM 2026

Thực hiện Quyết định số 1/QĐ-TTg, UBND thành phố ban hành Kế hoạch như sau:
"""

BODY = """**I. MỤC ĐÍCH**

Bảo đảm sức khỏe Nhân dân.

**II.
NHIỆM VỤ**

**1. Sở
Y tế**

a) Tổ chức khám sàng lọc.

**2.** Truyền thông

- Cơ quan chủ trì: Sở Văn hóa,
Thể thao và Du lịch.

- Cơ quan phối hợp: Các sở,
ngành.

- Thời gian thực hiện: Quý
IV năm 2026.

**3.** Kiểm tra

- Cơ quan thực hiện:

+ Sở Y tế chủ trì.

+ Sở Nội vụ phối hợp.

|
*Nơi nhận:*
- Như trên;
- Lưu: VT.
|
**TM. ỦY BAN NHÂN DÂN**
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
**Trần Văn Bình**
|

**PHỤ LỤC**

|
**TT**
|
**Nội dung nhiệm vụ**
|
**Đơn vị chủ trì**
|
**Thời gian hoàn thành**
|
|
**I**
|
**NHÓM CHÍNH SÁCH**
|
|
1
|
Xây dựng đề án
cấp cứu ngoại viện
|
Sở Y tế
|
Quý II/2026
|
|
2
|
Rà soát quy hoạch
|
|
Năm 2027
|
|
**II**
|
**NHÓM ĐẦU TƯ**
|
|
1
|
Nâng cấp bệnh viện
|
Sở Xây dựng
|
2028
|
"""


def doc(text: str, name: str = "plan.md"):
    return parse_document(RawDocument(name, [TextBlock(text.split("\n"))]))


@pytest.fixture(scope="module")
def plan():
    return doc(FRONT + "\n" + BODY)


def test_metadata_from_the_documents_own_lines(plan):
    m = plan.metadata
    assert (m.number, m.doc_type, m.issue_date) == ("12/KH-UBND", "Kế hoạch", "05/03/2026")
    assert m.title == "TRIỂN KHAI CÔNG TÁC Y TẾ NĂM 2026"
    assert (m.issuer, m.locality) == ("UBND thành phố Cần Thơ", "Cần Thơ")
    assert m.signer == "Trần Văn Bình"  # from the signature, not an agency of the appendix


def test_pipe_table_with_multi_line_cells_after_the_signature(plan):
    table = [t for t in plan.tasks if t.table]
    assert [(t.task, t.lead, t.time) for t in table] == [
        ("Xây dựng đề án cấp cứu ngoại viện", "Sở Y tế", "Quý II/2026"),
        ("Rà soát quy hoạch", "", "Năm 2027"),  # an empty cell keeps its column
        ("Nâng cấp bệnh viện", "Sở Xây dựng", "2028")]


def test_numbers_that_restart_per_group_get_qualified_refs(plan):
    refs = [t.cite_ref for t in plan.tasks if t.table]
    assert refs == ["task:I/1", "task:I/2", "task:II/1"]  # "2" is also a prose task: qualified


def test_split_bold_headings_and_agency_leads(plan):
    sections = {s.ref: s for s in plan.sections}
    assert "section:II/1/a" in sections and sections["section:II/1/a"].lead == "Sở Y tế"
    assert sections["section:II/1/a"].titles[:2] == ["NHIỆM VỤ", "Sở Y tế"]


def test_prose_task_list_with_labelled_fields(plan):
    prose = {t.cite_ref: t for t in plan.tasks if not t.table}
    assert prose["task:II/2"].lead == "Sở Văn hóa, Thể thao và Du lịch."
    assert prose["task:II/2"].coordinating == "Các sở, ngành."
    assert prose["task:II/2"].time == "Quý IV năm 2026."  # wrapped before an upper-case word
    assert prose["task:3"].lead == "+ Sở Y tế chủ trì. + Sở Nội vụ phối hợp."  # a labelled list; "3" is unique
    assert len(prose) == 2  # "1. Sở Y tế" heads a unit's section: not a task


@pytest.mark.parametrize("title,lead", [
    ("Sở Y tế", "Sở Y tế"), ("Sở Xây dựng", "Sở Xây dựng"), ("Đề nghị Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy"),
    ("Sở Tài chính: bố trí kinh phí", "Sở Tài chính"), ("Sở Nội vụ (cơ quan thường trực):", "Sở Nội vụ"),
    ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
    ("Trạm Y tế đặc khu", "Trạm Y tế đặc khu"),  # the commune health station heads its own duties
    ("TỔ CHỨC THỰC HIỆN", ""), ("Mục đích", ""), ("Kinh phí thực hiện", "")])
def test_agency_in_heading(title, lead):
    assert agency_in_heading(title) == lead


def test_fields_keep_their_first_value_and_lists():
    fields = read_fields(["- Nội dung: Tuyên truyền", "+ in tờ rơi", "- Đơn vị chủ trì: Sở Y tế",
                          "- Thời gian: Năm 2026", "Ghi chú thêm", "- Đơn vị chủ trì: Sở khác"])
    assert fields == {"task": "Tuyên truyền + in tờ rơi", "lead": "Sở Y tế", "time": "Năm 2026 Ghi chú thêm"}


def test_pipe_rows_start_a_row_at_a_label_after_an_empty_cell():
    cells = pipe_cells(["|", "TT", "|", "Nhiệm vụ", "|", "Chủ trì", "|", "|", "1", "|", "Việc", "|", "|", "2",
                        "|", "Việc hai", "|", "Sở Y tế", "|"])
    assert pipe_rows(cells) == [["TT", "Nhiệm vụ", "Chủ trì"], ["1", "Việc", ""], ["2", "Việc hai", "Sở Y tế"]]


def test_a_decision_is_read_with_its_articles():
    text = FRONT.replace("KH-UBND", "QĐ-UBND").replace("**KẾ HOẠCH**", "**QUYẾT ĐỊNH**") + \
        "\n**Điều 1.**\nPhê duyệt danh sách.\n**Điều 2.** Hiệu lực từ ngày ký.\n"
    d = doc(text)
    assert d.metadata.doc_type == "Quyết định" and [s.ref for s in d.sections] == ["section:Điều 1", "section:Điều 2"]


def test_a_news_article_is_refused_as_an_article():
    article = "# Kế hoạch mới của tỉnh\n\n**Tỉnh vừa ban hành kế hoạch**\n\n1. Nội dung chính\n\nBài viết."
    with pytest.raises(IngestError, match="looks like a news article"):
        doc(article, "tin-tuc.md")


def test_a_time_label_run_into_its_value_is_still_the_deadline():
    assert read_fields(["- Cơ quan chủ trì: Sở Y tế.", "Thời gian thực hiện sau khi Nghị định được ban hành."]) == {
        "lead": "Sở Y tế.", "time": "sau khi Nghị định được ban hành."}
    assert read_fields(["Thời gian thực hiện Kế hoạch là 5 năm."]) == {}  # prose about the plan, not a field
