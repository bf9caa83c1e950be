import pytest

from ingest.read import TableBlock, TextBlock
from ingest.tables import pipe_cells, pipe_rows, split_text_tables

pytestmark = pytest.mark.unit

PIPE = """|
STT |
Tên nhiệm vụ |
Cơ quan chủ trì |
Thời gian |
|
1 |
Việc một |
Sở Y tế |
Quý II/2026 |
|
2 |
Việc hai
dài hai dòng |
|
Thường xuyên |
|
3 |
Việc ba |
Sở Tài chính |
|
|
IV. Nhóm mới |
|||
|
4 |
Việc bốn |
Công an tỉnh |
2027 |""".split("\n")


def test_pipe_rows_keep_empty_cells_and_group_rows():
    rows = pipe_rows(pipe_cells(PIPE))
    assert rows[0] == ["STT", "Tên nhiệm vụ", "Cơ quan chủ trì", "Thời gian"]
    assert rows[1] == ["1", "Việc một", "Sở Y tế", "Quý II/2026"]
    assert rows[2] == ["2", "Việc hai dài hai dòng", "", "Thường xuyên"]
    assert rows[3] == ["3", "Việc ba", "Sở Tài chính", ""]
    assert rows[4] == ["IV. Nhóm mới", "", "", ""]
    assert rows[5] == ["4", "Việc bốn", "Công an tỉnh", "2027"]


def test_pipe_region_stops_at_prose():
    lines = ["|", "Số: 12/KH-UBND |", "Hà Nội, ngày 1 tháng 2 năm 2026 |",
             "KẾ HOẠCH", "Thực hiện nghị quyết", "I. MỤC ĐÍCH"]
    blocks = split_text_tables([TextBlock(lines)])
    assert isinstance(blocks[0], TableBlock)
    assert blocks[1].lines == ["KẾ HOẠCH", "Thực hiện nghị quyết", "I. MỤC ĐÍCH"]


def test_markdown_table_with_bold_header_and_rule():
    lines = ["| <b>TT</b> | <b>Chỉ tiêu</b> | <b>Đơn vị</b> |", "|---|---|---|",
             "| 1 | **Số bác sĩ** | Người |", "|  | - Nam | cm |"]
    [table] = split_text_tables([TextBlock(lines)])
    assert table.rows == [["TT", "Chỉ tiêu", "Đơn vị"], ["1", "Số bác sĩ", "Người"], ["", "- Nam", "cm"]]


def test_tab_table_repeated_per_page_is_merged():
    header = "STT\tNhiệm vụ\tChủ trì\tThời gian"
    lines = [header, "1\tViệc một\tSở Y tế\t2026", "2\tViệc hai\tPhòng Kinh tế, các\tThường", "",
             "3", "", header, "\tcòn tiếp\tcơ quan\txuyên", "3\tViệc ba\tTrạm Y tế\t2027"]
    blocks = split_text_tables([TextBlock(lines)])
    tables = [b for b in blocks if isinstance(b, TableBlock)]
    assert len(tables) == 1
    assert tables[0].rows[0] == header.split("\t")
    assert tables[0].rows[3] == header.split("\t")  # the repeated header is kept, read as a header row
    assert tables[0].rows[4] == ["", "còn tiếp", "cơ quan", "xuyên"]
    assert len(tables[0].rows) == 6


def test_different_tables_are_not_merged():
    lines = ["| TT | Chỉ tiêu | Đơn vị |", "| 1 | a | % |", "",
             "| TT | Nhiệm vụ | Chủ trì |", "| 1 | b | Sở Y tế |"]
    tables = [b for b in split_text_tables([TextBlock(lines)]) if isinstance(b, TableBlock)]
    assert len(tables) == 2
