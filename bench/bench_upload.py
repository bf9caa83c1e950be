"""Questions keep being answered while a plan is uploaded: /health and /ask latency during a 2 MB
upload (a Word file with a scanned-size picture), measured on loopback. Prints the figures.

    .venv/bin/python bench/bench_upload.py
"""
from __future__ import annotations

import io
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def two_mb_docx(tmp: Path) -> bytes:
    import docx
    import numpy as np
    from PIL import Image

    from ingest.parse import parse_document
    from ingest.read import read_document
    from tests.conftest import KIEN_HAI, PLANS_DIR
    from tests.ingest.plan_fixtures import write_docx
    text = tmp / "phu-quy.txt"  # another place's plan: new text, so it is really embedded and indexed
    text.write_text((PLANS_DIR / KIEN_HAI).read_text(encoding="utf-8").replace("Kiên Hải", "Phú Quý"), encoding="utf-8")
    path = write_docx(parse_document(read_document(text)), tmp / "phu-quy.docx")
    document = docx.Document(str(path))
    picture = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (820, 820, 3), dtype=np.uint8)).save(picture, "PNG")
    document.add_picture(io.BytesIO(picture.getvalue()))
    document.save(str(path))
    return path.read_bytes()


def probe(url: str, path: str, body: dict | None, stop: threading.Event, out: list[float]) -> None:
    import httpx
    with httpx.Client(base_url=url, timeout=60) as http:
        while not stop.is_set():
            start = time.perf_counter()
            (http.post(path, json=body) if body else http.get(path)).raise_for_status()
            out.append((time.perf_counter() - start) * 1000)
            time.sleep(0.05)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values) or [0.0]
    return round(ordered[min(len(ordered) - 1, int(p / 100 * (len(ordered) - 1)))], 1)


def main() -> None:
    import tempfile

    import httpx

    from app import create_app
    from bot.service import Planbot
    from core.settings import get_settings
    from tests.bot.server import serving
    with tempfile.TemporaryDirectory() as tmp:
        settings = get_settings().model_copy(update={"index_dir": Path(tmp) / "index", "upload_dir": Path(tmp) / "up"})
        bot = Planbot(settings)
        bot.ingest([settings.plans_dir])
        data = two_mb_docx(Path(tmp))
        with serving(create_app(bot)) as url:
            stop, health, ask = threading.Event(), [], []
            probes = [threading.Thread(target=probe, args=(url, "/health", None, stop, health)),
                      threading.Thread(target=probe, args=(url, "/ask", {"question": "Ai chủ trì đề án cấp cứu "
                                                                                     "ngoại viện ở An Giang?"},
                                                           stop, ask))]
            for t in probes:
                t.start()
            start = time.perf_counter()
            job = httpx.post(f"{url}/documents", files={"file": ("phu-quy.docx", data)}, timeout=60).json()
            accepted = (time.perf_counter() - start) * 1000
            while (status := httpx.get(f"{url}/jobs/{job['job']}").json())["status"] in ("queued", "running"):
                time.sleep(0.2)
            seconds = time.perf_counter() - start
            stop.set()
            for t in probes:
                t.join()
    print(f"upload {len(data) / 1048576:.1f} MiB: accepted in {accepted:.0f} ms, job {status['status']} "
          f"({status.get('result') or status.get('error')}) in {seconds:.1f} s")
    print(f"during it: /health n={len(health)} p50={pct(health, 50)} ms p95={pct(health, 95)} ms; "
          f"/ask n={len(ask)} p50={pct(ask, 50)} ms p95={pct(ask, 95)} ms")


if __name__ == "__main__":
    main()
