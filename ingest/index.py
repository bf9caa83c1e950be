"""The persistent Chroma collection of chunks: replace one plan's chunks at a time, by content hash.

Writes happen only after a plan was fully read, parsed and embedded, and new chunks are added
before stale ones are deleted, so a failure never leaves a plan missing from the index.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api.shared_system_client import SharedSystemClient
from chromadb.config import Settings as ChromaSettings

from core.errors import storage_error
from core.types import Chunk
from ingest.embed import CachedEmbeddings

_lock = threading.RLock()
PAGE = 5000  # rows per Chroma read: one unbounded get fails past ~32k chunks ('too many SQL variables')


@dataclass
class ReplaceResult:
    added: int
    removed: int
    unchanged: int
    embedded: int = 0  # vectors computed now
    cached: int = 0  # vectors of new chunks found in the embedding cache


def open_client(index_dir: Path, chroma_url: str = "", fresh: bool = False) -> chromadb.ClientAPI:
    """Embedded Chroma on disk by default; a Chroma server when several app processes share an index.
    `fresh`: read the files as they are now. An embedded client keeps the vector graph it loaded, and
    Chroma shares one per folder in a process, so after a write by another process (`planbot ingest`)
    it returned removed chunks without their rows and never the added ones (issue 24 item 4: 841 of
    2,032 asks failed). Clients opened before keep their own state until nothing uses them."""
    where = chroma_url or str(index_dir)
    try:
        if chroma_url:
            url = urlparse(chroma_url)
            return chromadb.HttpClient(host=url.hostname or "127.0.0.1", port=url.port or 8000,
                                       ssl=url.scheme == "https", settings=ChromaSettings(anonymized_telemetry=False))
        Path(index_dir).mkdir(parents=True, exist_ok=True)
        path = str(Path(index_dir) / "chroma")
        if fresh:  # Chroma has no public way to open a folder anew in the same process
            SharedSystemClient._identifier_to_system.pop(path, None)
            SharedSystemClient._identifier_to_refcount.pop(path, None)
        return chromadb.PersistentClient(path=path, settings=ChromaSettings(anonymized_telemetry=False))
    except Exception as err:  # Chroma raises its own error types (and ValueError) for every cause
        raise storage_error(err, f"Không mở được chỉ mục '{where}'", f"Cannot open the index '{where}'") from err


# One thread builds the graph, so the same chunks in the same order give the same graph and the same
# ranking (with the default, one index build in four ranked a near tie differently: dev hit@1 0.8785
# vs 0.8826); a wider search keeps near ties in the candidate list. Both apply to new collections.
HNSW_DETERMINISTIC = {"num_threads": 1, "ef_search": 200}


class PlanIndex:
    def __init__(self, client: chromadb.ClientAPI, embeddings: CachedEmbeddings, prefix: str = "plans"):
        self.embeddings = embeddings
        # embedding_function=None: Chroma's default would download a model from the internet.
        self.collection = client.get_or_create_collection(
            name=f"{prefix}_{embeddings.model_id}"[:63], embedding_function=None,
            configuration={"hnsw": {"space": "cosine", **HNSW_DETERMINISTIC}},
            metadata={"embedding_model": embeddings.model_id})

    def ids_of(self, source: str) -> set[str]:
        return set(self.collection.get(where={"source": source}, include=[])["ids"])

    def replace_source(self, source: str, chunks: list[Chunk],
                       progress: Callable[[int], None] | None = None) -> ReplaceResult:
        with _lock:
            old = self.ids_of(source)
            new = [c for c in chunks if c.id not in old]
            stale = old - {c.id for c in chunks}
            if progress:
                progress(len(chunks) - len(new))
            vectors = self.embeddings.embed_documents([c.text for c in new], progress=progress) if new else []
            added: list[str] = []
            try:
                for start in range(0, len(new), 1000):
                    part = new[start:start + 1000]
                    self.collection.add(ids=[c.id for c in part], documents=[c.text for c in part],
                                        metadatas=[c.metadata for c in part],
                                        embeddings=vectors[start:start + 1000])
                    added += [c.id for c in part]
                if stale:
                    self.collection.delete(ids=list(stale))
            except Exception as err:  # the plan stays as it was: what this call added is taken out again
                raise storage_error(err, f"Không ghi được kế hoạch '{source}' vào chỉ mục",
                                    f"Could not write the plan '{source}' to the index",
                                    undone=self._undo(added), file=source) from err
            embedded, cached = (self.embeddings.last_computed, self.embeddings.last_cached) if new else (0, 0)
            return ReplaceResult(len(new), len(stale), len(chunks) - len(new), embedded, cached)

    def _undo(self, added: list[str]) -> bool:
        """Take out chunks added by a write that then failed; False when even that failed."""
        try:
            if added:
                self.collection.delete(ids=added)
            return True
        except Exception:
            return False

    def remove_source(self, source: str) -> int:
        with _lock:
            ids = self.ids_of(source)
            try:
                if ids:
                    self.collection.delete(ids=list(ids))
            except Exception as err:  # one delete is one database transaction: all or nothing
                raise storage_error(err, f"Không xoá được kế hoạch '{source}' khỏi chỉ mục",
                                    f"Could not remove the plan '{source}' from the index", file=source) from err
            return len(ids)

    def count(self) -> int:
        return self.collection.count()

    def all_chunks(self, where: dict | None = None) -> list[Chunk]:
        """Fetched PAGE rows at a time (an unbounded read failed at 1,000 plans)."""
        found: list[Chunk] = []
        while True:
            got = _chunks(self.collection.get(where=where, include=["documents", "metadatas"],
                                              limit=PAGE, offset=len(found)))
            found += got
            if len(got) < PAGE:
                return found

    def ids(self) -> list[str]:
        """Every chunk id, in the collection's order (cheap: no documents or metadata)."""
        return self.collection.get(include=[])["ids"]

    def get_chunks(self, ids: list[str]) -> list[Chunk]:
        """The chunks with these ids, in the collection's order, fetched in batches."""
        if len(ids) == self.count():
            return self.all_chunks()
        found: list[Chunk] = []
        for start in range(0, len(ids), PAGE):
            found += _chunks(self.collection.get(ids=ids[start:start + PAGE], include=["documents", "metadatas"]))
        return found

    def sources(self) -> list[str]:
        return sorted({c.source for c in self.all_chunks(where={"kind": "document"})})

    def dense_search(self, query: str, k: int = 10, where: dict | None = None,
                     also: list[str] | tuple[str, ...] = ()) -> list[tuple[Chunk, float]]:
        """Nearest chunks by cosine; `also` (e.g. the lexical hits) are scored exactly too, so a
        chunk the approximate graph missed still gets its true place (it once dropped a top-3 row)."""
        total = self.count()
        if total == 0:
            return []
        vector = self.embeddings.embed_query(query)
        res = self.collection.query(query_embeddings=[vector], n_results=min(k, total), where=where,
                                    include=["documents", "metadatas", "distances"])
        hits = [(_chunk(i, d, m), 1.0 - dist)  # no row: removed by another process since the graph was loaded
                for i, d, m, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0])
                if m is not None]
        found = set(res["ids"][0])
        missed = [cid for cid in dict.fromkeys(also) if cid not in found]
        return sorted(hits + self._exact(vector, missed), key=lambda cs: cs[1], reverse=True)

    def _exact(self, vector: list[float], ids: list[str]) -> list[tuple[Chunk, float]]:
        if not ids:
            return []
        got = self.collection.get(ids=ids, include=["documents", "metadatas", "embeddings"])
        if not got["ids"]:  # removed since the caller's snapshot named them (a writer ran): nothing to score
            return []
        q = np.asarray(vector, dtype=float)
        rows = np.asarray(got["embeddings"], dtype=float).reshape(len(got["ids"]), -1)
        norms = np.linalg.norm(rows, axis=1) * np.linalg.norm(q)
        return [(c, float(s / n) if n else 0.0) for c, s, n in zip(_chunks(got), rows @ q, norms)]


def _chunk(chunk_id: str, text: str, meta: dict) -> Chunk:
    return Chunk(id=chunk_id, source=meta["source"], ref=meta["ref"], kind=meta["kind"], text=text, metadata=meta)


def _chunks(got: dict) -> list[Chunk]:
    return [_chunk(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]


def open_index(settings, embeddings: CachedEmbeddings | None = None, fresh: bool = False) -> PlanIndex:
    from ingest.embed import make_embeddings
    return PlanIndex(open_client(settings.index_dir, settings.chroma_url, fresh), embeddings or make_embeddings(settings),
                     settings.collection)
