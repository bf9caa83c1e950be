"""Interpret table rows as tasks, indicators or key–value metadata, mapping columns by header meaning.

Columns are recognised by what their header says (chủ trì, phối hợp, kết quả, thời gian …),
never by position, so a plan with extra or reordered columns still maps correctly.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from core.text import agency_key, collapse, fold, split_agencies, strip_markup
from core.types import Indicator, SubRow, Task
from ingest.deadlines import parse_deadline
from ingest.tables import header_key, is_number

_ROLES = [
    ("lead", re.compile(r"chu tri")),
    ("coordinating", re.compile(r"phoi hop")),
    ("result", re.compile(r"ket qua|san pham")),
    ("time", re.compile(r"thoi gian|tien do|thoi han|hoan thanh|thoi diem")),
    ("number", re.compile(r"^(stt|tt|so tt|so thu tu)\.?$")),
    ("unit", re.compile(r"^don vi( tinh)?$")),
    ("name", re.compile(r"chi tieu|chi so")),
    ("task", re.compile(r"nhiem vu|noi dung|de an|chuong trinh|hoat dong|^ten\b")),
]
KEYVALUE_LABELS = {"so hieu", "ngay ban hanh", "ngay co hieu luc", "loai van ban", "co quan ban hanh",
                   "nguoi ky", "linh vuc", "tinh trang"}


@dataclass
class Columns:
    roles: dict[str, int]
    others: dict[int, str]  # column index → header, for columns without a role (or a second time column)
    names: dict[str, str] = field(default_factory=dict)  # role → the header as the plan prints it


def map_columns(header: list[str]) -> Columns:
    roles: dict[str, int] = {}
    others: dict[int, str] = {}
    names: dict[str, str] = {}
    for i, cell in enumerate(header):
        role = next((r for r, pat in _ROLES if pat.search(fold(cell))), None)
        if role and role not in roles:
            roles[role] = i
            names[role] = collapse(strip_markup(cell)).strip(" *")
        elif cell.strip():
            others[i] = cell.strip()
    return Columns(roles, others, names)


def table_kind(rows: list[list[str]]) -> str:
    if not rows:
        return "other"
    if len(rows[0]) == 2 and sum(fold(r[0]) in KEYVALUE_LABELS for r in rows) >= 2:
        return "keyvalue"
    cols = map_columns(rows[0])
    if "task" in cols.roles and ("lead" in cols.roles or "coordinating" in cols.roles):
        return "task"
    if "name" in cols.roles and "lead" not in cols.roles and len(rows[0]) >= 3:
        return "indicator"
    return "other"


def _cell(row: list[str], idx: int | None) -> str:
    return row[idx].strip() if idx is not None and idx < len(row) else ""


# A group row's label: parts A/B/C above groups I/II/III (both printed in the number column, or opening
# the group's only cell: "II. Nhóm nhiệm vụ …"). Rank 0 is the outer level.
_GROUP_LABELS = [(0, re.compile(r"^(?:phần\s+)?([A-HJ-UWYZĐ])[.)]?(?:\s+\S|$)")),
                 (1, re.compile(r"^([IVXLC]{1,6})[.)]?(?:\s+\S|$)"))]


def _group_label(cell: str) -> tuple[int, str] | None:
    for rank, pattern in _GROUP_LABELS:
        m = pattern.match(cell.strip())
        if m:
            return rank, m.group(1).upper()
    return None


def _row_kind(row: list[str], number: str, wrapped_rows: bool = False) -> str:
    """`wrapped_rows` (task tables): a lone cell without a label is a cell wrapped onto the next row
    (antiword, page breaks) and goes on the row above; in indicator tables it titles a group."""
    filled = [c for c in row if c.strip()]
    if is_number(number):
        return "numbered"
    if not filled:
        return "empty"
    if number and _group_label(number):
        return "group"
    if len(filled) == 1 and (not wrapped_rows or _group_label(filled[0]) or row[0].strip()):
        return "group"
    return "continued"


def parse_tasks(rows: list[list[str]], table_index: int = 0) -> list[Task]:
    cols = map_columns(rows[0])
    tasks: list[Task] = []
    group, groups = "", []
    for row in rows[1:]:
        if header_key(row) == header_key(rows[0]):
            continue  # the header repeated on a new page
        kind = _row_kind(row, _cell(row, cols.roles.get("number")), wrapped_rows=True)
        if kind == "group":
            group = collapse(" ".join(c for c in row if c.strip()))
            groups = _enter_group(groups, group)
        elif kind == "numbered":
            tasks.append(_new_task(row, cols, group, table_index))
            tasks[-1].group_path = [label for _, label in groups]
        elif kind == "continued" and tasks:
            _continue_task(tasks[-1], row, cols)
    return [finish_task(t) for t in tasks]


def _enter_group(groups: list[tuple[int, str]], text: str) -> list[tuple[int, str]]:
    found = _group_label(text)
    if not found:
        return groups
    rank, label = found
    return [g for g in groups if g[0] < rank] + [(rank, label)]


def qualify_refs(tasks: list[Task]) -> None:
    """Spec: a printed number that repeats in the plan is qualified by its group labels
    (task:II/5, task:B/II/2.3); a unique number stays bare."""
    counts = Counter(t.number for t in tasks)
    for t in tasks:
        path = t.group_path if counts[t.number] > 1 and t.group_path else []
        t.ref = "task:" + "/".join(path + [t.number])


def _new_task(row: list[str], cols: Columns, group: str, table_index: int) -> Task:
    r = cols.roles
    extra = {h: _cell(row, i) for i, h in cols.others.items()}
    return Task(number=_cell(row, r.get("number")).rstrip("."), task=_cell(row, r.get("task")),
                lead=_cell(row, r.get("lead")), coordinating=_cell(row, r.get("coordinating")),
                result=_cell(row, r.get("result")), time=_cell(row, r.get("time")),
                time_label=cols.names.get("time", ""), group=group, extra=extra, table=table_index)


def _continue_task(task: Task, row: list[str], cols: Columns) -> None:
    """A row without a number carries on the row above it (a row split by a page break)."""
    for name in ("task", "lead", "coordinating", "result", "time"):
        part = _cell(row, cols.roles.get(name))
        if part:
            setattr(task, name, collapse(f"{getattr(task, name)} {part}"))
    for i, header in cols.others.items():
        part = _cell(row, i)
        if part:
            task.extra[header] = collapse(f"{task.extra.get(header, '')} {part}")


def finish_task(task: Task) -> Task:
    time_text = task.time or next((v for h, v in task.extra.items() if _is_time_header(h) and v), "")
    task.deadline = parse_deadline(time_text)
    task.lead_keys = [agency_key(a) for a in split_agencies(task.lead)]
    task.coordinating_keys = [agency_key(a) for a in split_agencies(task.coordinating)]
    return task


def _is_time_header(header: str) -> bool:
    return bool(_ROLES[3][1].search(fold(header)))


def parse_indicators(rows: list[list[str]]) -> list[Indicator]:
    cols = map_columns(rows[0])
    value_cols = {i: h for i, h in cols.others.items()}
    out: list[Indicator] = []
    group = ""
    for row in rows[1:]:
        if header_key(row) == header_key(rows[0]):
            continue
        number = _cell(row, cols.roles.get("number"))
        name = _cell(row, cols.roles.get("name"))
        values = {h: _cell(row, i) for i, h in value_cols.items()}
        unit = _cell(row, cols.roles.get("unit"))
        kind = _row_kind(row, number)
        if kind == "numbered":
            parent = number.rsplit(".", 1)[0] if "." in number.rstrip(".") else ""
            out.append(Indicator(number=number.rstrip("."), name=name, unit=unit, values=values,
                                 group=group, parent=parent))
        elif kind == "group":
            group = collapse(next(c for c in row if c.strip()))
        elif kind == "continued" and out:
            if name.startswith(("-", "+")):
                out[-1].sub_rows.append(SubRow(label=name.lstrip("-+ ").strip(), unit=unit, values=values))
            else:
                out[-1].name = collapse(f"{out[-1].name} {name}")
    return out


def parse_keyvalue(rows: list[list[str]]) -> dict[str, str]:
    return {fold(k): v.strip() for k, v, *_ in rows if k.strip()}


# Row classification, shared by the task reader and the table checks (ingest.table_checks).
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2}|[a-z]|[A-Z])\)?$")  # '(1)', '2', '(a)': a row numbering the columns


def classify_rows(rows: list[list[str]], read_widths: list[int] | None = None) -> list[str]:
    """Each row as 'header' (the first, or the header repeated after a page break), 'subheader'
    (second header level, or a row numbering the columns), 'group' (a label or one spanning cell),
    'continuation' (an unnumbered row carrying on the row above in a numbered table) or 'data'."""
    widths = read_widths or [len(r) for r in rows]
    header = header_key(rows[0]) if rows else ()
    col = _label_column(rows)
    numbered = col is not None
    kinds = ["header"]
    subs: set[tuple[str, ...]] = set()
    for r, row in enumerate(rows[1:], 1):
        key = header_key(row)
        if key == header or key in subs:
            kinds.append("header" if key == header else "subheader")
        elif _is_subheader(row, kinds[-1]) or _is_second_level(row, kinds[-1], widths[r] if r < len(widths) else len(row),
                                                                len(rows[0]), widths[0] if widths else len(rows[0])):
            kinds.append("subheader")
            subs.add(key)
        else:
            kinds.append(_body_kind(row, col, numbered, widths[r] if r < len(widths) else len(row)))
    return kinds


def _is_second_level(row: list[str], above: str, read: int, width: int, header_read: int) -> bool:
    """Under a header whose cells span columns, the second header level is read short: fewer cells
    than the table has, all of them short titles, none a row number. It may hold an empty cell (a
    title left blank under a spanning cell: '2021-2030 | 2031-2050 | | Quặng | Tấn WO3') when the
    header itself was read narrower than the table, which only spanning header cells explain."""
    filled = [c.strip() for c in row if c.strip()]
    blanks_allowed = header_read < width
    return above in ("header", "subheader") and 2 <= len(filled) and read < width and \
        (len(filled) == read or blanks_allowed) and \
        all(len(c) < 50 and not is_number(c) and not _group_label(c) for c in filled)


def _is_subheader(row: list[str], above: str) -> bool:
    filled = [c.strip() for c in row if c.strip()]
    if len(filled) >= 3 and all(_COLUMN_NUMBER.match(c) for c in filled):
        return [re.sub(r"\D", "", c) for c in filled] == [str(i) for i in range(1, len(filled) + 1)] \
            or all(re.fullmatch(r"\(?[a-zA-Z]\)?", c) for c in filled)
    return above in ("header", "subheader") and len(filled) >= 2 and not is_number(row[0]) \
        and all(len(c) < 60 for c in filled) and any(_HEADERISH.search(fold(c)) for c in filled)


_HEADERISH = re.compile(r"chu tri|phoi hop|tong so|trong do|so luong|ty le|nam \d{4}|^nam$|ke hoach|thuc hien"
                        r"|don vi|ghi chu|ket qua|thoi gian|noi dung|^tt$|^stt$|^(nam|nu|tu|den)$")


def _body_kind(row: list[str], col: int | None, numbered: bool, read: int) -> str:
    filled = [c for c in row if c.strip()]
    if not filled:
        return "empty"  # a blank row of a form, left to be filled in
    label = row[col].strip() if col is not None and col < len(row) else ""
    if is_number(label):
        return "data"
    if label and _group_label(label):
        return "group"
    if len(filled) == 1 and (read == 1 or _group_label(filled[0]) or label):
        return "group"  # one cell spanning the table; a renderer may print the empty cells it spans
    if numbered and filled and not label:
        return "continuation"
    return "data"


def _label_column(rows: list[list[str]]) -> int | None:
    """The column of row numbers: the one headed STT/TT, else the first when most rows start with
    a number."""
    cols = map_columns(rows[0]) if rows else Columns({}, {})
    if "number" in cols.roles:
        return cols.roles["number"]
    body = [r for r in rows[1:] if any(c.strip() for c in r)]
    named = fold(rows[0][0]) if rows and rows[0] else ""
    if any(p.search(named) for _, p in _VALUE_HEADERS):
        return None
    if body and sum(_row_number(r[0]) for r in body) >= max(2, len(body) // 2):
        return 0
    return None


# Headers of a first column whose small whole numbers are values, not row numbers, each with why (a
# column without an STT header is taken for the row numbers only from what its cells look like):
_VALUE_HEADERS = [
    ("registration", re.compile(r"^(sbd|so bao danh)$")),  # a contestant's number: 044, 164, 216 …
    ("code", re.compile(r"^ma( so| hieu)?\b")),  # 'Mã số bình chọn' 01, 02, 04: codes, some withdrawn
    ("measure", re.compile(r"^(do dai|chieu dai|chieu cao)\b")),  # 'Độ dài' 8, 9, 10: a length per row
    # 'Thứ hạng' 1, 2, 20, 20, 22: a rank, shared by ties (the next rank skips) and cut to a top-N list
    ("rank", re.compile(r"^(thu )?hang\b(?! muc)")),
]


def _row_number(cell: str) -> bool:
    """A row number, not a figure: years (1996, 2025) and amounts head no row."""
    return is_number(cell) and int(cell.strip().split(".")[0] or 0) < 1000


def number_column(rows: list[list[str]], kinds: list[str]) -> int | None:
    return _label_column(rows)


def task_column(cols: Columns) -> int | None:
    return cols.roles.get("task", cols.roles.get("name"))
