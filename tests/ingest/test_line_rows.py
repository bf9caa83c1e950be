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
    """Only empty columns right of the row's last cell are taken for stripped ones: a row that lacks a
    column the rows above leave empty stays short."""
    rows = [f"| {2015 + n} | {film} | | Bùi Quốc Việt | |" for n, film in enumerate(_FILMS)]
    t = table(["| Năm | Phim | Vai diễn | Đạo diễn | Nguồn |"] + rows + ["| 2031 | Lằn ranh | Nguyễn Mai Hiền | [2] |"])
    assert t.rows[-1] == ["2031", "Lằn ranh", "", "Nguyễn Mai Hiền", "[2]"]
    assert "shape" in {p.check for p in check_table(t)}
