"""BM25 over Vietnamese word-segmented, accent-stripped text, derived from the Chroma chunks.

Passages are indexed as accent-free syllables plus pyvi's compound words ('cấp_cứu' → 'cap_cuu');
queries add adjacent syllable pairs, so a question typed without diacritics still hits compounds.
The index is rebuilt from Chroma's contents and cached on disk by the set of chunk ids, so it can
never disagree with the vector index.
"""
from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import bm25s
import numpy as np

from core.text import content_hash, fold, nfc
from core.types import Chunk

_WORD = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")


def _segment(text: str) -> str:
    from pyvi import ViTokenizer
    return ViTokenizer.tokenize(nfc(text))


def tokenize_passage(text: str) -> list[str]:
    syllables = _WORD.findall(fold(text).replace("_", " "))
    compounds = [w for w in _WORD.findall(fold(_segment(text))) if "_" in w]
    return syllables + compounds


def tokenize_query(text: str) -> list[str]:
    syllables = _WORD.findall(fold(text).replace("_", " "))
    pairs = [f"{a}_{b}" for a, b in zip(syllables, syllables[1:])]
    return syllables + pairs


class LexicalIndex:
    def __init__(self, ids: list[str], model: bm25s.BM25 | None):
        self.ids, self.model = ids, model

    @classmethod
    def build(cls, chunks: list[Chunk], cache_dir: Path | None = None) -> "LexicalIndex":
        ids = sorted(c.id for c in chunks)
        if not ids:
            return cls([], None)
        folder = Path(cache_dir) / f"bm25-{content_hash(*ids)}" if cache_dir else None
        if folder and (folder / "ids.json").exists():
            return cls(json.loads((folder / "ids.json").read_text()), bm25s.BM25.load(str(folder)))
        try:
            tokens = _tokens(chunks, Path(cache_dir) / "tokens.sqlite" if cache_dir else None)
        except (OSError, sqlite3.Error):  # a cache only saves time (full disk, read-only folder)
            tokens = _tokens(chunks, None)
        model = bm25s.BM25()
        model.index([tokens[i] for i in ids], show_progress=False)
        if folder:
            try:
                _save(folder, ids, model)
            except OSError:
                shutil.rmtree(folder, ignore_errors=True)  # never leave half a saved model to be loaded
        return cls(ids, model)

    def search(self, query: str, k: int = 10, keep: Callable[[str], bool] | None = None) -> list[tuple[str, float]]:
        """The k best-scoring chunks that `keep` accepts; scores come as one array, so a filter
        costs only the candidates looked at, not a list of every chunk."""
        if not self.model:
            return []
        tokens = [t for t in tokenize_query(query) if t in self.model.vocab_dict]
        if not tokens:
            return []
        scores = self.model.get_scores(tokens)
        candidates = np.flatnonzero(scores > 0)
        hits: list[tuple[str, float]] = []
        for d in candidates[np.argsort(-scores[candidates], kind="stable")]:
            if keep is None or keep(self.ids[d]):
                hits.append((self.ids[d], float(scores[d])))
                if len(hits) == k:
                    break
        return hits


def _tokens(chunks: list[Chunk], path: Path | None) -> dict[str, list[str]]:
    """Word segmentation is the slow part of a rebuild, so each chunk's tokens are kept by its
    content-hash id: after one plan changes, only that plan's chunks are segmented again."""
    if path is None:
        return {c.id: tokenize_passage(c.text) for c in chunks}
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(str(path)) as db:
        db.execute("CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, words TEXT)")
        known: dict[str, list[str]] = {}
        ids = [c.id for c in chunks]
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            rows = db.execute(f"SELECT id, words FROM tokens WHERE id IN ({','.join('?' * len(part))})", part)
            known.update({i: json.loads(w) for i, w in rows})
        fresh = {c.id: tokenize_passage(c.text) for c in chunks if c.id not in known}
        db.executemany("INSERT OR REPLACE INTO tokens VALUES (?, ?)",
                       [(i, json.dumps(t, ensure_ascii=False)) for i, t in fresh.items()])
    return known | fresh


def _save(folder: Path, ids: list[str], model: bm25s.BM25) -> None:
    for old in folder.parent.glob("bm25-*"):
        shutil.rmtree(old, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    model.save(str(folder))
    (folder / "ids.json").write_text(json.dumps(ids))
