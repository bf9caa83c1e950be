"""The read report: what was read from one plan file, and what could not be read with confidence.

A file can upload "successfully" while its task table lost most rows or its số hiệu is gone; the
person who uploaded it is told what was read, in plain Vietnamese. Document-level warnings are
computed once, at parse time (`document_warnings`, called by ingest.parse, which still has the front
matter), and join the table warnings in `PlanDocument.warnings`, so the index stores them with the plan.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, Field

from core.provinces import PROVINCE_KEYS
from core.text import fold
from core.types import PlanDocument, ReadWarning, TableSummary

NATIONAL = "toàn quốc"
NO_NUMBER_DRAFT = "dự thảo, chưa có số"
NO_NUMBER_LOST = "không đọc được"
KIND_VI = {"task": "bảng nhiệm vụ", "indicator": "bảng chỉ tiêu", "keyvalue": "bảng thông tin văn bản",
           "other": "bảng khác"}


class TableReport(BaseModel):
    """One table as read: where, its shape, and what its rows became."""
    index: int
    kind: str  # "task", "indicator", "keyvalue" or "other"
    kind_vi: str
    rows: int
    columns: int
    tasks: int
    indicators: int
    header: list[str] = Field(default_factory=list)


class ReadReport(BaseModel):
    """What was read from one plan file. The keys are stable (README 'The read report' pins them)."""
    source: str
    doc_type: str
    number: str  # "" when the file has none
    number_display: str  # the số hiệu, or "dự thảo, chưa có số", or "không đọc được"
    draft: bool  # printed with a blank number ('Số: /KH-UBND') or a 'Dự thảo' stamp
    title: str
    issue_date: str
    issuer: str
    province: str
    scope: str  # "toàn quốc" for a national document, else ""
    signer: str
    sections: int
    headings: list[str]  # the top-level headings, "I. MỤC ĐÍCH, YÊU CẦU"
    tables: list[TableReport]
    tasks: int
    indicators: int
    warnings: list[ReadWarning]


REPORT_KEYS = tuple(ReadReport.model_fields)


def build_report(doc: PlanDocument) -> ReadReport:
    m = doc.metadata
    lost = any(w.code == "no_number" for w in doc.warnings)
    signer = " ".join(filter(None, [m.signer_title, m.signer]))
    return ReadReport(source=m.source, doc_type=m.doc_type, number=m.number,
                      number_display=m.number or (NO_NUMBER_LOST if lost else NO_NUMBER_DRAFT),
                      draft=not m.number and not lost, title=m.title, issue_date=m.issue_date, issuer=m.issuer,
                      province=m.province, scope=m.scope, signer=signer, sections=len(doc.sections),
                      headings=top_headings(doc), tables=[_table(t) for t in doc.tables], tasks=len(doc.tasks),
                      indicators=len(doc.indicators), warnings=list(doc.warnings))


def top_headings(doc: PlanDocument) -> list[str]:
    """'I. MỤC ĐÍCH, YÊU CẦU', … in document order, each once (a heading's sub-sections repeat it)."""
    seen: dict[str, str] = {}
    for s in doc.sections:
        if s.path and s.path[0] not in seen:
            seen[s.path[0]] = f"{s.path[0]}. {s.titles[0] if s.titles else ''}".strip(" .")
    return list(seen.values())


def _table(t: TableSummary) -> TableReport:
    return TableReport(index=t.index, kind=t.kind, kind_vi=KIND_VI.get(t.kind, t.kind), rows=t.rows,
                       columns=t.columns, tasks=t.tasks, indicators=t.indicators, header=t.header)


# --- document-level warnings ------------------------------------------------------------------------

# Front-matter lines that make a missing số hiệu or date expected rather than lost: a draft.
DRAFT_LINES = [  # (pattern on the folded line, stripped of Markdown, why)
    (re.compile(r"^so\s*:\s*[.…_\s]*/"), "the number line printed with its number left blank for the "
                                         "office to fill in ('Số: /KH-UBND', 'Số: ……/QĐ-UBND')"),
    (re.compile(r"^\(?\s*du thao\b"), "a 'DỰ THẢO' / '(Dự thảo)' stamp above the title"),
]
TASK_YIELD = 0.5  # a task table where fewer than half the rows became tasks was probably read wrong …
TASK_YIELD_MIN_ROWS = 4  # … once it has enough rows for a share to mean anything (group rows are not tasks)


def is_draft(preamble: list[str]) -> bool:
    lines = (fold(line.strip("#*_ \t")) for line in preamble)
    return any(pattern.match(line) for line in lines for pattern, _ in DRAFT_LINES)


@dataclass(frozen=True)
class Facts:
    """What the document checks look at, gathered once."""
    doc: PlanDocument
    draft: bool
    ocr: bool

    @property
    def national(self) -> bool:
        return self.doc.metadata.scope == NATIONAL


def _check_tables(f: Facts) -> list[ReadWarning]:
    return [ReadWarning(code="task_rows_lost", where=f"bảng {t.index}",
                        message_vi=f"Bảng {t.index} (bảng nhiệm vụ): chỉ {t.tasks} trong {t.rows} dòng đọc được "
                                   "thành nhiệm vụ — có thể bảng bị đọc sai, hãy kiểm tra lại.",
                        message_en=f"Table {t.index} (task table): only {t.tasks} of {t.rows} rows became tasks — "
                                   "the table was probably misread.")
            for t in f.doc.tables
            if t.kind == "task" and t.rows >= TASK_YIELD_MIN_ROWS and t.tasks < TASK_YIELD * t.rows]


def _one(code: str, vi: str, en: str) -> Callable[[Facts], list[ReadWarning]]:
    return lambda f: [ReadWarning(code=code, message_vi=vi, message_en=en)]


def _unknown_province(f: Facts) -> list[ReadWarning]:
    p = f.doc.metadata.province
    return [ReadWarning(code="unknown_province",
                        message_vi=f"Tỉnh/thành phố đọc được là '{p}' — không phải tên tỉnh, thành phố nào đã biết; "
                                   "có thể đọc sai.",
                        message_en=f"The province read is '{p}', not a known province or city; probably misread.")]


def _has_assignments(doc: PlanDocument) -> bool:
    return bool(doc.tasks) or any(s.lead for s in doc.sections)


# Each check: (code, when it fires, what it says, why it is a warning). Drafts have no number or
# date by design; a national document has no province by design.
DOCUMENT_CHECKS: list[tuple[str, Callable[[Facts], bool], Callable[[Facts], list[ReadWarning]], str]] = [
    ("no_number", lambda f: not f.doc.metadata.number and not f.draft,
     _one("no_number", "Không đọc được số hiệu văn bản.", "The document number (số hiệu) could not be read."),
     "a signed document always prints its số hiệu; without it the plan cannot be found by number"),
    ("no_date", lambda f: not f.doc.metadata.issue_date and not f.draft,
     _one("no_date", "Không đọc được ngày ban hành.", "The date of issue could not be read."),
     "a signed document always prints its date; questions by year lose this plan"),
    ("no_issuer", lambda f: not f.doc.metadata.issuer,
     _one("no_issuer", "Không đọc được cơ quan ban hành.", "The issuing body could not be read."),
     "answers name the plan by its issuer"),
    ("no_province", lambda f: not f.doc.metadata.province and not f.national,
     _one("no_province", "Không đọc được tỉnh/thành phố của văn bản (và văn bản không phải văn bản toàn quốc).",
          "No province could be read, and the document is not a national one."),
     "filters by province lose this plan"),
    ("unknown_province", lambda f: bool(f.doc.metadata.province) and fold(f.doc.metadata.province) not in PROVINCE_KEYS,
     _unknown_province, "a province that is no province's name was read from the wrong line"),
    ("no_signer", lambda f: not f.doc.metadata.signer,
     _one("no_signer", "Không đọc được người ký.", "The signer could not be read."),
     "a signed document names its signer; a missing one often means the end of the file was lost"),
    ("task_rows_lost", lambda f: True, _check_tables,
     "a task table whose rows mostly did not become tasks was misread (split cells, lost columns)"),
    ("no_tasks", lambda f: f.doc.metadata.doc_type == "Kế hoạch" and not _has_assignments(f.doc),
     _one("no_tasks", "Không tìm thấy nhiệm vụ nào: không có bảng nhiệm vụ, cũng không có mục nào giao việc cho "
                      "một cơ quan — câu hỏi 'ai chủ trì' sẽ không có câu trả lời từ kế hoạch này.",
          "No task found: no task table and no section assigning work to an agency."),
     "a plan assigns work; finding none means questions about who does what cannot be answered from it"),
    ("ocr", lambda f: f.ocr,
     _one("ocr", "Văn bản được đọc bằng nhận dạng chữ (OCR) từ bản scan: chữ và bảng có thể sai, hãy đối chiếu "
                 "với bản gốc.", "The document was read by OCR from a scan: text and tables may be wrong."),
     "OCR misreads diacritics, digits and table borders"),
]


def document_warnings(doc: PlanDocument, preamble: list[str], ocr: bool = False) -> list[ReadWarning]:
    """Warnings about the document as a whole, in the order of DOCUMENT_CHECKS."""
    facts = Facts(doc, is_draft(preamble), ocr)
    return [w for _, fires, says, _ in DOCUMENT_CHECKS if fires(facts) for w in says(facts)]


# --- text rendering for the CLI ---------------------------------------------------------------------

def warning_line(w: ReadWarning) -> str:
    return f"{w.where}: {w.message_vi}" if w.where and fold(w.where) not in fold(w.message_vi) else w.message_vi


def format_report(r: ReadReport) -> str:
    """The report as a Vietnamese text block, one per file."""
    lines = [f"Tệp: {r.source}", f"Loại văn bản: {r.doc_type}", f"Số hiệu: {r.number_display}",
             f"Ngày ban hành: {r.issue_date or ('dự thảo, chưa có ngày' if r.draft else '(không đọc được)')}", f"Cơ quan ban hành: {r.issuer or '(không đọc được)'}",
             f"Phạm vi: {r.scope}" if r.scope else f"Tỉnh/thành phố: {r.province or '(không đọc được)'}",
             f"Người ký: {r.signer or '(không đọc được)'}",
             f"Mục: {r.sections}" + (f" — {'; '.join(r.headings)}" if r.headings else ""),
             f"Bảng: {len(r.tables)}"]
    lines += [f"  {table_line(t)}" for t in r.tables]
    lines.append(f"Nhiệm vụ: {r.tasks} · Chỉ tiêu: {r.indicators}")
    lines.append(f"Cảnh báo ({len(r.warnings)}):" if r.warnings else "Cảnh báo: không có")
    lines += [f"  ⚠ {warning_line(w)}" for w in r.warnings]
    return "\n".join(lines)


def table_line(t: TableReport) -> str:
    became = f" → {t.tasks} nhiệm vụ" if t.kind == "task" else f" → {t.indicators} chỉ tiêu" \
        if t.kind == "indicator" else ""
    return f"Bảng {t.index}: {t.kind_vi}, {t.rows} dòng × {t.columns} cột{became}"
