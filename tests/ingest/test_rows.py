"""Row classification (ingest.rows.classify_rows) on minimal hand-made tables: each rule with a row
it must recognise and one it must not."""
import pytest

from ingest.read import TableBlock
from ingest.rows import classify_rows, number_column
from ingest.table_checks import check_table

pytestmark = pytest.mark.unit

# A header of 4 cells over 6 columns: 'Trữ lượng' and 'Công suất' each span two columns.
HEADER = ["TT", "Tên mỏ", "Trữ lượng", "Công suất", "", ""]
FULL = ["1", "Mỏ Núi Pháo", "55.192", "94.830", "2850", "4500"]


def test_second_level_with_a_blank_title_under_a_header_read_short():
    second = ["2021 - 2030", "", "Quặng", "Tấn WO3", "", ""]  # a title left blank: read 4 cells, 3 filled
    kinds = classify_rows([HEADER, second, FULL], read_widths=[4, 4, 6])
    assert kinds == ["header", "subheader", "data"]


def test_a_row_with_a_blank_is_data_when_the_header_was_read_whole():
    """Without spanning header cells (header read at the table's width) nothing shows a second
    level: a short first row with a blank stays a data row, for the shape check to flag."""
    header = ["TT", "Tên mỏ", "Trữ lượng", "Công suất", "Ghi chú", "Nguồn"]
    row = ["Mỏ A", "", "Quặng", "Tấn WO3", "", ""]
    assert classify_rows([header, row, FULL], read_widths=[6, 4, 6])[1] == "data"


def test_a_numbered_first_row_is_never_a_second_level():
    row = ["1", "", "Mỏ A", "Quặng", "", ""]
    assert classify_rows([HEADER, row, FULL], read_widths=[4, 4, 6])[1] != "subheader"


@pytest.mark.parametrize("first", ["SBD", "Số báo danh", "Mã số bình chọn", "Độ dài"])
def test_a_first_column_of_values_is_not_the_row_numbers(first):
    """Registration numbers, codes and lengths are small whole numbers that skip: not a numbering."""
    rows = [[first, "Mô tả"], ["044", "một"], ["164", "hai"], ["216", "ba"]]
    assert number_column(rows, classify_rows(rows)) is None
    assert "numbering" not in {p.check for p in check_table(TableBlock(rows))}


def test_a_first_column_of_numbers_under_another_header_is_still_checked():
    rows = [["Số", "Mô tả"], ["1", "một"], ["2", "hai"], ["4", "ba"]]
    assert number_column(rows, classify_rows(rows)) == 0
    assert "numbering" in {p.check for p in check_table(TableBlock(rows))}


def test_a_caption_alone_in_the_number_column_is_a_group_row_whatever_width_it_was_read_at():
    """A wiki renderer prints a caption spanning the table as its cell and the empty cells it spans
    ('| Bị kỷ luật, thôi chức | | | |'): a group, so the numbers under it may restart."""
    header = ["STT", "Họ tên", "Quê quán", "Chức vụ"]
    rows = [header, ["1", "Nguyễn A", "Hà Nội", "Bí thư"], ["2", "Trần B", "Huế", "Phó Bí thư"],
            ["Bị kỷ luật, thôi chức", "", "", ""], ["1", "Lê C", "Cần Thơ", "Bí thư"]]
    block = TableBlock(rows, read_widths=[4] * 5)
    assert classify_rows(rows, [4] * 5)[3] == "group"
    assert check_table(block) == []


def test_a_row_with_text_beside_its_number_column_text_is_not_a_caption():
    header = ["STT", "Họ tên", "Quê quán", "Chức vụ"]
    rows = [header, ["1", "Nguyễn A", "Hà Nội", "Bí thư"], ["Ghi chú", "Trần B", "", ""]]
    assert classify_rows(rows, [4] * 3)[2] == "data"


@pytest.mark.parametrize("first", ["Thứ hạng", "Hạng"])
def test_a_rank_column_is_a_value_that_ties_and_skips(first):
    """Ties share a rank and the next one skips (20, 20, 22); a top-N list leaves ranks out."""
    rows = [[first, "Họ và tên"], ["19", "Lý Tây Đình"], ["20", "Lý Thư Phúc"], ["20", "Chung Huệ Quyên"],
            ["22", "Từ Hàng"]]
    assert "numbering" not in {p.check for p in check_table(TableBlock(rows))}


def test_an_item_column_is_not_a_rank():
    rows = [["Hạng mục", "Mô tả"], ["1", "một"], ["2", "hai"], ["4", "ba"]]
    assert "numbering" in {p.check for p in check_table(TableBlock(rows))}
