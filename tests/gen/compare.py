"""Read a rendering back and say how it differs from the plan's right reading.

Differences are returned as readable lines (empty = read exactly), so a failing example shows
what was read against what was expected.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from core.text import collapse
from core.types import PlanDocument
from ingest.parse import parse_document
from ingest.read import read_document
from tests.gen.model import Plan, expected_indicators, expected_metadata, expected_paths, expected_tasks

TASK_FIELDS = ("ref", "number", "task", "lead", "coordinating", "time")


def read_back(path: Path) -> PlanDocument:
    return parse_document(read_document(path))


def read_tasks(doc: PlanDocument) -> list[dict[str, str]]:
    """The tasks of tables only (prose task lists are a different feature)."""
    return [{f: collapse(getattr(t, "cite_ref" if f == "ref" else f)) for f in TASK_FIELDS}
            for t in doc.tasks if t.table > 0]


def read_indicators(doc: PlanDocument) -> list[dict]:
    return [{"number": i.number, "name": collapse(i.name), "unit": collapse(i.unit),
             "values": {k: collapse(v) for k, v in i.values.items()}} for i in doc.indicators]


def task_diffs(plan: Plan, doc: PlanDocument) -> list[str]:
    want = [{k: collapse(v) for k, v in t.items()} for t in expected_tasks(plan)]
    got = read_tasks(doc)
    diffs = []
    if len(want) != len(got):
        diffs.append(f"tasks: read {len(got)}, expected {len(want)}")
    for i, (w, g) in enumerate(zip(want, got)):
        for f in TASK_FIELDS:
            if w[f] != g[f]:
                diffs.append(f"task {i + 1} ({w['ref']}) {f}: read {g[f]!r}, expected {w[f]!r}")
    return diffs


def indicator_diffs(plan: Plan, doc: PlanDocument) -> list[str]:
    want, got = expected_indicators(plan), read_indicators(doc)
    if want == got:
        return []
    return [f"indicators: read {got!r}, expected {want!r}"]


def metadata_diffs(plan: Plan, doc: PlanDocument) -> list[str]:
    got = doc.metadata.model_dump()
    return [f"metadata {k}: read {got[k]!r}, expected {v!r}" for k, v in expected_metadata(plan).items()
            if collapse(str(got[k])) != v]


def section_diffs(plan: Plan, doc: PlanDocument) -> list[str]:
    want, got = expected_paths(plan), [s.path for s in doc.sections]
    return [] if want == got else [f"section paths: read {got}, expected {want}"]


def all_diffs(plan: Plan, doc: PlanDocument) -> dict[str, list[str]]:
    return {"tasks": task_diffs(plan, doc), "indicators": indicator_diffs(plan, doc),
            "metadata": metadata_diffs(plan, doc), "sections": section_diffs(plan, doc)}


def norm_cell(text: str) -> str:
    """OCR comparison: NFC, casefold, whitespace collapsed."""
    return collapse(unicodedata.normalize("NFC", text).casefold())


def cell_agreement(plan: Plan, doc: PlanDocument) -> tuple[int, int, list[str]]:
    """(equal cells, expected cells, differing pairs) over the task and indicator tables, cells
    compared after NFC, casefold and whitespace collapse: the OCR measure."""
    want = [[t[f] for f in TASK_FIELDS[1:]] for t in expected_tasks(plan)]
    got = [[t[f] for f in TASK_FIELDS[1:]] for t in read_tasks(doc)]
    want += [[i["number"], i["name"], i["unit"], *i["values"].values()] for i in expected_indicators(plan)]
    got += [[i["number"], i["name"], i["unit"], *i["values"].values()] for i in read_indicators(doc)]
    equal, total, diffs = 0, 0, []
    for w_row, g_row in zip(want, got + [[]] * (len(want) - len(got))):
        for k, w in enumerate(w_row):
            g = g_row[k] if k < len(g_row) else ""
            total += 1
            if norm_cell(w) == norm_cell(g):
                equal += 1
            else:
                diffs.append(f"{g!r} for {w!r}")
    return equal, total, diffs
