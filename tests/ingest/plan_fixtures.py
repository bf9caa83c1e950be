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


def write_docx(doc: PlanDocument, path: Path, group_row_at: int | None = 3, merge_leads: bool = False) -> Path:
    """`group_row_at`: a group row merged across all columns; `merge_leads`: a lead repeated on
    consecutive rows is written once in a cell merged vertically over them, as offices do."""
    import docx
    d = docx.Document()
    for line in plan_lines(doc):
        d.add_paragraph(line)
    d.add_paragraph("PHỤ LỤC")
    table = d.add_table(rows=0, cols=len(HEADER))
    for i, row in enumerate(task_rows(doc)):
        if i == group_row_at:
            cells = table.add_row().cells
            merged = cells[0].merge(cells[-1])
            merged.text = "II. Nhóm nhiệm vụ về y tế cơ sở"
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = value
    if merge_leads:
        _merge_repeated(table, HEADER.index("Cơ quan chủ trì"))
    d.save(str(path))
    return path


def _merge_repeated(table, col: int) -> None:
    column = [row.cells[col] for row in table.rows]
    start = 1
    for end in range(2, len(column) + 1):
        if end == len(column) or column[end].text != column[start].text:
            if end - start > 1:
                text = column[start].text
                for cell in column[start:end]:
                    cell.text = ""
                column[start].merge(column[end - 1]).paragraphs[0].text = text
            start = end


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


def write_scanned_pdf(doc: PlanDocument, path: Path, dpi: int = 200) -> Path:
    """The text PDF printed and scanned: every page an image, no text layer at all."""
    import pypdfium2
    text_pdf = write_pdf(doc, path.with_suffix(".text.pdf"))
    pdf = pypdfium2.PdfDocument(str(text_pdf))
    pages = [pdf[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(pdf))]
    pdf.close()
    pages[0].save(str(path), save_all=True, append_images=pages[1:], resolution=dpi)
    return path
