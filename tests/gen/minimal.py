"""Small hand-built plans, each holding exactly one feature: the minimal failing examples that the
strict xfails of the round trips keep (a defect fixed makes its xfail pass, and the suite says so)."""
from __future__ import annotations

from tests.gen.model import (GenGroup, GenIndicator, GenSection, GenTask, IndicatorTable, Plan, TaskTable)

HEADER = ("STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành")


def plan(task_table: TaskTable | None = None, indicator_table: IndicatorTable | None = None) -> Plan:
    sections = [GenSection(("I",), "MỤC ĐÍCH, YÊU CẦU", ("Bảo đảm triển khai đồng bộ, hiệu quả.",)),
                GenSection(("II",), "NHIỆM VỤ, GIẢI PHÁP", ("Các nhiệm vụ cụ thể tại bảng sau.",))]
    return Plan(province="An Giang", number=186, day=11, month=11, year=2025, title="Triển khai chăm sóc sức khỏe",
                signer="Hồ Văn Mừng", deputy=True, sections=sections, task_table=task_table,
                indicator_table=indicator_table, table_after=1)


def task(number: str, lead: str, same: bool = False, result: str = "", path: tuple[str, ...] = ()) -> GenTask:
    return GenTask(number, ("Tăng cường truyền thông giáo dục sức khỏe.",), lead, ("Sở Tài chính",), "Năm 2026",
                   result, path, same)


def merged_lead() -> Plan:
    """Two rows whose lead 'Sở Y tế' is one cell merged down."""
    rows = [task("1", "Sở Y tế"), task("2", "Sở Y tế", same=True), task("3", "Công an tỉnh")]
    return plan(TaskTable(HEADER, rows, merge_leads=True))


def result_ke_hoach() -> Plan:
    """A 'Sản phẩm' cell that reads 'Kế hoạch' (a plan is what many tasks produce)."""
    rows = [task("1", "Sở Y tế", result="Kế hoạch"), task("2", "Sở Nội vụ", result="Báo cáo")]
    return plan(TaskTable(HEADER + ("Sản phẩm",), rows))


def empty_then_number() -> Plan:
    """An indicator row with an empty year cell followed by a numeric one."""
    header = ("STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2025", "Năm 2026")
    rows = [GenIndicator("1", "Tỷ lệ bao phủ bảo hiểm y tế", "%", ("", "95")),
            GenIndicator("2", "Số bác sĩ trên vạn dân", "bác sĩ/vạn dân", ("12", "13"))]
    return plan(indicator_table=IndicatorTable(header, rows))


def group_rows() -> Plan:
    """Group rows I / II (label and title, the other cells empty)."""
    rows = [GenGroup("I", "CÔNG TÁC TRUYỀN THÔNG", 1), task("1", "Sở Y tế", path=("I",)),
            GenGroup("II", "CÔNG TÁC PHÒNG BỆNH", 1), task("2", "Công an tỉnh", path=("II",))]
    return plan(TaskTable(HEADER, rows))


def body_line_phu_luc() -> Plan:
    """A body paragraph that opens with 'Phụ lục' (short enough to pass for a heading)."""
    p = plan()
    p.sections.insert(1, GenSection(("I", "1"), "Mục đích", ("Phụ lục kèm theo gồm các biểu mẫu báo cáo.",)))
    return p


def merged_lead_after_empty_last_cell() -> Plan:
    """A row whose last cell is empty above a row whose lead is merged into it: the short row under the
    merged lead and the row above cut one cell earlier tie, unless a row number opens the row."""
    rows = [task("1", "Sở Y tế", result="Báo cáo"), task("2", "Sở Y tế", same=True),
            task("3", "Sở Y tế", same=True, result="Kế hoạch"), task("4", "Công an tỉnh", result="Kế hoạch")]
    return plan(TaskTable(HEADER + ("Sản phẩm",), rows, merge_leads=True))


def group_title_folding_to_bang() -> Plan:
    """A group titled 'BẰNG …' (by means of): accents folded away it reads 'BẢNG …', a table's title."""
    rows = [GenGroup("I", "CÔNG TÁC TRUYỀN THÔNG", 1), task("1", "Sở Y tế", path=("I",)),
            GenGroup("II", "BẰNG NHIỀU HÌNH THỨC", 1), task("2", "Công an tỉnh", path=("II",))]
    return plan(TaskTable(HEADER, rows))
