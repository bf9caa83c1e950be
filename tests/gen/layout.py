"""The order of a plan's parts, shared by every renderer: front matter, sections with the tables
after one of them (or in an appendix after the signature), the signature block.

A renderer gets a flat list of pieces and prints each its own way.
"""
from __future__ import annotations

from dataclasses import dataclass

from tests.gen.model import GenGroup, GenSection, GenTask, Plan, TaskTable

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
RECIPIENTS = ("Nơi nhận:", "- Như trên;", "- Thường trực Tỉnh ủy;", "- Lưu: VT.")


@dataclass(frozen=True)
class Piece:
    kind: str  # "heading", "para", "title", "tasks", "indicators", "signature", "appendix"
    section: GenSection | None = None
    text: str = ""


def pieces(plan: Plan) -> list[Piece]:
    out = [Piece("title", text="KẾ HOẠCH"), Piece("title", text=plan.title)]
    tables = [Piece(k) for k, t in (("tasks", plan.task_table), ("indicators", plan.indicator_table)) if t]
    for i, section in enumerate(plan.sections):
        out.append(Piece("heading", section))
        out += [Piece("para", section, p) for p in section.paragraphs]
        if i == plan.table_after and not plan.tables_in_appendix:
            out += tables
    out.append(Piece("signature"))
    if plan.tables_in_appendix and tables:
        out.append(Piece("appendix", text=appendix_note(plan)))
        out += tables
    return out


def issuer_lines(plan: Plan) -> tuple[str, str]:
    return "ỦY BAN NHÂN DÂN", f"TỈNH {plan.province.upper()}"


def signature_lines(plan: Plan) -> list[str]:
    titles = ["TM. ỦY BAN NHÂN DÂN"] + (["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] if plan.deputy else ["CHỦ TỊCH"])
    return titles + [plan.signer]


def appendix_note(plan: Plan) -> str:
    return (f"(Kèm theo Kế hoạch số {plan.so_hieu} ngày {plan.issue_date} của Ủy ban nhân dân tỉnh "
            f"{plan.province})")


def site_box(plan: Plan) -> list[tuple[str, str]]:
    """The key–value box a legal-document site prints above the text."""
    return [("Số hiệu", plan.so_hieu), ("Loại văn bản", "Kế hoạch"), ("Nơi ban hành", f"Tỉnh {plan.province}"),
            ("Người ký", plan.signer), ("Ngày ban hành", plan.issue_date)]


def group_text(group: GenGroup) -> str:
    return f"{group.label}. {group.title}"


def task_cells(task: GenTask, table: TaskTable) -> list[list[str]]:
    """The task row's cells as lines (a cell with several lines is a multi-line cell)."""
    cells = [[task.number], list(task.text), [task.lead], list(task.coordinating), [task.time] if task.time else []]
    if len(table.header) > 5:
        cells.append([task.result] if task.result else [])
    return cells


def lead_spans(table: TaskTable) -> dict[int, int]:
    """Row index → how many rows its lead cell covers when equal leads are merged down; rows inside a
    span map to 0. Without merging every task row covers 1."""
    spans: dict[int, int] = {}
    start = None
    for i, row in enumerate(table.rows):
        if not isinstance(row, GenTask):
            start = None
            continue
        inside = table.merge_leads and row.same_lead_as_above and start is not None and i != table.break_at
        if inside:
            spans[start] += 1
            spans[i] = 0
        else:
            start, spans[i] = i, 1
    return spans
