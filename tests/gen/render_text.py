"""Text renderings: the pipe-cell scrape (and its variants), Markdown tables, tab-separated text.

The pipe scrape is how legal-document sites serve a plan (see /work/shared/corpus/tables): a '|'
line opens each row, every cell ends at a line ending in '|', a cell may wrap over lines, an empty
cell is a lone '|', `**bold**` marks headers and group rows, a cell merged down (rowspan) is printed
once so the rows under it have fewer cells.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

from tests.gen.layout import (MOTTO, RECIPIENTS, group_text, issuer_lines, lead_spans, pieces, signature_lines,
                              site_box, task_cells)
from tests.gen.model import GenGroup, GenSection, IndicatorTable, Plan, TaskTable


@dataclass(frozen=True)
class PipeStyle:
    width: int = 80  # where the scrape wraps lines
    bold_header: bool = True
    pipe_on_text: bool = False  # 'text |' rather than 'text' then '|' on its own line
    group_one_cell: bool = False  # a group row as one cell 'I. TITLE' rather than label + title
    rowspan: bool = True  # a lead merged down is printed once (the rows below have fewer cells)
    site_box: str = "pipe"  # how a site's key–value box is printed: "pipe" or "markdown"


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def _emph(lines: list[str], mark: str) -> list[str]:
    if not mark or not lines or not any(lines):
        return lines
    return [mark + lines[0]] + lines[1:-1] + [lines[-1] + mark] if len(lines) > 1 else [mark + lines[0] + mark]


def _heading(section: GenSection, width: int) -> list[str]:
    mark = {"bold": "**", "italic": "*", "plain": ""}[section.style]
    text = section.heading
    if section.split_title:
        words = text.split()
        cut = max(2, len(words) // 2)
        lines = [" ".join(words[:cut]), " ".join(words[cut:])]
        if section.rank > 0:  # a wrapped title goes on in lower case, as real headings do
            lines[1] = lines[1][:1].lower() + lines[1][1:]
    else:
        lines = [text]
    return _emph(lines, mark)


class _Pipe:
    def __init__(self, style: PipeStyle):
        self.style = style
        self.out: list[str] = []

    def cell(self, lines: list[str], bold: bool = False) -> None:
        wrapped = [w for line in lines for w in _wrap(line, self.style.width)] if lines else []
        wrapped = _emph(wrapped, "**" if bold else "")
        if wrapped and self.style.pipe_on_text:
            self.out += wrapped[:-1] + [wrapped[-1] + " |"]
        else:
            self.out += wrapped + ["|"]

    def row(self, cells: list[list[str]], bold: bool = False) -> None:
        self.out.append("|")
        for c in cells:
            self.cell(c, bold)


def pipe_text(plan: Plan, style: PipeStyle = PipeStyle()) -> str:
    p = _Pipe(style)
    if plan.site_box:
        _pipe_site_box(p, plan, style)
    p.row([list(issuer_lines(plan)), list(MOTTO)])
    p.row([[f"Số: {plan.so_hieu}"], [f"*{plan.date_line}*"]])
    p.out.append("")
    for piece in pieces(plan):
        if piece.kind == "title":
            p.out += _emph(_wrap(piece.text, style.width), "**") + [""]
        elif piece.kind == "heading":
            p.out += _heading(piece.section, style.width) + [""]
        elif piece.kind == "para":
            p.out += _wrap(piece.text, style.width) + [""]
        elif piece.kind == "signature":
            p.row([list(RECIPIENTS), signature_lines(plan)])
            p.out.append("")
        elif piece.kind == "appendix":
            p.out += ["**PHỤ LỤC**", "", "DANH MỤC NHIỆM VỤ", "", f"*{piece.text}*", ""]
        elif piece.kind == "tasks":
            _pipe_task_table(p, plan.task_table, style)
        elif piece.kind == "indicators":
            _pipe_indicator_table(p, plan.indicator_table)
    return "\n".join(p.out) + "\n"


def _pipe_site_box(p: _Pipe, plan: Plan, style: PipeStyle) -> None:
    if style.site_box == "markdown":
        p.out += [f"| {k} | {v} |" for k, v in site_box(plan)] + [""]
        return
    p.out += ["Đang tải văn bản...", "#"]
    for i, (key, value) in enumerate(site_box(plan)):
        p.out += [f"**{key}:**", "|", value, "|"] + (["|"] if i % 2 == 0 else [])
    p.out.append("")


def _pipe_task_table(p: _Pipe, table: TaskTable, style: PipeStyle) -> None:
    spans = lead_spans(table) if style.rowspan else {}
    p.row([[h] for h in table.header], style.bold_header)
    for i, row in enumerate(table.rows):
        if i == table.break_at:  # a new page: the scrape prints the table again with its header
            p.out.append("")
            p.row([[h] for h in table.header], style.bold_header)
        if isinstance(row, GenGroup):
            p.row([[group_text(row)]] if style.group_one_cell else [[row.label], [row.title]], bold=True)
            continue
        cells = task_cells(row, table)
        if spans.get(i, 1) == 0:
            del cells[2]  # the lead is printed once, in the row that opens the merged cell
        p.row(cells)
    p.out.append("")


def _pipe_indicator_table(p: _Pipe, table: IndicatorTable) -> None:
    p.row([[h] for h in table.header], True)
    for r in table.rows:
        p.row([[r.number], [r.name], [r.unit]] + [[v] if v else [] for v in r.values])
    p.out.append("")


def _plain_lines(plan: Plan, table_lines) -> list[str]:
    """A plan as plain lines (one paragraph a line) with tables printed by `table_lines`."""
    out = [f"{issuer_lines(plan)[0]} {issuer_lines(plan)[1]}", f"Số: {plan.so_hieu}", *MOTTO, plan.date_line, ""]
    for piece in pieces(plan):
        if piece.kind == "title":
            out.append(piece.text)
        elif piece.kind == "heading":
            out += _heading(piece.section, 10_000)
        elif piece.kind == "para":
            out.append(piece.text)
        elif piece.kind == "signature":
            out += [""] + list(RECIPIENTS) + signature_lines(plan) + [""]
        elif piece.kind == "appendix":
            out += ["PHỤ LỤC", "DANH MỤC NHIỆM VỤ", piece.text, ""]
        else:
            out += [""] + table_lines(plan.task_table if piece.kind == "tasks" else plan.indicator_table) + [""]
    return out


def _table_rows(table) -> list[tuple[list[str], bool]]:
    """(cells, starts a new page) for every row after the header; a merged lead is repeated (these
    forms have no rowspan)."""
    if isinstance(table, IndicatorTable):
        return [([r.number, r.name, r.unit, *r.values], False) for r in table.rows]
    rows = []
    for i, row in enumerate(table.rows):
        cells = ([row.label, row.title] + [""] * (len(table.header) - 2) if isinstance(row, GenGroup)
                 else [" ".join(c) for c in task_cells(row, table)])
        rows.append((cells, i == table.break_at))
    return rows


def markdown_text(plan: Plan) -> str:
    def table_lines(table) -> list[str]:
        header = ["| " + " | ".join(table.header) + " |", "|" + "---|" * len(table.header)]
        out = list(header)
        for cells, new_page in _table_rows(table):
            if new_page:
                out += ["", "12", ""] + header
            out.append("| " + " | ".join(cells) + " |")
        return out
    return "\n".join(_plain_lines(plan, table_lines)) + "\n"


def tab_text(plan: Plan) -> str:
    def table_lines(table) -> list[str]:
        out = ["\t".join(table.header)]
        for cells, new_page in _table_rows(table):
            if new_page:
                out += ["", "\t".join(table.header)]
            out.append("\t".join(cells))
        return out
    return "\n".join(_plain_lines(plan, table_lines)) + "\n"
