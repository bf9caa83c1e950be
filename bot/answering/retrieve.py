"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank, with filters.

Both sides see the same filters (province, plan, lead agency, deadline years), near-identical hits
from one plan are collapsed, and the result is offered as a LangChain `BaseRetriever` too.
"""
from __future__ import annotations

import gc
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from bot.answering import snapshot
from bot.answering.corpus import Corpus
from bot.answering.metadata_filter import MetadataIndex
from bot.answering.query import topic_terms
from bot.answering.relevance import coverage
from core.text import agency_key, fold, syllables
from core.types import Chunk, Filters
from ingest.index import PlanIndex
from ingest.lexical import LexicalIndex

RRF_K = 60
COVERAGE_WEIGHT = 0.05  # reciprocal-rank scores are ~0.01–0.03, so full phrase coverage dominates ties


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with the signals the answer decision weighs (bot/answering/features.py)."""
    chunk: Chunk
    score: float  # fused rank score (reciprocal rank, lifted by phrase coverage)
    dense: float = 0.0  # cosine similarity of question and chunk


def where_clause(filters: Filters | None, localities: set[str] | frozenset[str] = frozenset()) -> dict | None:
    """Chroma `where` for the filters (chunk kinds are checked in memory, see HybridSearch.search).

    A place matches the plans issued by that place; only a province that issues no plan of its own
    matches the plans of its đặc khu/xã. The deadline year is the end year, or the start year if open."""
    f = filters or Filters()
    parts: list[dict] = []
    if f.province:
        key = fold(f.province)
        parts.append({"locality_key": key} if key in localities else {"province_key": key})
    if f.plan:
        parts.append({"$or": [{"source": f.plan}, {"plan_number": f.plan}]})
    if f.lead:
        parts.append({f"lead:{agency_key(f.lead)}": True})
    if f.coordinating:
        parts.append({f"coord:{agency_key(f.coordinating)}": True})
    if f.year_from is not None:
        parts.append({"deadline_year": {"$gte": f.year_from}})
    if f.year_to is not None:
        parts.append({"deadline_year": {"$lte": f.year_to}})
    if f.quarter is not None:
        parts.append({"deadline_quarter": f.quarter})
    return None if not parts else parts[0] if len(parts) == 1 else {"$and": parts}


class HybridSearch:
    def __init__(self, index: PlanIndex, lexical_cache: Path | None = None):
        self.index = index
        self._lexical_cache = lexical_cache
        self._lock = threading.RLock()
        self.chunks: dict[str, Chunk] = {}
        self.corpus = Corpus()
        self.lexical: LexicalIndex | None = None
        self._allowed: dict[str, frozenset[str]] = {}
        self.metadata = MetadataIndex({})
        self.saving: threading.Thread | None = None  # the snapshot being written, if any
        self.refresh()

    def refresh(self) -> None:
        """Bring the lexical side and the corpus statistics up to the index: at start from the saved
        snapshot when the index has not changed since (bot/answering/snapshot.py), else only the chunks added or
        removed since the last refresh are fetched and tokenised."""
        with self._lock:
            ids = self.index.ids()
            ids_key = snapshot.key(ids)
            if not self.chunks and self._lexical_cache and (saved := snapshot.load(self._lexical_cache, ids_key)):
                self._swap(*saved)
                return
            present = set(ids)
            removed = [c for cid, c in self.chunks.items() if cid not in present]
            added = self.index.get_chunks([cid for cid in ids if cid not in self.chunks])
            if not (added or removed) and self.lexical is not None:
                return
            gone = {c.id for c in removed}
            chunks = {cid: c for cid, c in self.chunks.items() if cid not in gone} | {c.id: c for c in added}
            self._swap(chunks, self.corpus.updated(added, removed))
            if self._lexical_cache:
                self.saving = snapshot.save_later(self._lexical_cache, ids_key, self.chunks, self.corpus)

    def _swap(self, chunks: dict[str, Chunk], corpus: Corpus) -> None:
        self.lexical = LexicalIndex.build(list(chunks.values()), self._lexical_cache)
        self.corpus, self.chunks, self._allowed, self.metadata = corpus, chunks, {}, MetadataIndex(chunks)
        settle_heap()
        self.localities = {c.metadata.get("locality_key", "") for c in chunks.values()}

    def ids_where(self, where: dict | None) -> frozenset[str] | None:
        """Ids passing a metadata filter, from the in-memory metadata index (bot/answering/metadata_filter.py),
        kept per filter until the next refresh."""
        if where is None:
            return None
        key = json.dumps(where, sort_keys=True, ensure_ascii=False)
        with self._lock:
            cache, metadata = self._allowed, self.metadata
        if key not in cache:
            if len(cache) >= 256:
                cache.clear()
            cache[key] = frozenset(metadata.ids(where))
        return cache[key]

    def chunks_where(self, filters: Filters | None, kinds: list[str]) -> list[Chunk]:
        """The chunks of these kinds that pass the filters, from memory (Chroma only names the ids)."""
        with self._lock:
            chunks, localities = self.chunks, self.localities
        allowed = self.ids_where(where_clause(filters, localities))
        return [c for cid, c in chunks.items() if c.kind in kinds and (allowed is None or cid in allowed)]

    def search(self, query: str, k: int = 5, filters: Filters | None = None, depth: int = 40,
               kinds: list[str] | None = None, lexical_query: str | None = None) -> list[tuple[Chunk, float]]:
        return [(h.chunk, h.score) for h in self.hits(query, k, filters, depth, kinds, lexical_query)]

    def hits(self, query: str, k: int = 5, filters: Filters | None = None, depth: int = 40,
             kinds: list[str] | None = None, lexical_query: str | None = None) -> list[Hit]:
        """Concurrent searches run side by side on a snapshot; only refresh() swaps it. Kinds are
        checked in memory: a kind filter in Chroma made every dense query scan the metadata."""
        with self._lock:
            chunks, lexical, corpus, localities = self.chunks, self.lexical, self.corpus, self.localities
        where = where_clause(filters, localities)
        allowed = self.ids_where(where)
        if allowed is not None and not allowed:
            return []

        def keep(cid: str) -> bool:
            return cid in chunks and (not kinds or chunks[cid].kind in kinds) and (allowed is None or cid in allowed)

        lexed = lexical.search(lexical_query or query, k=depth, keep=keep)
        dense = self.index.dense_search(corpus.restore_accents(query), k=depth + 10, where=where,
                                        also=[cid for cid, _ in lexed])
        fused = _fuse([[c.id for c, _ in dense if keep(c.id)][:depth], [cid for cid, _ in lexed]])
        ranked = dedupe(_rerank([(chunks[cid], score) for cid, score in fused], lexical_query or query, corpus),
                        corpus)[:k]
        cosine = {c.id: s for c, s in dense}
        return [Hit(c, s, cosine.get(c.id, 0.0)) for c, s in ranked]


def settle_heap() -> None:
    """Move what is alive now (the index's chunks, word lists and statistics: millions of objects at
    1,000 plans) out of the garbage collector's view. Each full collection walked all of them, a
    300 ms pause in every few list answers that frees nothing (the slowest list question at 1,000 plans:
    316-358 ms → 94-153 ms; with the in-memory filters, bench_answer --lists p95 362 → 103 ms). What a
    later refresh drops is first handed back to the collector."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _rerank(hits: list[tuple[Chunk, float]], query: str, corpus: Corpus) -> list[tuple[Chunk, float]]:
    """Lift hits that contain the query's words together (phrase coverage) above loose matches."""
    topic, pairs = topic_terms(fold(query))
    if not topic:
        return hits
    boosted = [(c, s + COVERAGE_WEIGHT * coverage(topic, corpus.tokens_of(c.id, False), corpus, pairs))
               for c, s in hits]
    return sorted(boosted, key=lambda cs: cs[1], reverse=True)


def _fuse(rankings: list[list[str]]) -> list[tuple[str, float]]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(ranking):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)


def dedupe(hits: list[tuple[Chunk, float]], corpus: Corpus, threshold: float = 0.9) -> list[tuple[Chunk, float]]:
    """Drop a hit whose words nearly equal a better hit's from the same plan (repeated passages).
    When the pair is a heading's gathered passage and one of its items, the item stays, at the
    better score: it carries the finer ref to cite."""
    kept: list[tuple[Chunk, float]] = []
    kept_words: list[set[str]] = []  # each kept hit's words, read once (pairs were re-read: ~20 ms an answer)
    for chunk, score in hits:
        words = set(corpus.tokens_of(chunk.id, False) or syllables(chunk.text))
        twin = next((i for i, (c, _) in enumerate(kept) if c.source == chunk.source
                     and _near(words, kept_words[i], threshold)), None)
        if twin is None:
            kept.append((chunk, score))
            kept_words.append(set(corpus.tokens_of(chunk.id, False)))  # as a kept hit is compared
        elif _finer(chunk, kept[twin][0]):
            kept[twin] = (chunk, kept[twin][1])
            kept_words[twin] = set(corpus.tokens_of(chunk.id, False))
    return kept


def _near(a: set[str], b: set[str], threshold: float) -> bool:
    """Jaccard at least `threshold`; two sets whose sizes differ more than it allows are not compared
    (|a & b| <= min size and |a | b| >= max size bound it)."""
    small, large = sorted((len(a), len(b)))
    return bool(large) and small >= threshold * large - 1e-9 and _jaccard(a, b) >= threshold


def _finer(chunk: Chunk, than: Chunk) -> bool:
    """A section item under the other hit's heading ('III/2/ê' under 'III/2')."""
    return chunk.kind == than.kind == "section" and chunk.ref.startswith(than.ref + "/")


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


class PlanRetriever(BaseRetriever):
    """LangChain face of the hybrid search; filters are fixed per retriever instance."""
    search: HybridSearch
    k: int = 8
    filters: Filters | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [Document(page_content=c.text, metadata={**c.metadata, "id": c.id, "score": s})
                for c, s in self.search.search(query, k=self.k, filters=self.filters)]
