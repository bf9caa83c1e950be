"""A generated plan as a typed model, and the reading it must get (the reader's expected output).

The model holds what a plan *says*; renderers decide how it is printed. `expected_*` functions
give what ingest.parse must return for it, whatever the form.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GenTask:
    number: str  # as printed: "3", "1.2"
    text: tuple[str, ...]  # the task cell's paragraphs (a multi-line cell)
    lead: str
    coordinating: tuple[str, ...]  # one agency per line of the cell; () for an empty cell
    time: str  # "" for an empty cell
    result: str = ""
    group_path: tuple[str, ...] = ()  # labels of the group rows above it: ("A", "II")
    same_lead_as_above: bool = False  # its lead cell may be merged with the one above (rowspan)


@dataclass(frozen=True)
class GenGroup:
    label: str  # "A" (a part) or "II" (a group)
    title: str
    rank: int  # 0 part A/B, 1 group I/II


@dataclass
class TaskTable:
    header: tuple[str, ...]  # STT, task, lead, coordinating, time[, result] as printed
    rows: list[GenGroup | GenTask]
    break_at: int | None = None  # index into rows before which a page break repeats the header
    merge_leads: bool = False  # print a run of equal leads once, merged down (rowspan)

    @property
    def tasks(self) -> list[GenTask]:
        return [r for r in self.rows if isinstance(r, GenTask)]


@dataclass(frozen=True)
class GenIndicator:
    number: str
    name: str
    unit: str
    values: tuple[str, ...]


@dataclass
class IndicatorTable:
    header: tuple[str, ...]  # STT, Chỉ tiêu, Đơn vị tính, then one column per year
    rows: list[GenIndicator]


@dataclass(frozen=True)
class GenSection:
    path: tuple[str, ...]  # ("II", "1", "a")
    title: str
    paragraphs: tuple[str, ...]
    split_title: bool = False  # the heading is printed over two lines
    style: str = "bold"  # "bold", "italic" or "plain"

    @property
    def rank(self) -> int:
        return len(self.path) - 1

    @property
    def heading(self) -> str:
        label = self.path[-1]
        return f"{label}) {self.title}" if self.rank == 2 else f"{label}. {self.title}"


@dataclass
class Plan:
    province: str
    number: int
    day: int
    month: int
    year: int
    title: str  # "Triển khai …"
    signer: str
    deputy: bool  # "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" rather than "CHỦ TỊCH"
    sections: list[GenSection]
    task_table: TaskTable | None = None
    indicator_table: IndicatorTable | None = None
    tables_in_appendix: bool = False  # after the signature, under "PHỤ LỤC"
    table_after: int = 0  # index of the section whose text the tables follow (body placement)
    site_box: bool = False  # a legal-document site's key–value box above the text (scrapes only)
    extra: dict = field(default_factory=dict)

    @property
    def so_hieu(self) -> str:
        return f"{self.number}/KH-UBND"

    @property
    def date_line(self) -> str:
        return f"{self.province}, ngày {self.day:02d} tháng {self.month:02d} năm {self.year}"

    @property
    def issue_date(self) -> str:
        return f"{self.day:02d}/{self.month:02d}/{self.year}"

    @property
    def signer_title(self) -> str:
        return "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" if self.deputy else "CHỦ TỊCH"


def expected_tasks(plan: Plan) -> list[dict[str, str]]:
    """Spec (qualify_refs): a number printed once is `task:N`; a repeated one is qualified by its
    group labels, `task:B/II/2.3`. Cells compare after whitespace collapse."""
    if not plan.task_table:
        return []
    tasks = plan.task_table.tasks
    counts = Counter(t.number for t in tasks)
    out = []
    for t in tasks:
        path = list(t.group_path) if counts[t.number] > 1 else []
        out.append({"ref": "task:" + "/".join(path + [t.number]), "number": t.number, "task": " ".join(t.text),
                    "lead": t.lead, "coordinating": " ".join(t.coordinating), "time": t.time})
    return out


def expected_indicators(plan: Plan) -> list[dict]:
    table = plan.indicator_table
    if not table:
        return []
    years = table.header[3:]
    return [{"number": i.number, "name": i.name, "unit": i.unit, "values": dict(zip(years, i.values))}
            for i in table.rows]


def expected_metadata(plan: Plan) -> dict[str, str]:
    return {"number": plan.so_hieu, "province": plan.province, "issue_date": plan.issue_date,
            "issuer": f"UBND tỉnh {plan.province}", "signer": plan.signer}


def expected_paths(plan: Plan) -> list[list[str]]:
    return [list(s.path) for s in plan.sections]
