"""Shared types that flow through the pipeline: read → parse → chunk → index → retrieve → answer."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

# Which of three an answer is (shared/specs/citations-and-eval.md): answered; candidates (not sure, the nearest
# units shown as possibly relevant, each cited); not_found (nothing near, nothing cited).
AnswerOutcome = Literal["answered", "candidates", "not_found"]
DeadlineKind = Literal["none", "date", "quarter", "year", "range", "from", "until", "recurring", "conditional"]
ChunkKind = Literal["task", "indicator", "section", "document"]


class Deadline(BaseModel):
    """A task's time cell, verbatim plus a structured reading for filtering by year."""
    text: str = ""
    kind: DeadlineKind = "none"
    year_from: int | None = None
    year_to: int | None = None
    quarter: int | None = None
    recurring: bool = False
    conditional: bool = False

    def covers(self, year: int) -> bool:
        lo = self.year_from if self.year_from is not None else self.year_to
        hi = self.year_to if self.year_to is not None else self.year_from
        return lo is not None and lo <= year <= hi


class Task(BaseModel):
    """One row of a task table (danh mục nhiệm vụ); empty cells stay empty strings."""
    number: str
    task: str
    lead: str = ""
    coordinating: str = ""
    result: str = ""
    time: str = ""
    time_label: str = ""  # the plan's own name of the time column ('Thời gian thực hiện'): answers keep it
    group: str = ""
    extra: dict[str, str] = Field(default_factory=dict)
    deadline: Deadline = Field(default_factory=Deadline)
    lead_keys: list[str] = Field(default_factory=list)
    coordinating_keys: list[str] = Field(default_factory=list)
    table: int = 0
    group_path: list[str] = Field(default_factory=list)  # labels of the group rows above it: ["B", "II"]
    ref: str = ""  # "task:18", or qualified by its groups when the printed number repeats ("task:II/5")

    @property
    def cite_ref(self) -> str:
        return self.ref or f"task:{self.number}"


class SubRow(BaseModel):
    label: str
    unit: str = ""
    values: dict[str, str] = Field(default_factory=dict)


class Indicator(BaseModel):
    """One row of an indicator (chỉ tiêu) table; '- Nam'-style rows are kept as sub-rows."""
    number: str
    name: str
    unit: str = ""
    values: dict[str, str] = Field(default_factory=dict)
    group: str = ""
    parent: str = ""
    sub_rows: list[SubRow] = Field(default_factory=list)


class Section(BaseModel):
    """A heading-tree node: its labels path (e.g. ['III', '2', 'đ']), heading titles and own text."""
    path: list[str]
    titles: list[str]
    text: str
    lead: str = ""  # an agency named by the heading itself ("1. Sở Y tế") leads what is under it

    @property
    def ref(self) -> str:
        return "section:" + "/".join(self.path)


class PlanMetadata(BaseModel):
    source: str
    number: str = ""
    is_draft: bool = False
    doc_type: str = "Kế hoạch"
    title: str = ""
    issuer: str = ""
    locality: str = ""
    locality_level: str = ""
    province: str = ""  # the province itself, or the province a đặc khu / xã / phường belongs to
    issue_date: str = ""
    year: int | None = None
    signer: str = ""
    signer_title: str = ""  # as printed above the name: "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
    implements: list[str] = Field(default_factory=list)
    basis: str = ""  # the opening "Căn cứ / Thực hiện / Theo đề nghị …" paragraphs, verbatim
    scope: str = ""  # "toàn quốc" for documents of the Chính phủ, Thủ tướng or a Bộ; "" for a local one

    @property
    def display_number(self) -> str:
        return f"{self.doc_type} {self.number}" if self.number else f"{self.doc_type} (dự thảo, chưa có số)"


class ReadWarning(BaseModel):
    """Something the reader could not read with confidence, said to the person who uploaded the file.
    `code` is stable (API and tests key on it); the messages are plain sentences."""
    code: str  # e.g. "numbering_gap", "no_number", "no_date", "row_shape", "no_lead", "lost_words"
    message_vi: str
    message_en: str
    where: str = ""  # "Phụ lục, bảng 2", "task:II/5", "" for the document as a whole


class TableSummary(BaseModel):
    """One table as read: its place, shape and what its rows became (for the upload report)."""
    index: int  # 1-based, in document order
    kind: str  # "task", "indicator", "keyvalue" or "other"
    header: list[str] = Field(default_factory=list)
    rows: int = 0  # data rows, header(s) excluded
    columns: int = 0
    tasks: int = 0  # rows that became tasks
    indicators: int = 0  # rows that became indicators


class PlanDocument(BaseModel):
    metadata: PlanMetadata
    sections: list[Section] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    dropped_duplicate_lines: int = 0
    tables: list[TableSummary] = Field(default_factory=list)
    warnings: list[ReadWarning] = Field(default_factory=list)


class Chunk(BaseModel):
    """The unit that is embedded and retrieved; `id` is a content hash."""
    id: str
    source: str
    ref: str
    kind: ChunkKind
    text: str
    metadata: dict[str, str | int | float | bool] = Field(default_factory=dict)


class Filters(BaseModel):
    """Restrictions on what is searched; from the API/UI or understood from the question."""
    province: str | None = Field(None, description="Province or locality name, e.g. 'An Giang', 'Kiên Hải'")
    plan: str | None = Field(None, description="Plan file name or số hiệu, e.g. '186/KH-UBND'")
    lead: str | None = Field(None, description="Lead agency (cơ quan chủ trì), e.g. 'Sở Y tế'")
    coordinating: str | None = Field(None, description="Coordinating agency (cơ quan phối hợp), e.g. 'Sở Tài chính'")
    year_from: int | None = Field(None, description="Deadline year, lower bound (inclusive)")
    year_to: int | None = Field(None, description="Deadline year, upper bound (inclusive)")
    quarter: int | None = Field(None, ge=1, le=4, description="Deadline quarter (Quý I–IV), with the year bounds")

    def is_empty(self) -> bool:
        return not any(v is not None and v != "" for v in self.model_dump().values())

    def merged_over(self, other: "Filters") -> "Filters":
        """These filters, with gaps filled from `other`."""
        mine = self.model_dump()
        return Filters(**{k: mine[k] if mine[k] not in (None, "") else v for k, v in other.model_dump().items()})


class Citation(BaseModel):
    marker: int
    source: str
    ref: str
    document: str
    province: str
    quote: str
    issuer: str = ""
    label: str = ""  # the place in words: "nhiệm vụ 18", "mục III.2.đ", "chỉ tiêu 15.2"
    fields: list[tuple[str, str]] = Field(default_factory=list)  # a row's cells as [label, value], in order
    passage: str = ""  # a passage's whole text, of which `quote` is the part the answer uses
    sentences: list[str] = Field(default_factory=list)  # the passage's sentences `quote` is made of, as written
    name: str = ""  # the source as people name it: "Kế hoạch 186/KH-UBND – An Giang, nhiệm vụ 18" (naming.py)
    added_by: str = ""  # who added the cited plan ("hệ thống" for bundled plans and the CLI), provenance.py
    unconfirmed: bool = False  # the plan was uploaded and nobody has confirmed it yet ("tải lên, chưa xác nhận")


class RetrievedRef(BaseModel):
    source: str
    ref: str
    score: float


class TaskListLink(BaseModel):
    """One plan's whole list behind a list answer's short block: the answer shows its first rows, this opens
    the rest in the UI's 'Tra cứu nhiệm vụ' tab (`url`) or, for an API client, as the filters to ask
    /tasks with. Travels as a field, never as answer text to parse back."""
    source: str  # the plan's file, as Filters.plan takes it
    name: str  # the plan as people name it: 'Kế hoạch 186/KH-UBND – An Giang'
    total: int  # the plan's rows that match, all of them
    shown: int  # rows the answer shows
    filters: Filters  # the list's conditions, plan set to this plan
    search: str = ""  # the topic words the list was narrowed by, as the task tab's search box takes them
    url: str = ""  # relative: '?tab=tasks&plan=…&lead=…' (bot/answering/listing.py task_link)
    line: int = -1  # the answer line ('… và N nhiệm vụ khác') the link belongs to; -1: after the answer


class Answer(BaseModel):
    question: str
    answer: str
    answerable: bool
    outcome: AnswerOutcome = "answered"  # answerable is true exactly when the outcome is "answered"
    citations: list[Citation] = Field(default_factory=list)
    retrieved: list[RetrievedRef] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    mode: str = "composed"  # "generative" when a language model's grounded rewrite was kept
    lists: list[TaskListLink] = Field(default_factory=list)  # a list answer's plans with rows not shown

    @model_validator(mode="before")
    @classmethod
    def _outcome_from_answerable(cls, data):
        """Answers built without an outcome (older clients, stored sessions) keep their meaning: a refusal
        is not_found, never 'answered'."""
        if isinstance(data, dict) and data.get("outcome") is None and data.get("answerable") is False:
            return {**data, "outcome": "not_found"}
        return data
