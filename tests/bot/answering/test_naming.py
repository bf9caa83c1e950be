"""Sources are named as people name them (Kế hoạch 186/KH-UBND – An Giang, nhiệm vụ 18), never by file."""
import re

import pytest

from bot.answering.lines import cite as _cite
from bot.answering.naming import place_label, plan_name, source_name
from core.types import Chunk
from ingest.chunk import chunk_document

pytestmark = pytest.mark.unit
PLACE = re.compile(r", (nhiệm vụ \S+|chỉ tiêu \S+|mục \S+|toàn văn kế hoạch)$")


def test_every_citation_of_every_bundled_chunk_is_named_by_number_province_and_place(parsed):
    """Property over all chunks of the five bundled plans: the name holds the plan's số hiệu (or
    'dự thảo'), its province (or scope) and a task/section/indicator label; no file name, no ref."""
    named = 0
    for source, doc in parsed.items():
        m = doc.metadata
        for chunk in chunk_document(doc):
            citations = []
            _cite(chunk, citations, "x", "quote")
            name = citations[0].name
            assert (m.number and m.number in name) or "dự thảo" in name, name
            assert (m.province or m.scope) in name, name
            assert PLACE.search(name), name
            assert source not in name and ".txt" not in name and chunk.ref not in name, name
            named += 1
    assert named > 300  # every chunk kind of every plan was named, not a handful


def test_a_grouped_row_is_named_by_its_group_labels_and_a_section_by_its_path():
    meta = {"plan": "Kế hoạch 07/KH-UBND", "plan_number": "07/KH-UBND", "province": "Quảng Ngãi", "task_number": "5"}
    assert place_label("task", "task:II/5", meta) == "nhiệm vụ II.5"
    assert place_label("task", "task:18", meta) == "nhiệm vụ 18"
    assert place_label("section", "section:III/2/đ", {"section_path": "III/2/đ"}) == "mục III.2.đ"
    chunk = Chunk(id="1", source="000_a97ae4038f12d86c.txt", ref="task:II/5", kind="task", text="t", metadata=meta)
    assert source_name(chunk) == "Kế hoạch 07/KH-UBND – Quảng Ngãi, nhiệm vụ II.5"


def test_a_draft_and_a_locality_are_named_in_words():
    draft = {"plan": "Kế hoạch (dự thảo, chưa có số)", "province": "An Giang", "locality": "Kiên Hải"}
    assert plan_name(draft) == "Kế hoạch (dự thảo, chưa có số) – Kiên Hải, An Giang"
    assert plan_name({"plan_number": "5/KH-BYT", "scope": "toàn quốc"}) == "Kế hoạch 5/KH-BYT – toàn quốc"
