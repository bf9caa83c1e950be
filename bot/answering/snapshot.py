"""What start-up rebuilds from the index — the chunk table and the corpus statistics — kept on disk.

At 1,000 plans a start read 87,000 chunks back from Chroma (26 s) and recounted the corpus (42 s).
The snapshot is written after the search state was built or changed, and loaded at the next start
when the index holds exactly the same chunks: its key hashes every chunk id, and a chunk id hashes the
chunk's text and metadata, so any change made by any process (ingest, removal, another server) makes
it stale and it is rebuilt. It is a pickle in the index folder, trusted like Chroma's own files there;
writing it is best effort (a full disk only costs the next start its time).
"""
from __future__ import annotations

import pickle
import threading
from pathlib import Path

from bot.answering.corpus import Corpus
from core.errors import warn
from core.text import content_hash
from core.types import Chunk

FORMAT = 2  # raise when what is saved changes shape or how its words are read (2: hằng/hàng one syllable)
_FILE = "snapshot.pkl"
_writing = threading.Lock()


def key(ids: list[str]) -> str:
    return content_hash(str(FORMAT), *sorted(ids))


def load(folder: Path, wanted: str) -> tuple[dict[str, Chunk], Corpus] | None:
    try:
        with (Path(folder) / _FILE).open("rb") as fh:
            saved = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None
    if saved.get("key") != wanted:
        return None
    chunks = {row[0]: Chunk.model_construct(id=row[0], source=row[1], ref=row[2], kind=row[3], text=row[4],
                                            metadata=row[5]) for row in saved["chunks"]}
    corpus = Corpus()
    corpus.texts, corpus.df, corpus.forms = {cid: c.text for cid, c in chunks.items()}, saved["df"], saved["forms"]
    return chunks, corpus


def save_later(folder: Path, ids_key: str, chunks: dict[str, Chunk], corpus: Corpus) -> threading.Thread:
    """Write in a background thread (seconds at 1,000 plans); the objects are never changed in place.
    Not a daemon: a short-lived command finishes writing it before it exits, instead of leaving half a file."""
    thread = threading.Thread(target=_save, args=(Path(folder), ids_key, chunks, corpus), daemon=False)
    thread.start()
    return thread


def _save(folder: Path, ids_key: str, chunks: dict[str, Chunk], corpus: Corpus) -> None:
    with _writing:  # one at a time in this process; the newest state is written last
        _write(folder, ids_key, chunks, corpus)


def _write(folder: Path, ids_key: str, chunks: dict[str, Chunk], corpus: Corpus) -> None:
    rows = [(c.id, c.source, c.ref, c.kind, c.text, c.metadata) for c in chunks.values()]
    tmp = folder / f"{_FILE}.{threading.get_ident()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(f"{_FILE}.*.tmp"):  # left by a process that was killed while writing
            old.unlink(missing_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump({"key": ids_key, "chunks": rows, "df": corpus.df, "forms": corpus.forms}, fh,
                        protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(folder / _FILE)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        warn(f"không lưu được ảnh chụp khởi động ({err}) / could not save the start-up snapshot")
