"""One-row-per-line tables (ingest.line_rows) on minimal scraped wiki tables."""
import pytest

from ingest.read import TableBlock, TextBlock
from ingest.table_checks import check_table
from ingest.tables import split_text_tables

pytestmark = pytest.mark.unit


def table(lines: list[str]) -> TableBlock:
    return next(b for b in split_text_tables([TextBlock(lines)]) if isinstance(b, TableBlock))


def test_cells_the_renderer_emptied_make_rows_of_their_own():
    """'Top 5' over two rows whose name cells were emptied prints six cells ending in '|' for a
    three-column table: its row, then a row of empty cells; no text moves."""
    t = table(["| Kết quả | Thí sinh | Vị trí |", "Hoa hậu", "|", "|", "|",
               "Top 5", "|", "|", "|", "|", "|", "|", "Top 10", "|", "| |"])
    assert t.rows[1] == ["Hoa hậu", "", ""]
    assert t.rows[2] == ["Top 5", "", ""] and not any(t.rows[3])
    assert t.rows[4] == ["Top 10", "", ""]
    assert "shape" not in {p.check for p in check_table(t)}


def test_a_row_with_text_past_the_width_stays_whole_for_the_shape_check():
    t = table(["| Kết quả | Thí sinh |", "|---|---|", "| Top 5 | | An |"])
    assert t.rows[1][:2] == ["Top 5", ""] and "An" in t.rows[1]
    assert "shape" in {p.check for p in check_table(t)}



def test_the_last_row_gets_back_the_empty_cells_the_scrape_stripped():
    """The scrape strips a table's trailing '| |||': its last row ends at its last filled cell, where the
    rows above print their empty cells. Those cells are read as empty, not as a misshapen row."""
    t = table(["| Mẫu | Loại | Nguồn gốc | Ghi chú | Chú thích |"]
              + [f"| M-{n} | Súng {n} | Nga | |||" for n in range(1, 5)] + ["| M-9 | Pháo | Mỹ |"])
    assert t.rows[-1] == ["M-9", "Pháo", "Mỹ", "", ""]
    assert check_table(t) == []


_FILMS = [f"Phim thứ {n}" for n in range(1, 17)]


def _films(last: list[str]) -> TableBlock:
    rows = [f"| {2015 + n} | {film}\n|\nBà Thu | Bùi Quốc Việt | |" for n, film in enumerate(_FILMS)]
    return table(["| Năm | Phim | Vai diễn | Đạo diễn | Nguồn |"] + "\n".join(rows).split("\n") + last)


def test_the_last_row_under_a_rowspan_keeps_its_carried_cell_and_its_empty_end():
    t = _films(["Lằn ranh", "|", "Bà Vui | Nguyễn Mai Hiền |"])
    assert t.rows[-1] == ["2030", "Lằn ranh", "Bà Vui", "Nguyễn Mai Hiền", ""]
    assert (len(t.rows) - 1, 0) in t.carried
    assert "shape" not in {p.check for p in check_table(t)}


def test_a_last_row_short_in_its_middle_is_not_padded():
    """Only empty columns right of the row's last cell are taken for stripped ones: a row printed
    without its opening '|' that lacks a column the rows above leave empty stays short."""
    rows = [f"| {2015 + n} | {film} | | Bùi Quốc Việt | |" for n, film in enumerate(_FILMS)]
    t = table(["| Năm | Phim | Vai diễn | Đạo diễn | Nguồn |"] + rows + ["2031 | Lằn ranh | Nguyễn Mai Hiền | [2] |"])
    assert t.rows[-1] == ["2031", "Lằn ranh", "", "Nguyễn Mai Hiền", "[2]"]
    assert "shape" in {p.check for p in check_table(t)}


def test_a_note_after_a_closed_row_ends_its_last_cell_and_the_next_line_opens_a_row():
    """An infobox prints the age after the value's cell ('| Mất | 2 tháng 4 năm 2005 | (84 tuổi)'): the
    row's cells are all closed, so the note ends the last cell and the next line is a row of its own."""
    t = table(["| Phạm Quang Vĩnh | |", "|---|---|", "| Mất | 12 tháng 6, 2025 | (80 tuổi)", "Nơi mất | Hà Nội |",
               "| Quốc tịch | Việt Nam | –", "| Giới tính | nam |"])
    assert t.rows[1] == ["Mất", "12 tháng 6, 2025 (80 tuổi)"]
    assert t.rows[2] == ["Nơi mất", "Hà Nội"]
    assert t.rows[3] == ["Quốc tịch", "Việt Nam –"] and t.rows[4] == ["Giới tính", "nam"]
    assert check_table(t) == []


def test_a_cell_left_open_short_of_the_width_still_takes_the_next_line():
    """Text after the last '|' of a row still short of the width is a cell left open (a wrapped cell)."""
    t = table(["| Năm | Phim | Vai |", "|---|---|---|", "| 2019 | Sitcom", "Phụ nữ là số 1 | Bà Thu |"])
    assert t.rows[1] == ["2019", "Sitcom Phụ nữ là số 1", "Bà Thu"]


def test_a_pipe_inside_a_code_span_is_part_of_the_cell():
    """A help table quoting template parameters ('`|dead-url=`') keeps each parameter in its cell."""
    t = table(["| Tham số URL | Tham số tiêu đề |", "|---|---|", "`|url lưu trữ=`", "|", "`|tiêu đề=`", "|",
               "`|url chương=`", "|", "`|chương=` , `|mục=`", "|"])
    assert t.rows[1:] == [["`|url lưu trữ=`", "`|tiêu đề=`"], ["`|url chương=`", "`|chương=` , `|mục=`"]]
    assert check_table(t) == []


def test_a_last_row_opening_with_a_pipe_is_read_from_its_first_column():
    """A row printed from its first column ('| 2021 | …') is not under a rowspan: what it lacks is the
    empty cells at its end, stripped from the table's last row, however the columns above look."""
    rows = [f"| {2015 + n} | {film}\n|\nBà Thu | |||" for n, film in enumerate(_FILMS)]
    t = table(["| Năm | Phim | Vai diễn | Dạng phim | Vai trò khác | Phát hành |"] + "\n".join(rows).split("\n")
              + ["| 2031 | Thương ngày nắng về", "|", "Mẹ ông Mậu |"])
    assert t.rows[-1] == ["2031", "Thương ngày nắng về", "Mẹ ông Mậu", "", "", ""]
    assert check_table(t) == []
