"""Retrieval state kept up to date by difference: it must equal what a full rebuild gives."""
import pytest

from bot.answering.corpus import Corpus
from bot.answering.retrieve import HybridSearch, dedupe
from core.settings import Settings
from core.types import Chunk
from ingest.index import open_index
from ingest.pipeline import ingest_paths
from tests.conftest import KIEN_GIANG, KIEN_HAI, NGHE_AN, PLANS_DIR


def chunk(i: int, text: str) -> Chunk:
    return Chunk(id=f"c{i}", source="p.txt", ref=f"task:{i}", kind="task", text=text)


def state(corpus: Corpus) -> tuple:
    words = {cid: (corpus.tokens_of(cid, False), corpus.tokens_of(cid, True)) for cid in corpus.texts}
    return words, dict(corpus.df), {k: dict(v) for k, v in corpus.forms.items()}, corpus.n


@pytest.mark.unit
def test_corpus_update_equals_a_rebuild_and_leaves_the_old_one_alone():
    a, b, c = chunk(1, "Sở Y tế chủ trì cấp cứu"), chunk(2, "Sở Tài chính bảo đảm kinh phí"), chunk(3, "sở y tế khoẻ")
    old = Corpus([a, b])
    before = state(old)
    new = old.updated(added=[c], removed=[b])
    assert state(new) == state(Corpus([a, c]))
    assert state(old) == before  # searches running on the old snapshot see no change
    assert "tai" not in new.df and "so tai" not in new.forms and new.forms["so y"] == {"sở y": 2}
    assert new.restore_accents("so y te") == "sở y tế"


@pytest.mark.integration
def test_refresh_after_adding_and_removing_plans_equals_a_fresh_search(tmp_path, test_settings, indexed):
    settings = Settings(index_dir=tmp_path / "index", cache_dir=test_settings.cache_dir, show_progress=False)
    index = open_index(settings)
    ingest_paths([PLANS_DIR / KIEN_HAI, PLANS_DIR / NGHE_AN], index, settings)
    search = HybridSearch(index, tmp_path / "lexical")
    ingest_paths([PLANS_DIR / KIEN_GIANG], index, settings)
    index.remove_source(NGHE_AN)
    search.refresh()
    fresh = HybridSearch(index, tmp_path / "lexical-fresh")
    assert search.chunks.keys() == fresh.chunks.keys() and state(search.corpus) == state(fresh.corpus)
    assert {c.source for c in search.chunks.values()} == {KIEN_HAI, KIEN_GIANG}
    query = "đề án cấp cứu ngoại viện"
    assert [(c.id, round(s, 6)) for c, s in search.search(query)] == [(c.id, round(s, 6)) for c, s in fresh.search(query)]


@pytest.mark.unit
def test_a_half_accented_question_gets_its_bare_words_restored_and_keeps_the_rest():
    corpus = Corpus([chunk(1, "Sở Y tế chủ trì Đề án cấp cứu ngoại viện ở An Giang")])
    assert corpus.restore_accents("Ai chủ trì de an cap cuu ngoai vien") == "Ai chủ trì đề án cấp cứu ngoại viện"
    assert corpus.restore_accents("Ai chủ trì đề án cấp cứu ở An Giang") == "Ai chủ trì đề án cấp cứu ở An Giang"
    assert corpus.restore_accents("cap cuu ngoai vien o an giang") == "cấp cứu ngoại viện ở an giang"


@pytest.mark.integration
def test_a_restart_loads_the_snapshot_and_a_changed_index_rebuilds_it(tmp_path, test_settings, indexed, monkeypatch):
    settings = Settings(index_dir=tmp_path / "index", cache_dir=test_settings.cache_dir, show_progress=False)
    index = open_index(settings)
    ingest_paths([PLANS_DIR / KIEN_HAI, PLANS_DIR / NGHE_AN], index, settings)
    first = HybridSearch(index, tmp_path / "lexical")
    first.saving.join()
    reads = []
    monkeypatch.setattr(index, "get_chunks", lambda ids: reads.append(len(ids)) or [])
    again = HybridSearch(index, tmp_path / "lexical")  # a restart: nothing read back from Chroma
    assert reads == [] and again.chunks.keys() == first.chunks.keys() and state(again.corpus) == state(first.corpus)
    query = "đề án cấp cứu ngoại viện"
    assert [c.id for c, _ in again.search(query)] == [c.id for c, _ in first.search(query)]
    monkeypatch.undo()
    ingest_paths([PLANS_DIR / KIEN_GIANG], index, settings)  # e.g. `planbot ingest` in another process
    changed = HybridSearch(index, tmp_path / "lexical")
    assert {c.source for c in changed.chunks.values()} == {KIEN_HAI, NGHE_AN, KIEN_GIANG}


@pytest.mark.unit
def test_near_duplicates_keep_the_finer_item_at_the_better_score():
    text = "Đầu tư 06 bệnh viện đa khoa khu vực và 102 trạm y tế xã, phường, đặc khu phục vụ Nhân dân"
    parent = Chunk(id="p", source="p.txt", ref="section:III/2", kind="section", text="2. Nâng cao năng lực\n" + text)
    item = Chunk(id="i", source="p.txt", ref="section:III/2/ê", kind="section", text=text)
    other = Chunk(id="o", source="q.txt", ref="section:III/2/ê", kind="section", text=text)
    corpus = Corpus([parent, item, other])
    kept = dedupe([(parent, 0.9), (item, 0.5), (other, 0.4)], corpus, threshold=0.8)
    assert [(c.id, s) for c, s in kept] == [("i", 0.9), ("o", 0.4)]  # another plan's copy is not a duplicate
    assert [c.id for c, _ in dedupe([(item, 0.9), (parent, 0.5)], corpus, threshold=0.8)] == ["i"]
