"""Turn the plan's prose into a heading tree (I. / 1. / 2.1. / a) levels) of sections.

Levels come from the label's form, not from Markdown '#' counts or bold, because real plans mix
those freely; '-' bullets and unlabelled lines are the text of the nearest heading above.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.text import collapse, fold, strip_markup
from core.types import Section
from ingest.agencies import agency_in_heading
from ingest.numbering import DOTTED, LETTER, MIN_TITLE_AS_TEXT, NUMBER, ROMAN, Heading, restore

_PATTERNS = [  # (rank, regex) — lower rank is higher in the tree
    (0, re.compile(r"^(?P<label>Điều\s+\d{1,3})\s*[.:]\s*(?P<title>\S.*)$")),  # a decision's own articles
    (ROMAN, re.compile(r"^(?P<label>[IVX]{1,5})[.)]\s*(?P<title>\S.*)$")),
    (DOTTED, re.compile(r"^(?P<label>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s+(?P<title>\S.*)$")),
    (NUMBER, re.compile(r"^(?P<label>\d{1,2})[.)]\s+(?P<title>\S.*)$")),
    (LETTER, re.compile(r"^(?P<label>[a-zđêôơư])\)\s*(?P<title>\S.*)$")),
]
_LABEL_ONLY = re.compile(r"^(Điều\s+\d{1,3}|[IVX]{1,5}|\d{1,2}(\.\d{1,2}){0,2})[.):]?$")
# Where the body ends (folded text): the recipients list ('Nơi nhận:'; 'Nơi nhận kết quả.' is a sentence),
# the signing line (TM./KT. over the authority), or an appendix heading (a short line that reads as a
# heading, see _APPENDIX_HEADING). Columns: pattern, longest line it applies to, whether a heading must
# have been seen first.
_TAIL_START = [(re.compile(r"^noi nhan[*_\s]*(:|$)"), 10_000, False),
               (re.compile(r"^(tm|kt)\.? (uy ban|chu tich|giam doc)"), 200, False),
               (re.compile(r"^phu luc\b"), 80, True)]
# What makes a line opening with 'Phụ lục' the appendix heading rather than a body sentence ('Phụ lục kèm
# theo gồm các biểu mẫu.', or its first line wrapped, 'phụ lục chi tiết …'), each with why: ND 30/2020
# prints the heading in capitals ('PHỤ LỤC', 'PHỤ LỤC II'; tested apart, a '(Kèm theo …)' may follow);
# scrapes and older plans write 'Phụ lục' alone or with its label ('Phụ lục I', 'Phụ lục số 02', 'Phụ lục 1:
# Danh mục …'). A sentence's closing full stop, semicolon or comma never ends a heading.
_APPENDIX_HEADING = [
    re.compile(r"^Ph\S+ l\S+\s*[:.]?\s*$", re.IGNORECASE),  # 'Phụ lục' alone, 'Phụ lục:'
    re.compile(r"^Ph\S+ l\S+\s+(số\s*)?([IVXLC]{1,6}|\d{1,2})\b"),  # its label: I, II, 1, số 02 (case kept)
]
_SENTENCE_END = re.compile(r"[.;,]$")


def _is_appendix_heading(line: str) -> bool:
    text = strip_markup(line).strip().strip("*_ ")
    in_capitals = text.split("(")[0] == text.split("(")[0].upper()  # '(Kèm theo …)' may follow on the line
    return not _SENTENCE_END.search(text) and (in_capitals or any(p.match(text) for p in _APPENDIX_HEADING))


# A decision signs first and attaches its plan after the signature: its 'KẾ HOẠCH' heading (in capitals,
# as headings are printed; a 'Kế hoạch' table cell is not one) resumes the body.
_ATTACHED_PLAN = re.compile(r"^ke hoach$")
_SIGNATURE_LINES = 30  # recipients + signing lines between the body's end and an attached plan; a 'Kế hoạch'
                       # cell deep in an appendix table is not an attached plan


def _is_tail_start(line: str, in_body: bool) -> bool:
    folded = fold(line.lstrip("*_ "))
    return any(p.match(folded) and len(line) < longest and (in_body or not needs_body)
               and (p is not _TAIL_START[2][0] or _is_appendix_heading(line)) for p, longest, needs_body in _TAIL_START)


@dataclass
class Node:
    rank: int
    label: str
    title: str
    body: list[str] = field(default_factory=list)
    implied: bool = False  # restored from the numbering; the text does not print it (ingest/numbering.py)


@dataclass
class Outline:
    preamble: list[str]
    sections: list[Section]
    tail: list[str]
    nodes: list[tuple[list[Node], Node]] = field(default_factory=list)  # every heading with its parents


def clean_line(line: str) -> str:
    return collapse(strip_markup(re.sub(r"^#{1,6}\s*", "", line.strip())))


def heading(line: str) -> tuple[int, str, str] | None:
    for rank, pattern in _PATTERNS:
        m = pattern.match(line)
        if m:
            return rank, m.group("label"), m.group("title")
    return None


class Tail(str):
    """A line after the body's end (recipients, signature, appendix)."""


_RESUME = object()  # an attached plan resumes the body after a decision's signature


def build_outline(lines: list[str]) -> Outline:
    return _assemble(restore(_items(lines)))


def _items(lines: list[str]) -> list:
    """The lines as headings, body text and tail, in order; a heading's title cut by a line break
    is joined back."""
    items: list = []
    in_tail, label, tail_start, seen = False, "", 0, False
    for raw in lines:
        line = clean_line(raw)
        if not line:
            continue
        if not in_tail and _LABEL_ONLY.match(line):  # '**III.**' alone: the title follows on the next line
            label = f"{label} {line}".strip() if label else line
            continue
        line, label = (f"{label} {line}" if label else line), ""
        if in_tail and line.isupper() and _ATTACHED_PLAN.match(fold(line)) and len(items) - tail_start <= _SIGNATURE_LINES:
            in_tail = False
            items.append(_RESUME)
            continue
        if not in_tail and _is_tail_start(line, seen):
            in_tail, tail_start = True, len(items)
        if in_tail:
            items.append(Tail(line))
        elif found := heading(line):
            seen = True
            items.append(Heading(found[0], found[1], found[2]))
        elif items and isinstance(items[-1], Heading) and line[0].islower():
            items[-1].title = f"{items[-1].title} {line}"
        else:
            items.append(line)
    return items


def _assemble(items: list) -> Outline:
    preamble: list[str] = []
    tail: list[str] = []
    stack: list[Node] = []
    done: list[tuple[list[Node], Node]] = []
    for item in items:
        if item is _RESUME:
            stack = []
        elif isinstance(item, Tail):
            tail.append(str(item))
        elif isinstance(item, Heading):
            stack = _open(stack, done, item)
        else:
            _add_body(stack[-1].body if stack else (preamble if not done else tail), item)
    return Outline(preamble, _to_sections(done), tail, done)


def _open(stack: list[Node], done: list, head: Heading) -> list[Node]:
    while stack and stack[-1].rank >= head.rank:
        stack.pop()
    node = Node(head.rank, head.label, head.title, implied=head.implied)
    done.append((list(stack), node))
    return stack + [node]


def _add_body(body: list[str], line: str) -> None:
    """A line starting in lower case continues the paragraph a page break cut."""
    if body and line[0].islower():
        body[-1] = f"{body[-1]} {line}"
    else:
        body.append(line)


def _to_sections(done: list[tuple[list[Node], Node]]) -> list[Section]:
    """One passage per node with text of its own. A pure heading over lettered items (e.g.
    '1. Mục đích' over a), b), c)) also becomes a passage gathering them, so a question about the
    heading is answered with all of them; other pure headings are not passages."""
    children: dict[int, list[Node]] = {}
    for parents, node in done:
        if parents:
            children.setdefault(id(parents[-1]), []).append(node)
    sections = []
    for parents, node in done:
        kids = children.get(id(node), [])
        body = node.body
        if not body and kids:
            if all(k.rank == LETTER and id(k) not in children for k in kids):  # gather lettered a), b), c)
                body = [line for k in kids for line in [_heading_line(k)] + k.body]
            elif len(node.title) < MIN_TITLE_AS_TEXT:
                continue
        chain = parents + [node]
        text = "\n".join(([] if node.implied else [_heading_line(node)]) + body)
        sections.append(Section(path=[n.label for n in chain], titles=[n.title for n in chain], text=text,
                                lead=_lead(chain)))
    return sections


def _lead(chain: list[Node]) -> str:
    """The nearest heading on the path that names an agency leads this section."""
    return next((lead for lead in (agency_in_heading(n.title) for n in reversed(chain)) if lead), "")


def _heading_line(node: Node) -> str:
    return f"{node.label}{')' if node.rank == LETTER else '.'} {node.title}".rstrip()
