"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank."""
from __future__ import annotations

from pathlib import Path

from core.types import Chunk
from ingest.index import PlanIndex
from ingest.lexical import LexicalIndex

RRF_K = 60


class HybridSearch:
    def __init__(self, index: PlanIndex, lexical_cache: Path | None = None):
        self.index = index
        self._lexical_cache = lexical_cache
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the lexical side after the index changed."""
        self._chunks = {c.id: c for c in self.index.all_chunks()}
        self.lexical = LexicalIndex.build(list(self._chunks.values()), self._lexical_cache)

    def search(self, query: str, k: int = 5, depth: int = 30) -> list[tuple[Chunk, float]]:
        dense = self.index.dense_search(query, k=depth)
        lexical = self.lexical.search(query, k=depth)
        scores: dict[str, float] = {}
        for rank, (chunk, _) in enumerate(dense):
            scores[chunk.id] = scores.get(chunk.id, 0.0) + 1.0 / (RRF_K + rank + 1)
        for rank, (cid, _) in enumerate(lexical):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
        best = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:k]
        return [(self._chunks[cid], score) for cid, score in best if cid in self._chunks]
