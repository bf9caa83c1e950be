"""Write a parsed plan back out as .docx and as a text PDF, the way offices publish them:
front matter and headed prose as paragraphs, the task list as a real ruled table."""
from __future__ import annotations

from pathlib import Path

from core.types import PlanDocument

HEADER = ["STT", "Tên nhiệm vụ cụ thể", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]


def plan_lines(doc: PlanDocument) -> list[str]:
    m = doc.metadata
    lines = [f"ỦY BAN NHÂN DÂN {m.locality_level.upper()} {m.locality.upper()}",
             f"Số: {m.number}", f"{m.locality}, ngày 11 tháng 11 năm 2025", "KẾ HOẠCH", m.title]
    emitted: list[str] = []
    for s in doc.sections:
        for depth in range(len(s.path)):
            key = "/".join(s.path[:depth + 1])
            if key not in emitted:
                mark = ")" if s.path[depth].isalpha() and s.path[depth].islower() else "."
                lines.append(f"{s.path[depth]}{mark} {s.titles[depth]}")
                emitted.append(key)
        lines += s.text.split("\n")[1:]
    return lines


def task_rows(doc: PlanDocument) -> list[list[str]]:
    return [HEADER] + [[t.number, t.task, t.lead, t.coordinating, t.time] for t in doc.tasks]


def write_docx(doc: PlanDocument, path: Path, group_row_at: int = 3) -> Path:
    import docx
    d = docx.Document()
    for line in plan_lines(doc):
        d.add_paragraph(line)
    d.add_paragraph("PHỤ LỤC")
    rows = task_rows(doc)
    table = d.add_table(rows=0, cols=len(HEADER))
    for i, row in enumerate(rows):
        if i == group_row_at:  # a group heading row merged across all columns
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            merged.text = "II. Nhóm nhiệm vụ về y tế cơ sở"
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    d.save(str(path))
    return path


def write_pdf(doc: PlanDocument, path: Path) -> Path:
    import matplotlib
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    pdfmetrics.registerFont(TTFont("DejaVu", str(font)))
    style = ParagraphStyle("vi", fontName="DejaVu", fontSize=9, leading=11)
    cell = ParagraphStyle("cell", fontName="DejaVu", fontSize=7, leading=8.5)
    story = [Paragraph(_escape(line), style) for line in plan_lines(doc)]
    story.append(Paragraph("PHỤ LỤC", style))
    data = [[Paragraph(_escape(v), cell) for v in row] for row in task_rows(doc)]
    table = Table(data, colWidths=[28, 190, 95, 120, 65], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=40, rightMargin=40).build(story)
    return path


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
