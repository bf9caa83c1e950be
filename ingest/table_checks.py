"""Checks every correctly read table passes, turned into warnings for the person who uploaded it.

The same checks run label-free over hundreds of real tables (eval.table_check) and on every upload
(the read report): a table that fails one was probably read wrong, and the user is told where.

- conservation: every word of the table's source lines is in exactly one cell (none lost, none doubled);
- shape: every data row has the header's columns once rowspans are resolved;
- numbering: row numbers within a group run without gaps or repeats (restarting per group is fine);
- assignment: in a task table whose lead (chủ trì) column holds text, every data row has a lead.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from core.text import nfc, strip_markup
from core.types import ReadWarning, TableSummary
from ingest.read import TableBlock
from ingest.rows import classify_rows, map_columns, number_column, task_column

CHECKS = ("conservation", "shape", "numbering", "assignment")
_WORD = re.compile(r"[^\W_]+")
_TAGS = re.compile(r"</?(?:b|strong|i|em|u|br|span|p)\b[^>]*>", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    check: str  # one of CHECKS
    code: str  # the warning code: lost_words, row_shape, numbering_gap, no_lead
    row: int  # index in block.rows (0 = header), -1 for the table as a whole
    detail: str  # what was found, quoting the table ("1 → 9", "lost: Sở Y tế")


def check_table(block: TableBlock) -> list[Problem]:
    """All problems of one table; an empty list means it passes all four checks."""
    if not block.rows:
        return []
    kinds = classify_rows(block.rows, block.read_widths)
    return (conservation(block) + shape(block, kinds) + numbering(block.rows, kinds)
            + assignment(block.rows, kinds))


def words(text: str) -> list[str]:
    return _WORD.findall(nfc(_TAGS.sub(" ", text)).casefold())


def conservation(block: TableBlock) -> list[Problem]:
    """Multisets of words: the source lines' against the cells read (cells carried down a rowspan
    are copies, not read, and are left out). Tables without source lines (Word, PDF) pass."""
    if not block.source_lines:
        return []
    source = Counter(w for piece in " ".join(block.source_lines).split("|") for w in words(strip_markup(piece)))
    cells = Counter(w for r, row in enumerate(block.rows) for c, cell in enumerate(row)
                    if (r, c) not in block.carried for w in words(cell))
    problems = []
    if lost := source - cells:
        problems.append(Problem("conservation", "lost_words", -1, "lost: " + " ".join(list(lost.elements())[:12])))
    if extra := cells - source:
        problems.append(Problem("conservation", "lost_words", -1, "doubled: " + " ".join(list(extra.elements())[:12])))
    return problems


def shape(block: TableBlock, kinds: list[str]) -> list[Problem]:
    """A data or continuation row must have as many cells as the header once carried cells are
    counted; a row read with more cells than the header lost or misplaced some."""
    width = len(block.rows[0])
    problems = []
    for r, row in enumerate(block.rows[1:], 1):
        if kinds[r] not in ("data", "continuation"):
            continue
        read = block.read_widths[r] if r < len(block.read_widths) else len(row)
        carried = sum(1 for c in range(width) if (r, c) in block.carried)
        if read + carried != width or len(row) != width:
            problems.append(Problem("shape", "row_shape", r, f"{read}+{carried} cells for {width} columns"))
    return problems


def _number_parts(cell: str) -> tuple[int, ...] | None:
    text = cell.strip().rstrip(".")
    if not re.fullmatch(r"\d{1,4}(?:\.\d{1,4})*", text):
        return None
    return tuple(int(p) for p in text.split("."))


def _successors(prev: tuple[int, ...]) -> set[tuple[int, ...]]:
    """Next sibling at any level, or the first child: after 1.2 come 1.3, 2, 1.2.1."""
    out = {prev[:j] + (prev[j] + 1,) for j in range(len(prev))}
    return out | {prev + (1,)}


def numbering(rows: list[list[str]], kinds: list[str]) -> list[Problem]:
    """Numbers in the number column run 1, 2, 3 (or 1.1, 1.2, 2); after a group row they may
    restart from 1 (or x.1) as well as go on. The source's own skips are reported, not excused."""
    col = number_column(rows, kinds)
    if col is None:
        return []
    problems, prev, restart = [], None, True
    for r, row in enumerate(rows):
        if kinds[r] == "group" and _number_parts(row[col] if col < len(row) else "") is None:
            restart = True
            continue
        if kinds[r] not in ("data", "group"):
            continue
        parts = _number_parts(row[col] if col < len(row) else "")
        if parts is None:
            continue
        fresh = restart and parts[-1] == 1
        if not fresh and (prev is None or parts not in _successors(prev)):
            shown = ".".join(map(str, prev)) if prev else "—"
            problems.append(Problem("numbering", "numbering_gap", r, f"{shown} → {row[col].strip()}"))
        prev, restart = parts, False
    return problems


def assignment(rows: list[list[str]], kinds: list[str]) -> list[Problem]:
    """Only where the lead column is used at all: a data row with a task must name its lead."""
    cols = map_columns(rows[0])
    lead, task = cols.roles.get("lead"), task_column(cols)
    if lead is None or task is None or lead == task:
        return []
    data = [r for r in range(1, len(rows)) if kinds[r] == "data"]
    if not any(lead < len(rows[r]) and rows[r][lead].strip() for r in data):
        return []
    return [Problem("assignment", "no_lead", r, rows[r][task][:60]) for r in data
            if task < len(rows[r]) and rows[r][task].strip() and not (lead < len(rows[r]) and rows[r][lead].strip())]


def table_warnings(block: TableBlock, summary: TableSummary) -> list[ReadWarning]:
    """At most one warning per check and table, naming the first place it fails."""
    where = f"bảng {summary.index}"
    problems, out = check_table(block), []
    for check in CHECKS:
        found = [p for p in problems if p.check == check]
        if found:
            out.append(_warning(found[0], len(found), where))
    return out


def _warning(p: Problem, count: int, where: str) -> ReadWarning:
    more_vi = f" (và {count - 1} chỗ khác)" if count > 1 else ""
    more_en = f" (and {count - 1} more)" if count > 1 else ""
    row_vi, row_en = (f", dòng {p.row}", f", row {p.row}") if p.row > 0 else ("", "")
    texts = {
        "lost_words": (f"Bảng {where[5:]}: chữ trong bảng gốc không khớp với các ô đã đọc ({p.detail}) — "
                       "có thể mất hoặc lặp nội dung", f"Table {where[5:]}: words of the source and of the cells "
                       f"differ ({p.detail}): content may be lost or doubled"),
        "row_shape": (f"Bảng {where[5:]}{row_vi}: dòng có số ô khác tiêu đề ({p.detail}) — các cột có thể bị lệch",
                      f"Table {where[5:]}{row_en}: row does not fit the header ({p.detail}): columns may be shifted"),
        "numbering_gap": (f"Bảng {where[5:]}{row_vi}: số thứ tự nhảy {p.detail} — có thể thiếu dòng",
                          f"Table {where[5:]}{row_en}: numbering jumps {p.detail}: rows may be missing"),
        "no_lead": (f"Bảng {where[5:]}{row_vi}: nhiệm vụ «{p.detail}» không có cơ quan chủ trì",
                    f"Table {where[5:]}{row_en}: task «{p.detail}» has no lead agency"),
    }
    vi, en = texts[p.code]
    return ReadWarning(code=p.code, message_vi=vi + more_vi, message_en=en + more_en, where=where)
