"""A source named as people name it: 'Kế hoạch 186/KH-UBND – An Giang, nhiệm vụ 18', 'mục III.2.đ',
a grouped row 'nhiệm vụ II.5'. The file name is no name: the UI shows it only on demand.

Built from a chunk's metadata fields and its ref (the spec's cite ref, `task:II/5`, an identifier
whose parts are the row's group labels), never from the chunk's text.
"""
from __future__ import annotations

from core.types import Chunk

DASH = " – "
DRAFT = "dự thảo, chưa có số"


def plan_name(meta: dict) -> str:
    """'Kế hoạch 186/KH-UBND – An Giang'; an unnumbered plan is 'Kế hoạch (dự thảo, chưa có số) – …';
    a locality below its province is named with it ('Kiên Hải, An Giang')."""
    doc_type = str(meta.get("doc_type") or "Kế hoạch")
    number = str(meta.get("plan_number") or "")
    head = str(meta.get("plan") or "") or (f"{doc_type} {number}" if number else f"{doc_type} ({DRAFT})")
    return head + (DASH + where if (where := _where(meta)) else "")


def _where(meta: dict) -> str:
    province, locality = str(meta.get("province") or ""), str(meta.get("locality") or "")
    if not province:
        return str(meta.get("scope") or "")
    if locality and locality.casefold() != province.casefold() and not locality.isupper():
        return f"{locality}, {province}"
    return province


def place_label(kind: str, ref: str, meta: dict) -> str:
    """The place in the plan: 'nhiệm vụ 18', 'nhiệm vụ II.5', 'chỉ tiêu 15.2', 'mục III.2.đ', 'toàn văn'."""
    if kind == "task":
        parts = ref.split(":", 1)[1].split("/") if ":" in ref else [str(meta.get("task_number") or "")]
        return "nhiệm vụ " + ".".join(p for p in parts if p)
    if kind == "indicator":
        return f"chỉ tiêu {meta.get('indicator_number') or ref.split(':', 1)[-1]}"
    if kind == "section":
        return "mục " + str(meta.get("section_path") or ref.split(":", 1)[-1]).replace("/", ".")
    return "toàn văn kế hoạch"


def source_name(chunk: Chunk) -> str:
    """The whole name of a cited chunk: its plan, then its place in the plan."""
    return f"{plan_name(chunk.metadata)}, {place_label(chunk.kind, chunk.ref, chunk.metadata)}"
