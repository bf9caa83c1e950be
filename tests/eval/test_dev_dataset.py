"""The dev question set: the spec's format, every type well covered, every fact verbatim in its plan."""
from collections import Counter

import pytest

from core.text import strip_accents
from eval.metrics import TYPES, normalize
from eval.run import load_dataset
from core.settings import PROJECT_ROOT
from tests.conftest import PLANS_DIR

pytestmark = pytest.mark.unit
DEV = PROJECT_ROOT / "eval" / "datasets" / "dev.jsonl"


@pytest.fixture(scope="module")
def items():
    return load_dataset(DEV)


def test_size_and_type_coverage(items):
    counts = Counter(i["type"] for i in items)
    assert len(items) >= 200
    assert set(counts) == set(TYPES) and all(n >= 15 for n in counts.values()), counts
    assert counts["multi_document"] >= 20 and counts["unanswerable"] >= 20 and counts["no_diacritics"] >= 20
    assert len({i["id"] for i in items}) == len(items)
    assert len({i["question"] for i in items}) == len(items)


def test_every_expected_fact_is_verbatim_in_an_expected_plan(items):
    texts = {p.name: normalize(p.read_text(encoding="utf-8")) for p in PLANS_DIR.iterdir()}
    for item in items:
        if not item["answerable"]:
            assert not item["expected_sources"] and not item["expected_facts"]
            continue
        assert item["expected_facts"], item["id"]
        if item["type"] == "task_list":  # the fact is the count of task rows the answer states
            rows = [s for s in item["expected_sources"] if s["ref"].startswith("task:")]  # not the agency's section
            assert item["expected_facts"] == [f"có {len(rows)} nhiệm vụ"], item["id"]
            continue
        sources = {s["source"] for s in item["expected_sources"]}
        for fact in item["expected_facts"]:
            assert any(normalize(fact) in texts[s] for s in sources), (item["id"], fact)


def test_expected_refs_exist_in_the_parsed_plans(items, parsed):
    from ingest.chunk import chunk_document
    from eval.metrics import ref_matches
    refs = {(c.source, c.ref) for doc in parsed.values() for c in chunk_document(doc)}
    for item in items:
        for s in item["expected_sources"]:  # a heading-only ref is reached through its sub-items
            assert any(src == s["source"] and ref_matches(ref, s["ref"]) for src, ref in refs), (item["id"], s)


def test_task_questions_cover_every_row_of_every_task_table(items, parsed):
    asked = {(s["source"], s["ref"]) for i in items for s in i["expected_sources"] if i["type"].startswith("task_")}
    rows = {(src, f"task:{t.number}") for src, doc in parsed.items() for t in doc.tasks}
    assert rows <= asked


def test_questions_paraphrase_rather_than_copy_the_task_text(items, parsed):
    tasks = {(src, f"task:{t.number}"): t.task for src, doc in parsed.items() for t in doc.tasks}
    for item in items:
        for s in item["expected_sources"]:
            text = tasks.get((s["source"], s["ref"]))
            if text and len(text) > 40:
                assert normalize(text) not in normalize(item["question"]), item["id"]


def test_unaccented_questions_have_no_diacritics(items):
    for item in items:
        if item["type"] == "no_diacritics":
            assert strip_accents(item["question"]) == item["question"], item["id"]


def test_corpus_questions_are_built_from_the_hand_read_expectations():
    """eval.corpus_qa asks who leads / by when for every task an expectation file records."""
    from eval.corpus_qa import items
    from eval.parse_check import EXPECTED_DIR
    import json
    recorded = [t for p in EXPECTED_DIR.glob("*.json") for t in json.loads(p.read_text(encoding="utf-8")).get("tasks") or []]
    questions = items()
    assert len([q for q in questions if q["type"] == "task_lead"]) == len([t for t in recorded if t.get("lead")])
    assert len([q for q in questions if q["type"] == "task_deadline"]) == len([t for t in recorded if t.get("deadline")])
    assert all(q["expected_facts"] and q["expected_sources"] and q["question"].endswith("?") for q in questions)
