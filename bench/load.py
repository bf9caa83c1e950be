"""Bounded load test on loopback: N concurrent clients ask /ask for D seconds (and at most R requests),
optionally while a plan is re-ingested. Prints latency percentiles and errors; stops by itself.

    .venv/bin/python bench/load.py [--clients 20] [--seconds 60] [--max-requests 5000] [--ingest]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUESTIONS = ["Ai chủ trì đề án cấp cứu ngoại viện và hạn khi nào?", "ai chu tri de an du lich y te o an giang",
             "Sở Y tế chủ trì những nhiệm vụ nào hạn năm 2026 ở An Giang?", "Ai ký kế hoạch 186/KH-UBND?",
             "Số bác sĩ trên 10.000 dân năm 2030 của Kiên Giang là bao nhiêu?", "Ở Hà Nội ai chủ trì đề án?"]


def run_load(url: str, clients: int, seconds: float, max_requests: int) -> dict:
    import httpx
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.time() + seconds

    def client(n: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            i = n
            while time.time() < stop_at:
                with lock:
                    if len(latencies) + len(errors) >= max_requests:
                        return
                start = time.perf_counter()
                try:
                    r = http.post("/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
                    ok = r.status_code == 200 and "answer" in r.json()
                except httpx.HTTPError as exc:
                    ok, r = False, exc
                with lock:
                    (latencies.append((time.perf_counter() - start) * 1000) if ok else errors.append(str(r)))
                i += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ordered = sorted(latencies) or [0.0]
    pct = lambda p: ordered[min(len(ordered) - 1, int(p / 100 * (len(ordered) - 1)))]  # noqa: E731
    return {"requests": len(latencies), "errors": len(errors), "p50_ms": round(pct(50), 1),
            "p95_ms": round(pct(95), 1), "mean_ms": round(statistics.mean(ordered), 1),
            "rps": round(len(latencies) / seconds, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument("--ingest", action="store_true", help="re-ingest the bundled plans during the load")
    args = parser.parse_args()
    from bot.api import create_api
    from bot.service import Planbot
    from core.settings import get_settings
    from tests.bot.server import serving
    bot = Planbot(get_settings())
    bot.ingest([bot.settings.plans_dir])
    before = bot.index.count()
    with serving(create_api(bot)) as url:
        ingester = threading.Thread(target=lambda: bot.ingest([bot.settings.plans_dir])) if args.ingest else None
        if ingester:
            ingester.start()
        result = run_load(url, args.clients, args.seconds, args.max_requests)
        if ingester:
            ingester.join()
    result["index_intact"] = bot.index.count() == before
    print(" ".join(f"{k}={v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
