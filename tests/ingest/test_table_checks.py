"""Each check on small hand-made tables: one that passes, and one that violates it (a check that
cannot fail is a defect)."""
import pytest

from core.types import TableSummary
from ingest.read import TableBlock, TextBlock
from ingest.table_checks import check_table, table_warnings
from ingest.tables import split_text_tables

pytestmark = pytest.mark.unit

HEADER = ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"]


def checks(rows, **kw) -> set[str]:
    return {p.check for p in check_table(TableBlock(rows, **kw))}


def test_a_correct_table_passes_all_four():
    rows = [HEADER, ["I", "Nhóm một", "", ""], ["1", "Việc một", "Sở Y tế", "2026"],
            ["2", "Việc hai", "Sở Tài chính", "2027"], ["II", "Nhóm hai", "", ""], ["1", "Việc ba", "Sở Y tế", "2028"]]
    source = [" | ".join(r) + " |" for r in rows]
    assert check_table(TableBlock(rows, source_lines=source, read_widths=[4, 2, 4, 4, 2, 4])) == []


def test_conservation_flags_a_lost_and_a_doubled_word():
    rows = [HEADER, ["1", "Việc một", "Sở Y tế", "2026"]]
    source = [" | ".join(rows[0]), "1 | Việc một | Sở Y tế | 2026 | Quý II"]
    assert "conservation" in checks(rows, source_lines=source)
    doubled = [HEADER, ["1", "Việc một một", "Sở Y tế", "2026"]]
    assert "conservation" in checks(doubled, source_lines=[" | ".join(rows[0]), " | ".join(rows[1])])


def test_shape_flags_a_row_read_with_too_few_or_too_many_cells():
    rows = [HEADER, ["1", "Việc một", "Sở Y tế", "2026"], ["2", "Việc hai", "", ""]]
    assert "shape" in checks(rows, read_widths=[4, 4, 2])
    assert "shape" in checks([HEADER, ["1", "a", "b", "c", "d"]])
    carried = checks(rows, read_widths=[4, 4, 2], carried={(2, 2), (2, 3)})
    assert "shape" not in carried  # the two missing cells come from a rowspan above


def test_numbering_flags_a_gap_and_a_repeat_but_not_a_restart_per_group():
    gap = [HEADER, ["1", "a", "X", ""], ["2", "b", "X", ""], ["9", "c", "X", ""]]
    repeat = [HEADER, ["1", "a", "X", ""], ["1", "b", "X", ""]]
    restart = [HEADER, ["A", "Phần A", "", ""], ["1.1", "a", "X", ""], ["1.2", "b", "X", ""],
               ["B", "Phần B", "", ""], ["1.1", "c", "X", ""]]
    assert "numbering" in checks(gap)
    assert "numbering" in checks(repeat)
    assert "numbering" not in checks(restart)


def test_assignment_flags_a_task_without_a_lead():
    rows = [HEADER, ["1", "Việc một", "Sở Y tế", "2026"], ["2", "Việc hai", "", "2027"]]
    assert "assignment" in checks(rows)
    assert "assignment" not in checks(rows[:2])


def test_a_rowspan_lead_is_carried_down_and_passes():
    lines = ["|", "STT", "|", "Nội dung", "|", "Cơ quan chủ trì", "|", "Thời gian", "|",
             "|", "1", "|", "Việc một", "|", "Sở Y tế", "|", "2026", "|",
             "|", "2", "|", "Việc hai", "|", "2027", "|",
             "|", "3", "|", "Việc ba", "|", "Sở Tài chính", "|", "2028", "|"]
    [table] = [b for b in split_text_tables([TextBlock(lines)]) if isinstance(b, TableBlock)]
    assert table.rows[2] == ["2", "Việc hai", "Sở Y tế", "2027"]
    assert (2, 2) in table.carried
    assert check_table(table) == []


def test_warnings_name_the_table_and_the_jump_in_vietnamese():
    rows = [HEADER, ["1", "a", "X", ""], ["9", "b", "X", ""]]
    summary = TableSummary(index=2, kind="task", header=HEADER, rows=2, columns=4)
    [warning] = table_warnings(TableBlock(rows), summary)
    assert warning.code == "numbering_gap"
    assert "Bảng 2" in warning.message_vi and "1 → 9" in warning.message_vi
