"""Task lists written in prose: a numbered heading per task with labelled fields under it.

    **1.** Trên cơ sở tài liệu … tổ chức tuyên truyền …       a) Nhiệm vụ: Tham mưu UBND …
    - Cơ quan thực hiện: Sở Khoa học và Công nghệ; …          b) Cơ quan thực hiện:
    - Cơ quan phối hợp: Các sở, ngành; …                        - Đơn vị chủ trì: Sở Khoa học và Công nghệ.
    - Thời gian thực hiện: Quý IV năm 2025 …                    - Đơn vị phối hợp: Các Sở, ban, ngành.
                                                              c) Thời gian thực hiện: Hoàn thành trong năm 2025.

Spec: such an item is a task (`task:N`), like a row of a task table. The labels vary by plan, so
they are read from one table of label patterns, never from a particular plan's wording.
"""
from __future__ import annotations

import re

from core.text import collapse, fold
from core.types import Task
from ingest.agencies import agency_in_heading
from ingest.rows import finish_task
from ingest.structure import Node

# (field, folded label) — the label must be the whole text before the colon.
FIELD_LABELS = [
    ("task", re.compile(r"(ten )?nhiem vu|noi dung( nhiem vu| cong viec)?")),  # not "nội dung thực hiện"
    ("lead", re.compile(r"((co quan|don vi) )?(chu tri|thuc hien( chinh)?)|(co quan|don vi) thuc hien chinh")),
    ("coordinating", re.compile(r"((co quan|don vi) )?phoi hop( thuc hien)?")),
    ("time", re.compile(r"thoi gian( thuc hien| hoan thanh)?|tien do( thuc hien| hoan thanh)?|thoi han"
                        r"( hoan thanh)?")),
    ("result", re.compile(r"(ket qua|san pham)( dau ra| du kien| can dat)?")),
]
LABEL_OF = dict(FIELD_LABELS)
ASSIGNING = {"lead", "coordinating"}  # a heading that names who acts is a task (a date alone is not)
_FIELD_LINE = re.compile(r"^(?:[-+•]\s*|[a-zđ]\)\s*)?(?P<label>[^:]{3,40}?)\s*:\s*(?P<value>.*)$")
_UNPUNCTUATED = re.compile(r"^(?:[-+•]\s*)?(?P<label>(?:Thời gian|Tiến độ|Thời hạn)(?: thực hiện| hoàn thành)?)\s+"
                          r"(?P<value>(?:sau|trong|từ|đến|trước|khi|theo|năm|quý|hằng|hàng|thường)\b.*)$")
_NEW_ITEM = re.compile(r"^([-+•]|[a-zđ]\)|\d+(\.\d+)*[.)])\s")


def field_of(line: str) -> tuple[str, str] | None:
    text = line.replace("*", "").strip()
    m = _FIELD_LINE.match(text)
    if not m:
        return _unpunctuated_time(text)
    label = fold(m.group("label"))
    name = next((f for f, pattern in FIELD_LABELS if pattern.fullmatch(label)), None)
    return (name, m.group("value").strip()) if name else None


def _unpunctuated_time(text: str) -> tuple[str, str] | None:
    """'Thời gian thực hiện sau khi … ban hành.': a time label run into its value without a colon
    (only time labels: their value opens in lower case, 'sau khi', 'trong năm', 'từ quý …')."""
    m = _UNPUNCTUATED.match(text)
    if m and LABEL_OF["time"].fullmatch(fold(m.group("label"))):
        return "time", m.group("value").strip()
    return None


def read_fields(lines: list[str]) -> dict[str, str]:
    """Fields and their values; a value goes on over following lines (a task's bullets, a wrapped
    date) until the next labelled line. A field printed twice keeps its first value."""
    fields: dict[str, list[str]] = {}
    current, listed = None, False
    for line in lines:
        found = field_of(line)
        if found:
            current = found[0] if not fields.get(found[0]) else None  # "Cơ quan thực hiện:" then "- Đơn vị chủ trì: …"
            if current:
                fields[current] = [found[1]] if found[1] else []
                listed = current == "task" or not found[1]  # an empty label heads a list of items
        elif current and (listed or not _NEW_ITEM.match(line)):
            fields[current].append(line.replace("*", "").strip())
    return {k: collapse(" ".join(v)) for k, v in fields.items()}


# Genres whose body is the assignment itself, agency by agency ('1. Sở Y tế: a) …; b) …', 'Giao Sở Y tế
# chủ trì …'), with no task table: a directive, a telegram. (A plan's '1. Sở Y tế' under 'Tổ chức thực
# hiện' restates its task table: those stay sections with a lead.)
DIRECTIVE_TYPES = {"Chỉ thị", "Công điện"}


def prose_tasks(nodes: list[tuple[list[Node], Node]], directive: bool = False) -> list[Task]:
    """Labelled prose tasks; a directive without any reads its agency items as tasks."""
    tasks = labelled_tasks(nodes)
    return tasks or (agency_tasks(nodes) if directive else [])


def agency_tasks(nodes: list[tuple[list[Node], Node]]) -> list[Task]:
    """Each item under a heading that names an agency ('a) …', or the heading's own sentence when it has
    no items) is a task that agency leads: spec, a plan's fields belong to the unit that states them."""
    children = _children(nodes)
    tasks: list[Task] = []
    for parents, node in nodes:
        agency = agency_in_heading(node.title)
        if not agency or any(agency_in_heading(p.title) for p in parents):
            continue
        kids = children.get(id(node), [])
        if kids:
            tasks += [_task(parents + [node], kid, {"lead": agency, "task": _own_text(kid.title, kid.body)})
                      for kid in kids]
        else:
            tasks.append(_task(parents, node, {"lead": agency, "task": _own_text(_after_name(node.title), node.body)}))
    return [t for t in tasks if t.task]


def _after_name(title: str) -> str:
    """'Sở Giáo dục và Đào tạo: Chỉ đạo …' → 'Chỉ đạo …'; 'Giao Sở X chủ trì …' is kept whole."""
    head, colon, rest = title.partition(":")
    return rest if colon and agency_in_heading(head) and len(head) < 90 else title


def _own_text(first: str, body: list[str]) -> str:
    return collapse(" ".join([first.replace("*", ""), *(line.replace("*", "") for line in body)])).strip(" :")


def _children(nodes: list[tuple[list[Node], Node]]) -> dict[int, list[Node]]:
    children: dict[int, list[Node]] = {}
    for parents, node in nodes:
        if parents:
            children.setdefault(id(parents[-1]), []).append(node)
    return children


def labelled_tasks(nodes: list[tuple[list[Node], Node]]) -> list[Task]:
    children: dict[int, list[Node]] = {}
    for parents, node in nodes:
        if parents:
            children.setdefault(id(parents[-1]), []).append(node)
    field_kids = {id(n) for _, n in nodes if field_of(n.title)}
    fields = {id(n): read_fields(_field_lines(n, children, field_kids)) for _, n in nodes}
    is_task = {id(n) for _, n in nodes if id(n) not in field_kids and ASSIGNING & fields[id(n)].keys()}
    is_task |= _siblings_of_tasks(nodes, children, is_task, field_kids)
    return [_task(parents, node, fields[id(node)]) for parents, node in nodes if id(node) in is_task]


def _field_lines(node: Node, children: dict[int, list[Node]], field_kids: set[int]) -> list[str]:
    lines = list(node.body)
    for kid in children.get(id(node), []):
        if id(kid) in field_kids:
            lines += [kid.title] + kid.body
    return lines


def _siblings_of_tasks(nodes, children, is_task: set[int], field_kids: set[int]) -> set[int]:
    """An item in a list of tasks is a task even when it states no field (it says only what to do),
    unless it groups tasks of its own."""
    extra = set()
    for parents, node in nodes:
        if id(node) in is_task or id(node) in field_kids or node.rank < 2 or not parents \
                or agency_in_heading(node.title):  # "1. Sở Y tế" over items is a unit's section, not a task
            continue
        siblings = [s for s in children.get(id(parents[-1]), []) if s.rank == node.rank]
        if sum(id(s) in is_task for s in siblings) >= 2 and not _has_task_below(node, children, is_task):
            extra.add(id(node))
    return extra


def _has_task_below(node: Node, children, is_task: set[int]) -> bool:
    return any(id(k) in is_task or _has_task_below(k, children, is_task) for k in children.get(id(node), []))


def _task(parents: list[Node], node: Node, fields: dict[str, str]) -> Task:
    parent = parents[-1] if parents else None
    task = Task(number=node.label, task=fields.get("task") or collapse(node.title.replace("*", "")),
                lead=fields.get("lead", ""), coordinating=fields.get("coordinating", ""),
                time=fields.get("time", ""), result=fields.get("result", ""),
                group=f"{parent.label}. {parent.title}" if parent else "",
                group_path=[p.label for p in parents])
    return finish_task(task)
