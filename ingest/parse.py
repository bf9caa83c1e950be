"""Parse a read document into a typed PlanDocument: metadata, sections, tasks, indicators."""
from __future__ import annotations

import re

from core.errors import IngestError
from core.text import fold
from core.types import Indicator, PlanDocument, ReadWarning, TableSummary, Task
from ingest.clean import clean_blocks
from ingest.metadata import extract_metadata
from ingest.prose_tasks import DIRECTIVE_TYPES, prose_tasks
from ingest.read import Block, RawDocument, TableBlock
from ingest.report import document_warnings
from ingest.rows import classify_rows, parse_indicators, parse_keyvalue, parse_tasks, qualify_refs, table_kind
from ingest.structure import build_outline
from ingest.table_checks import table_warnings
from ingest.tables import split_text_tables


def parse_document(raw: RawDocument) -> PlanDocument:
    blocks, dropped = clean_blocks(raw.blocks)
    parts = _Parts()
    for block in split_text_tables(blocks):
        parts.add(block)
    outline = build_outline(parts.lines)
    body_text = "\n".join(s.text for s in outline.sections)
    metadata = extract_metadata(raw.source, parts.kv, outline.preamble, body_text, outline.tail)
    parts.tasks += prose_tasks(outline.nodes, directive=not parts.tasks and metadata.doc_type in DIRECTIVE_TYPES)
    qualify_refs(parts.tasks)
    doc = PlanDocument(metadata=metadata,
                       sections=outline.sections, tasks=parts.tasks, indicators=parts.indicators,
                       dropped_duplicate_lines=dropped, tables=parts.tables, warnings=parts.warnings)
    _require_document(doc, parts.kv, outline.preamble, parts.task_tables)
    doc.warnings += document_warnings(doc, outline.preamble, ocr=any(b.ocr for b in raw.blocks))
    return doc


class _Parts:
    """Sorts blocks into prose lines, task rows, indicator rows and key–value metadata."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.tasks: list[Task] = []
        self.indicators: list[Indicator] = []
        self.kv: dict[str, str] = {}
        self.task_tables = 0
        self.tables: list[TableSummary] = []
        self.warnings: list[ReadWarning] = []

    def add(self, block: Block) -> None:
        if not isinstance(block, TableBlock):
            self.lines.extend(block.lines)
            return
        kind = table_kind(block.rows)
        tasks: list[Task] = []
        indicators: list[Indicator] = []
        if kind == "task":
            self.task_tables += 1
            tasks = parse_tasks(block.rows, self.task_tables)
        elif kind == "indicator":
            indicators = parse_indicators(block.rows)
        elif kind == "keyvalue":
            self.kv.update(parse_keyvalue(block.rows))
        else:
            self.lines.extend(cell for row in block.rows for cell in row if cell.strip())
        self.tasks += tasks
        self.indicators += indicators
        self._summarise(block, kind, len(tasks), len(indicators))

    def _summarise(self, block: TableBlock, kind: str, tasks: int, indicators: int) -> None:
        header = block.rows[0] if block.rows else []
        kinds = classify_rows(block.rows, block.read_widths or None)
        body = sum(k not in ("header", "subheader") for k in kinds)  # a header repeated on each page is not a row
        summary = TableSummary(index=len(self.tables) + 1, kind=kind, header=header, rows=body,
                               columns=len(header), tasks=tasks, indicators=indicators)
        self.tables.append(summary)
        self.warnings += table_warnings(block, summary)


# What makes a text an administrative document rather than a page about one: a số hiệu line
# ('Số: 186/KH-UBND', 'Số: 55/2025/NQ-HĐND', a draft's 'Số: /KH-UBND'), a type heading standing alone
# (national ones too: Nghị quyết, Nghị định, Thông tư, Công điện), or a task table.
_NUMBER_LINE = re.compile(r"^Số\s*:\s*[\w.\-]*/\s*(\d{4}/\s*)?[A-ZĐ]", re.IGNORECASE)
_TYPE_HEADING = re.compile(r"^(ke hoach|quyet dinh|chi thi|chuong trinh|thong bao|cong van|nghi quyet|nghi dinh|"
                           r"thong tu|cong dien)$")


def _require_document(doc: PlanDocument, kv: dict[str, str], preamble: list[str], tables: int) -> None:
    name = doc.metadata.source
    official = bool(kv.get("so hieu") or tables or any(
        _NUMBER_LINE.match(line.strip("*_ ")) or _TYPE_HEADING.match(fold(line.strip("#*_ "))) for line in preamble))
    if not official:
        raise IngestError(f"Tệp '{name}' không phải văn bản kế hoạch: không có số hiệu, tiêu đề loại văn bản "
                          "(KẾ HOẠCH, QUYẾT ĐỊNH…) hay bảng nhiệm vụ — có vẻ là một bài báo hoặc trang tin.",
                          f"'{name}' is not a plan: no document number, no type heading (KẾ HOẠCH, QUYẾT ĐỊNH…) "
                          "and no task table — it looks like a news article or web page.", file=name,
                          hint_vi="Hãy tải lên chính văn bản kế hoạch (bản gốc có số hiệu), không phải bài viết về nó.",
                          hint_en="Upload the plan document itself (the official text with its number), "
                                  "not an article about it.")
    if not (doc.sections or doc.tasks or doc.indicators):
        raise IngestError(f"Không nhận ra cấu trúc kế hoạch trong tệp '{name}' (không có mục I./1./a) hay bảng nhiệm vụ).",
                          f"No plan structure found in '{name}' (no I./1./a) headings or task table).", file=name,
                          hint_vi="Hãy kiểm tra đây có đúng là văn bản kế hoạch.",
                          hint_en="Check that this file is a plan document.")
