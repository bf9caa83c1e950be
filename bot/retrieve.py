"""Hybrid retrieval: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank, with filters.

Both sides see the same filters (province, plan, lead agency, deadline years), near-identical hits
from one plan are collapsed, and the result is offered as a LangChain `BaseRetriever` too.
"""
from __future__ import annotations

import math
import re
import threading
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from core.text import agency_key, fold, syllables, toned_syllables
from core.types import Chunk, Filters
from ingest.index import PlanIndex
from ingest.lexical import LexicalIndex

RRF_K = 60
COVERAGE_WEIGHT = 0.05  # reciprocal-rank scores are ~0.01–0.03, so full phrase coverage dominates ties
_ACCENTED_WORD = re.compile(r"[^\W_]+")


def where_clause(filters: Filters | None, kinds: list[str] | None = None,
                 localities: set[str] | frozenset[str] = frozenset()) -> dict | None:
    """Chroma `where` for the filters.

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
    if f.year_from is not None:
        parts.append({"deadline_year": {"$gte": f.year_from}})
    if f.year_to is not None:
        parts.append({"deadline_year": {"$lte": f.year_to}})
    if kinds:
        parts.append({"kind": {"$in": kinds}})
    return None if not parts else parts[0] if len(parts) == 1 else {"$and": parts}


@lru_cache(maxsize=200_000)
def _fold_word(word: str) -> str:
    return fold(word)


class Corpus:
    """Token lists, inverse document frequencies and accent forms of the indexed chunks."""

    def __init__(self, chunks: list[Chunk]):
        self.tokens = {c.id: syllables(c.text) for c in chunks}
        self.toned = {c.id: toned_syllables(c.text) for c in chunks}
        self.df = Counter(t for cid in self.tokens for t in set(self.tokens[cid]) | set(self.toned[cid]))
        self.n = max(len(chunks), 1)
        self.forms: defaultdict[str, Counter] = defaultdict(Counter)
        for c in chunks:
            words = _ACCENTED_WORD.findall(c.text.lower())
            folded = [_fold_word(w) for w in words]
            grams = list(zip(words, folded)) + [(f"{a} {b}", f"{fa} {fb}") for a, b, fa, fb
                                                in zip(words, words[1:], folded, folded[1:])]
            for gram, key in grams:
                self.forms[key][gram] += 1

    def tokens_of(self, chunk_id: str, accented: bool) -> list[str]:
        return (self.toned if accented else self.tokens).get(chunk_id, [])

    def idf(self, token: str) -> float:
        return math.log(1 + self.n / (1 + self.df.get(token, 0)))

    def restore_accents(self, text: str) -> str:
        """'cap cuu ngoai vien' → 'cấp cứu ngoại viện' using the plans' own most frequent spellings,
        so a question typed without diacritics embeds like an accented one."""
        if fold(text) != re.sub(r"\s+", " ", text.lower()).strip():
            return text  # already has diacritics
        words, out, i = text.lower().split(), [], 0
        while i < len(words):
            pair = fold(" ".join(words[i:i + 2])) if i + 1 < len(words) else ""
            if pair in self.forms:
                out.append(self.forms[pair].most_common(1)[0][0])
                i += 2
                continue
            key = fold(words[i])
            out.append(self.forms[key].most_common(1)[0][0] if key in self.forms else words[i])
            i += 1
        return " ".join(out)


class HybridSearch:
    def __init__(self, index: PlanIndex, lexical_cache: Path | None = None):
        self.index = index
        self._lexical_cache = lexical_cache
        self._lock = threading.RLock()
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the lexical side and the corpus statistics after the index changed."""
        with self._lock:
            chunks = self.index.all_chunks()
            self.chunks = {c.id: c for c in chunks}
            self.lexical = LexicalIndex.build(chunks, self._lexical_cache)
            self.corpus = Corpus(chunks)
            self.localities = {c.metadata.get("locality_key", "") for c in chunks}

    def ids_where(self, where: dict | None) -> set[str] | None:
        if where is None:
            return None
        return set(self.index.collection.get(where=where, include=[])["ids"])

    def search(self, query: str, k: int = 5, filters: Filters | None = None, depth: int = 40,
               kinds: list[str] | None = None, lexical_query: str | None = None) -> list[tuple[Chunk, float]]:
        """Concurrent searches run side by side on a snapshot; only refresh() swaps it."""
        with self._lock:
            chunks, lexical, corpus, localities = self.chunks, self.lexical, self.corpus, self.localities
        where = where_clause(filters, kinds, localities)
        allowed = self.ids_where(where)
        if allowed is not None and not allowed:
            return []
        dense = self.index.dense_search(corpus.restore_accents(query), k=depth, where=where)
        lexed = lexical.search(lexical_query or query, k=depth, allowed=allowed)
        fused = _fuse([[c.id for c, _ in dense], [cid for cid, _ in lexed]])
        hits = _rerank([(chunks[cid], score) for cid, score in fused if cid in chunks], lexical_query or query,
                       corpus)
        return dedupe(hits, corpus)[:k]

def _rerank(hits: list[tuple[Chunk, float]], query: str, corpus: Corpus) -> list[tuple[Chunk, float]]:
    """Lift hits that contain the query's words together (phrase coverage) above loose matches."""
    from bot.query import topic_terms
    from bot.relevance import coverage
    topic, pairs = topic_terms(fold(query))
    if not topic:
        return hits
    boosted = [(c, s + COVERAGE_WEIGHT * coverage(topic, corpus.tokens.get(c.id, []), corpus, pairs))
               for c, s in hits]
    return sorted(boosted, key=lambda cs: cs[1], reverse=True)


def _fuse(rankings: list[list[str]]) -> list[tuple[str, float]]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, cid in enumerate(ranking):
            scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)


def dedupe(hits: list[tuple[Chunk, float]], corpus: Corpus, threshold: float = 0.9) -> list[tuple[Chunk, float]]:
    """Drop a hit whose words nearly equal a better hit's from the same plan (repeated passages)."""
    kept: list[tuple[Chunk, float]] = []
    for chunk, score in hits:
        words = set(corpus.tokens.get(chunk.id) or syllables(chunk.text))
        if not any(c.source == chunk.source and _jaccard(words, set(corpus.tokens.get(c.id, []))) >= threshold
                   for c, _ in kept):
            kept.append((chunk, score))
    return kept


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
