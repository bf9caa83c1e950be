"""Ingest throughput of the bundled plans, with a cold and a warm embedding cache, and peak memory.
Prints a table; asserts nothing.   .venv/bin/python bench/bench_ingest.py
"""
from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from core.settings import PROJECT_ROOT, Settings
    from ingest.index import open_index
    from ingest.lexical import LexicalIndex
    from ingest.pipeline import ingest_paths
    plans = PROJECT_ROOT / "data" / "plans"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        for label, index_dir in (("cold cache", "a"), ("warm cache", "b"), ("re-ingest (no change)", "b")):
            settings = Settings(index_dir=Path(tmp) / index_dir, cache_dir=cache, show_progress=False)
            index = open_index(settings)
            start = time.perf_counter()
            report = ingest_paths([plans], index, settings)
            seconds = time.perf_counter() - start
            chunks = sum(r.chunks for r in report.rows)
            rows.append((label, chunks, report.embedded, seconds))
        start = time.perf_counter()
        LexicalIndex.build(index.all_chunks())
        lexical = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'run':24} {'chunks':>7} {'embedded':>9} {'seconds':>8} {'chunks/s':>9}")
    for label, chunks, embedded, seconds in rows:
        print(f"{label:24} {chunks:>7} {embedded:>9} {seconds:>8.1f} {chunks / seconds:>9.1f}")
    print(f"BM25 build (pyvi segmentation) over {chunks} chunks: {lexical:.1f} s")
    print(f"peak memory (RSS): {peak:.0f} MiB")


if __name__ == "__main__":
    main()
