"""Hypothesis strategies for random plans (tests/gen/model.py) made of real plans' words.

Each strategy draws one feature real plans vary in: headings split over lines, empty and
multi-line cells, leads merged down, group rows I/II under parts A/B, numbering that restarts per
group or repeats dotted across parts, a page break repeating the header, tables in an appendix.
"""
from __future__ import annotations

import random

from hypothesis import strategies as st

from tests.gen import vocab
from tests.gen.model import (GenGroup, GenIndicator, GenSection, GenTask, IndicatorTable, Plan, TaskTable)

SHAPES = ("flat", "groups", "parts")  # no group rows; groups I/II; parts A/B holding groups I/II
HEADERS = {  # column → the headers plans print for it
    "number": ("STT", "TT"),
    "task": ("Nội dung nhiệm vụ", "Nhiệm vụ", "Nội dung công việc", "Tên nhiệm vụ"),
    "lead": ("Cơ quan chủ trì", "Đơn vị chủ trì", "Chủ trì"),
    "coordinating": ("Cơ quan phối hợp", "Đơn vị phối hợp", "Phối hợp"),
    "time": ("Thời gian hoàn thành", "Thời gian thực hiện", "Tiến độ"),
    "result": ("Sản phẩm", "Kết quả, sản phẩm"),
}


def words(lo: int, hi: int) -> st.SearchStrategy[str]:
    """lo..hi words. One draw of a length and a seed per phrase, not one per word: drawing words one
    by one made generation (not reading) 90 % of a round trip's time."""
    return st.builds(lambda n, seed: " ".join(random.Random(seed).choices(vocab.WORDS, k=n)),
                     st.integers(lo, hi), st.integers(0, 2**32 - 1))


def sentence(lo: int = 4, hi: int = 14) -> st.SearchStrategy[str]:
    """A capitalised phrase; may end in a full stop as task cells and paragraphs do."""
    return st.tuples(words(lo, hi), st.booleans()).map(lambda p: p[0][:1].upper() + p[0][1:] + ("." if p[1] else ""))


def _phrase(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choices(vocab.WORDS, k=rng.randint(lo, hi)))


# Words a body line may open with that also open a plan's tail (the appendix heading, the recipients):
# once D5, such a line ended the body. One paragraph in eight opens with one.
_TAIL_WORDS = ("Phụ lục kèm theo", "Phụ lục", "Nơi nhận")


def _sentence(rng: random.Random, lo: int, hi: int, tail_words: bool = False) -> str:
    text = _phrase(rng, lo, hi)
    if tail_words and rng.random() < 1 / 8:
        return f"{rng.choice(_TAIL_WORDS)} {text}"
    return text[:1].upper() + text[1:]


@st.composite
def sections(draw, most: int = 4) -> list[GenSection]:
    """The heading tree is drawn (its shape is what the reader must get right); the prose is filled
    from one drawn seed, which keeps generation cheap."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    out: list[GenSection] = []
    for roman in vocab.ROMANS[:draw(st.integers(2, max(2, most)))]:
        out.append(_section(draw, rng, (roman,), _phrase(rng, 2, 5).upper()))
        for n in range(1, draw(st.integers(0, 3)) + 1):
            out.append(_section(draw, rng, (roman, str(n)), _sentence(rng, 2, 7)))
            for letter in vocab.LETTERS[:draw(st.integers(0, 3))]:
                out.append(_section(draw, rng, (roman, str(n), letter), _sentence(rng, 2, 7)))
    return out


def _section(draw, rng: random.Random, path: tuple[str, ...], title: str) -> GenSection:
    bullets = draw(st.booleans())
    paragraphs = tuple(("- " if bullets else "") + _sentence(rng, 6, 30, tail_words=True) + "." for _ in range(rng.randint(1, 2)))
    return GenSection(path, title, paragraphs, split_title=draw(st.booleans()) and len(title.split()) > 2,
                      style=draw(st.sampled_from(["bold", "italic", "plain"])))


@st.composite
def task_tables(draw, max_tasks: int = 12, shapes: tuple[str, ...] = SHAPES,
                results: tuple[str, ...] = vocab.RESULTS, merge: bool | None = None) -> TaskTable:
    with_result = draw(st.booleans())
    columns = ["number", "task", "lead", "coordinating", "time"] + (["result"] if with_result else [])
    header = tuple(draw(st.sampled_from(HEADERS[c])) for c in columns)
    shape = draw(st.sampled_from(shapes))
    numbering = draw(st.sampled_from(["continuous", "restart", "dotted"]))
    rows: list[GenGroup | GenTask] = []
    parts = vocab.PARTS[:draw(st.integers(2, 3))] if shape == "parts" else ("",)
    counter = 0
    for part in parts:
        if part:
            rows.append(GenGroup(part, draw(words(2, 5)).upper(), 0))
        groups = vocab.ROMANS[:draw(st.integers(1, 3))] if shape != "flat" else ("",)
        for g, group in enumerate(groups, start=1):
            if group:
                rows.append(GenGroup(group, draw(words(2, 6)).upper(), 1))
            if numbering == "restart":
                counter = 0
            for k in range(1, draw(st.integers(1, max(1, max_tasks // (len(parts) * len(groups))))) + 1):
                counter += 1
                number = f"{g}.{k}" if numbering == "dotted" and group else str(counter)
                path = tuple(x for x in (part, group) if x)
                rows.append(draw(_task(number, path, rows, results if with_result else ())))
    merge = draw(st.booleans()) if merge is None else merge
    break_at = draw(st.none() | st.integers(2, max(2, len(rows) - 1))) if len(rows) > 3 else None
    return TaskTable(header, rows, break_at, merge)


@st.composite
def _task(draw, number: str, path: tuple[str, ...], rows: list, results: tuple[str, ...]) -> GenTask:
    above = rows[-1] if rows and isinstance(rows[-1], GenTask) else None
    same = above is not None and draw(st.integers(0, 2)) == 0
    lead = above.lead if same else draw(st.sampled_from(vocab.AGENCIES))
    coordinating = tuple(a + ";" if i < n - 1 else a for n in [draw(st.integers(0, 3))]
                         for i, a in enumerate(draw(st.lists(st.sampled_from(vocab.AGENCIES), min_size=n,
                                                             max_size=n, unique=True))))
    time = draw(st.sampled_from(vocab.DEADLINES + ("",)))
    result = draw(st.sampled_from(results + ("",))) if results else ""
    text = tuple(draw(st.lists(sentence(4, 24), min_size=1, max_size=2)))
    return GenTask(number, text, lead, coordinating, time, result, path, same)


@st.composite
def indicator_tables(draw, empty_values: bool = True) -> IndicatorTable:
    first = draw(st.integers(2025, 2027))
    years = tuple(f"Năm {y}" for y in range(first, first + draw(st.integers(1, 4))))
    header = ("STT", "Chỉ tiêu", "Đơn vị tính") + years
    rows = []
    for n in range(1, draw(st.integers(1, 6)) + 1):
        values = tuple(draw(st.sampled_from(["95", "80,5", "≥ 90", "100", "12", "1,5", "75,5"] + [""] * empty_values)) for _ in years)
        rows.append(GenIndicator(str(n), draw(sentence(3, 12)).rstrip("."), draw(st.sampled_from(vocab.UNITS)),
                                 values))
    return IndicatorTable(header, rows)


@st.composite
def plans(draw, max_tasks: int = 12, empty_values: bool = True, max_sections: int = 4, **table_options) -> Plan:
    """`table_options` narrow the task tables (shapes=, results=): a form that cannot yet read a
    feature is tested without it, and the feature alone in a strict xfail naming the defect."""
    secs = draw(sections(max_sections))
    tables = task_tables(max_tasks, **table_options)
    name = " ".join(draw(st.sampled_from(v)) for v in (vocab.SURNAMES, vocab.MIDDLE, vocab.GIVEN))
    return Plan(province=draw(st.sampled_from(vocab.PROVINCES)), number=draw(st.integers(1, 999)),
                day=draw(st.integers(1, 28)), month=draw(st.integers(1, 12)), year=draw(st.integers(2024, 2026)),
                title="Triển khai " + draw(words(4, 14)), signer=name, deputy=draw(st.booleans()), sections=secs,
                task_table=draw(st.none() | tables) if draw(st.booleans()) else draw(tables),
                indicator_table=draw(st.none() | indicator_tables(empty_values)),
                tables_in_appendix=draw(st.booleans()),
                table_after=draw(st.integers(0, len(secs) - 1)), site_box=draw(st.booleans()))
