"""The official layout (Nghị định 30/2020/NĐ-CP) as .docx: a borderless header table (issuer | motto,
số hiệu | place and date), the body, a signature table (recipients | signing block), and the
appendix in a landscape section with the ruled task table: group rows merged across the row, equal
leads merged down (vertical merge), the header row repeated on every page.
"""
from __future__ import annotations

from pathlib import Path

from tests.gen.layout import (MOTTO, RECIPIENTS, group_text, issuer_lines, lead_spans, pieces, signature_lines,
                              task_cells)
from tests.gen.model import GenGroup, IndicatorTable, Plan, TaskTable


def write_docx(plan: Plan, path: Path) -> Path:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    d = docx.Document()
    _layout_table(d, [["\n".join(issuer_lines(plan)) + "\n-------", "\n".join(MOTTO) + "\n---------------"],
                      [f"Số: {plan.so_hieu}", plan.date_line]], italic_cell=(1, 1))
    for piece in pieces(plan):
        if piece.kind == "title":
            para = d.add_paragraph()
            para.add_run(piece.text).bold = True
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif piece.kind == "heading":
            _heading(d, piece.section)
        elif piece.kind == "para":
            d.add_paragraph(piece.text)
        elif piece.kind == "signature":
            _layout_table(d, [["\n".join(RECIPIENTS), "\n".join(signature_lines(plan)[:-1]) + "\n\n\n" + plan.signer]])
        elif piece.kind == "appendix":
            _landscape(d)
            for text in ("PHỤ LỤC", "DANH MỤC NHIỆM VỤ", piece.text):
                d.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif piece.kind == "tasks":
            _task_table(d, plan.task_table)
            d.add_paragraph()  # Word joins two tables with nothing between into one
        elif piece.kind == "indicators":
            _indicator_table(d, plan.indicator_table)
            d.add_paragraph()
    d.save(str(path))
    return path


def _heading(d, section) -> None:
    para = d.add_paragraph()
    text = section.heading
    if section.split_title:  # a manual line break inside the heading
        words = text.split()
        cut = max(2, len(words) // 2)
        run = para.add_run(" ".join(words[:cut]))
        run.add_break()
        run = para.add_run(" ".join(words[cut:]))
        runs = para.runs
    else:
        runs = [para.add_run(text)]
    for run in runs:
        run.bold = section.style == "bold"
        run.italic = section.style == "italic"


def _layout_table(d, rows: list[list[str]], italic_cell: tuple[int, int] | None = None) -> None:
    table = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            _fill(table.cell(r, c), text.split("\n"), italic=(r, c) == italic_cell)


def _fill(cell, lines: list[str], bold: bool = False, italic: bool = False) -> None:
    """One paragraph per line: a multi-line cell as Word users type it."""
    cell.paragraphs[0].text = ""
    for i, line in enumerate(lines or [""]):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        run = para.add_run(line)
        run.bold, run.italic = bold, italic


def _landscape(d) -> None:
    from docx.enum.section import WD_ORIENT, WD_SECTION
    section = d.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width


# Column widths (inches) as offices set them, within a portrait page's 6" of text width.
WIDTHS = {5: (0.45, 2.35, 1.1, 1.1, 1.0), 6: (0.45, 1.75, 1.0, 1.1, 1.0, 0.7)}


def _ruled(d, columns: int):
    table = d.add_table(rows=1, cols=columns)
    table.style = "Table Grid"
    _repeat_header(table.rows[0])
    return table


def _apply_widths(table) -> None:
    """Every cell's width (LibreOffice lays out by the cells', not the grid's)."""
    from docx.shared import Inches
    widths = WIDTHS.get(len(table.columns))
    if not widths:
        return
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Inches(width)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    props = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _task_table(d, table: TaskTable) -> None:
    t = _ruled(d, len(table.header))
    for cell, text in zip(t.rows[0].cells, table.header):
        _fill(cell, [text], bold=True)
    spans = lead_spans(table)
    open_lead = None
    for i, row in enumerate(table.rows):
        cells = t.add_row().cells
        if isinstance(row, GenGroup):
            merged = cells[0].merge(cells[-1])
            _fill(merged, [group_text(row)], bold=True)
            continue
        for c, lines in enumerate(task_cells(row, table)):
            if c == 2 and spans.get(i) == 0:
                open_lead = open_lead.merge(cells[2])  # vertical merge keeps the text of the top cell
                continue
            _fill(cells[c], lines)
            if c == 2:
                open_lead = cells[2]
    _apply_widths(t)


def _indicator_table(d, table: IndicatorTable) -> None:
    t = _ruled(d, len(table.header))
    for cell, text in zip(t.rows[0].cells, table.header):
        _fill(cell, [text], bold=True)
    for r in table.rows:
        for cell, text in zip(t.add_row().cells, [r.number, r.name, r.unit, *r.values]):
            _fill(cell, [text])
    _apply_widths(t)
