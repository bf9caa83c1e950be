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
