"""Load benchmark over real HTTP: 1, 5, 20 and 50 concurrent askers, each level for a fixed time, in three
conditions: a quiet machine, an upload running, and other CPU work (one busy-loop process per core).
Prints p50/p95/max, answers/s and errors by status (429 included) per level and condition, with the
load average. Starts its own server (`app.py`, a temporary index of the bundled plans) unless --url.

    .venv/bin/python bench/load.py [--levels 1,5,20,50] [--seconds 20] [--conditions quiet,upload,cpu] [--url URL]
"""
from __future__ import annotations

import argparse
import itertools
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager, nullcontext
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from core.settings import usable_cores  # noqa: E402 (after the project root is on the path)

# Questions are built from parts so that most of them are new to the server's query-embedding cache
# (6 repeated questions measured the cache, not the answer): 6 x 20 x 8 = 960 distinct questions.
TEMPLATES = ["Ai chủ trì {t} ở {p}?", "{t} ở {p} hạn khi nào?", "Cơ quan nào phối hợp {t} tại {p}?",
             "ai chu tri {t} o {p}", "Kết quả cần đạt của {t} ở {p} là gì?", "{p} có nhiệm vụ nào về {t}?"]
TOPICS = ["đề án cấp cứu ngoại viện", "du lịch y tế", "tiêm chủng mở rộng", "phòng chống dịch bệnh",
          "chăm sóc sức khỏe người cao tuổi", "y tế cơ sở", "an toàn thực phẩm", "chuyển đổi số y tế",
          "đào tạo nhân lực y tế", "khám sức khỏe định kỳ", "dinh dưỡng trẻ em", "bảo hiểm y tế toàn dân",
          "phòng chống HIV", "sức khỏe sinh sản", "bệnh không lây nhiễm", "y học cổ truyền",
          "sức khỏe tâm thần", "vệ sinh môi trường", "hồ sơ sức khỏe điện tử", "trạm y tế xã"]
PLACES = ["An Giang", "Kiên Giang", "Quảng Ngãi", "Hà Nội", "Kiên Hải", "Phú Quốc", "Long Xuyên", "Châu Đốc"]
QUESTIONS = [t.format(t=topic, p=place) for topic, place, t in itertools.product(TOPICS, PLACES, TEMPLATES)]


def percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


def run_level(url: str, clients: int, seconds: float, questions: itertools.cycle) -> dict:
    """`clients` askers, each asking again as soon as it has a reply, for `seconds`."""
    latencies, statuses, lock = [], Counter(), threading.Lock()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            while time.monotonic() < stop_at:
                with lock:
                    question = next(questions)
                start = time.perf_counter()
                try:
                    reply = http.post("/ask", json={"question": question})
                    status = reply.status_code
                except httpx.HTTPError as err:
                    status, reply = type(err).__name__, None
                with lock:
                    statuses[status] += 1
                    if status == 200:
                        latencies.append(time.perf_counter() - start)
                if status == 429:  # a well-behaved client waits as told (capped by the level's end)
                    time.sleep(max(0.0, min(float(reply.headers.get("Retry-After", 1)), stop_at - time.monotonic())))

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ordered = sorted(latencies)
    return {"answers": len(ordered), "per_s": len(ordered) / (time.monotonic() - started),
            "p50": percentile(ordered, 50), "p95": percentile(ordered, 95), "max": ordered[-1] if ordered else 0.0,
            "errors": {k: v for k, v in statuses.items() if k != 200}, "load": os.getloadavg()[0]}


@contextmanager
def server(env: dict | None = None, workdir: Path | None = None):
    """`python app.py` on a free port, its own index of the bundled plans; embeddings from the shared cache."""
    from tests.bot.server import free_port
    port = free_port()
    workdir = workdir or Path(tempfile.mkdtemp(prefix="planbot-load-"))
    full = {k: v for k, v in os.environ.items() if not k.startswith("OMP_")}  # the settings decide
    full.update({"PLANBOT_PORT": str(port), "PLANBOT_INDEX_DIR": str(workdir / "index"),
                 "PLANBOT_UPLOAD_DIR": str(workdir / "uploads"), "PLANBOT_SHOW_PROGRESS": "false"}, **(env or {}))
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=full, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while not _healthy(url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start (exit {proc.poll()})")
            time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(30)


def _healthy(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


@contextmanager
def cpu_work(processes: int | None = None):
    """One busy-loop process per core: other work sharing the machine."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
            for _ in range(processes or usable_cores())]
    try:
        yield
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()


@contextmanager
def uploads(url: str, corpus: Path):
    """Real plans uploaded through the API one after another (each embedded, indexed, then removed
    again so the index stays at the bundled plans) until the block ends. Yields the finished count."""
    files, done, stop = sorted(corpus.glob("*.md")), Counter(), threading.Event()

    def loop() -> None:
        with httpx.Client(base_url=url, timeout=600) as http:
            for path in itertools.cycle(files):
                if stop.is_set():
                    return
                r = http.post("/documents", params={"wait": "true"}, files={"file": (path.name, path.read_bytes())})
                done[r.status_code] += 1
                if r.status_code == 201:
                    for source in r.json()["ingested"]:
                        http.delete(f"/documents/{source}")

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield done
    finally:
        stop.set()
        thread.join(600)


def condition(name: str, url: str, corpus: Path):
    return {"quiet": nullcontext(Counter()), "upload": uploads(url, corpus), "cpu": cpu_work()}[name]


def row(name: str, clients: int, r: dict) -> str:
    errors = ", ".join(f"{k}:{v}" for k, v in sorted(r["errors"].items(), key=str)) or "0"
    return (f"| {name} | {clients} | {r['answers']} | {r['per_s']:.1f} | {r['p50'] * 1000:,.0f} | "
            f"{r['p95'] * 1000:,.0f} | {r['max'] * 1000:,.0f} | {errors} | {r['load']:.2f} |")


HEADER = ("| condition | askers | answers | answers/s | p50 ms | p95 ms | max ms | errors by status | load 1 min |\n"
          "|---|---:|---:|---:|---:|---:|---:|---|---:|")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", default="1,5,20,50")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--conditions", default="quiet,upload,cpu")
    parser.add_argument("--url", help="an already running server (else one is started)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent.parent / "shared" / "corpus" / "real-plans",
                        help="real plans uploaded in the 'upload' condition")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped bench still stops its server and load
    levels = [int(n) for n in args.levels.split(",")]
    print(f"uptime load before: {os.getloadavg()}, cores: {usable_cores()}")
    print(HEADER)
    with (nullcontext(args.url) if args.url else server()) as url:
        questions = itertools.cycle(QUESTIONS)
        for name in args.conditions.split(","):
            with condition(name, url, args.corpus) as uploaded:
                for clients in levels:
                    print(row(name, clients, run_level(url, clients, args.seconds, questions)), flush=True)
            if uploaded:
                print(f"(uploads finished during '{name}': {dict(uploaded)})")


if __name__ == "__main__":
    main()
