"""Turn the plan's prose into a heading tree (I. / 1. / 2.1. / a) levels) of sections.

Levels come from the label's form, not from Markdown '#' counts or bold, because real plans mix
those freely; '-' bullets and unlabelled lines are the text of the nearest heading above.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.text import collapse, fold, strip_markup
from core.types import Section

_PATTERNS = [  # (rank, regex) — lower rank is higher in the tree
    (1, re.compile(r"^(?P<label>[IVX]{1,5})[.)]\s*(?P<title>\S.*)$")),
    (3, re.compile(r"^(?P<label>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)\.?\s+(?P<title>\S.*)$")),
    (2, re.compile(r"^(?P<label>\d{1,2})[.)]\s+(?P<title>\S.*)$")),
    (4, re.compile(r"^(?P<label>[a-zđêôơư])\)\s*(?P<title>\S.*)$")),
]
_MIN_TITLE_AS_TEXT = 60
_TAIL_START = re.compile(r"^(noi nhan\b|phu luc\b(?!.*\bchi tiet)|tm\.? uy ban)")


@dataclass
class _Node:
    rank: int
    label: str
    title: str
    body: list[str] = field(default_factory=list)


@dataclass
class Outline:
    preamble: list[str]
    sections: list[Section]
    tail: list[str]


def clean_line(line: str) -> str:
    return collapse(strip_markup(re.sub(r"^#{1,6}\s*", "", line.strip())))


def heading(line: str) -> tuple[int, str, str] | None:
    for rank, pattern in _PATTERNS:
        m = pattern.match(line)
        if m:
            return rank, m.group("label"), m.group("title")
    return None


def build_outline(lines: list[str]) -> Outline:
    preamble: list[str] = []
    stack: list[_Node] = []
    done: list[tuple[list[_Node], _Node]] = []
    for i, raw in enumerate(lines):
        line = clean_line(raw)
        if not line:
            continue
        if stack and _TAIL_START.match(fold(line)) and len(line) < 80:
            return Outline(preamble, _to_sections(done), [clean_line(l) for l in lines[i:] if l.strip()])
        found = heading(line)
        if found:
            rank, label, title = found
            while stack and stack[-1].rank >= rank:
                stack.pop()
            node = _Node(rank, label, title)
            done.append((list(stack), node))
            stack.append(node)
        elif stack and line[0].islower() and not stack[-1].body:
            stack[-1].title = f"{stack[-1].title} {line}"
        elif stack:
            _add_body(stack[-1].body, line)
        else:
            _add_body(preamble, line)
    return Outline(preamble, _to_sections(done), [])


def _add_body(body: list[str], line: str) -> None:
    """A line starting in lower case continues the paragraph a page break cut."""
    if body and line[0].islower():
        body[-1] = f"{body[-1]} {line}"
    else:
        body.append(line)


def _to_sections(done: list[tuple[list[_Node], _Node]]) -> list[Section]:
    """One passage per node with text of its own. A pure heading over lettered items (e.g.
    '1. Mục đích' over a), b), c)) also becomes a passage gathering them, so a question about the
    heading is answered with all of them; other pure headings are not passages."""
    children: dict[int, list[_Node]] = {}
    for parents, node in done:
        if parents:
            children.setdefault(id(parents[-1]), []).append(node)
    sections = []
    for parents, node in done:
        kids = children.get(id(node), [])
        body = node.body
        if not body and kids:
            if all(k.rank == 4 and id(k) not in children for k in kids):  # gather lettered a), b), c)
                body = [line for k in kids for line in [_heading_line(k)] + k.body]
            elif len(node.title) < _MIN_TITLE_AS_TEXT:
                continue
        chain = parents + [node]
        text = "\n".join([_heading_line(node)] + body)
        sections.append(Section(path=[n.label for n in chain], titles=[n.title for n in chain], text=text))
    return sections


def _heading_line(node: _Node) -> str:
    return f"{node.label}{')' if node.rank == 4 else '.'} {node.title}"
