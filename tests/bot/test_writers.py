"""Writers while the server answers (issue 24, item 4): removals and uploads in the server, and
`planbot ingest` / `planbot remove` in other processes, never cost a reader a 500 or a dropped
connection. Real Chroma on disk, real uvicorn on loopback, bounded loops that stop by themselves."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time

import httpx
import pytest

from bot.serving.api import create_api
from bot.service import Planbot
from tests.bot.server import serving
from tests.conftest import KIEN_HAI, PLANS_DIR

pytestmark = [pytest.mark.integration, pytest.mark.slow]

QUESTIONS = ["Ai chủ trì đề án cấp cứu ngoại viện ở Kiên Hải?", "ai chu tri de an cap cuu ngoai vien",
             "Sở Y tế chủ trì những nhiệm vụ nào?", "Kiên Hải có những nhiệm vụ gì về y tế cơ sở?"]


@pytest.fixture
def server(tmp_path, test_settings, indexed):
    """A Planbot over its own index of the bundled plans, served on loopback."""
    settings = test_settings.model_copy(update={"index_dir": tmp_path / "index", "upload_dir": tmp_path / "uploads"})
    bot = Planbot(settings)
    bot.ingest([PLANS_DIR])
    with serving(create_api(bot)) as url:
        yield bot, url


def _askers(url: str, stop: threading.Event, failures: list, count: list, clients: int = 8) -> list[threading.Thread]:
    def ask(n: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            while not stop.is_set():
                try:
                    r = http.post("/ask", json={"question": QUESTIONS[n % len(QUESTIONS)]})
                    if r.status_code != 200:
                        failures.append(f"{r.status_code} {r.text[:200]}")
                except httpx.HTTPError as err:
                    failures.append(f"dropped: {type(err).__name__} {err}")
                count.append(1)
                n += 1
    threads = [threading.Thread(target=ask, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    return threads


def test_asks_while_the_server_uploads_and_removes_a_plan(server):
    bot, url = server
    stop, failures, count, writes = threading.Event(), [], [], []
    data = (PLANS_DIR / KIEN_HAI).read_bytes()

    def write() -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            for _ in range(4):
                r = http.delete(f"/documents/{KIEN_HAI}")
                writes.append(("remove", r.status_code))
                r = http.post("/documents", params={"wait": "true"}, files={"file": (KIEN_HAI, data)})
                writes.append(("upload", r.status_code, r.text[:200] if r.status_code != 201 else ""))
    askers = _askers(url, stop, failures, count)
    writer = threading.Thread(target=write)
    writer.start()
    writer.join(timeout=120)
    stop.set()
    for t in askers:
        t.join()
    assert all(w[1] in (200, 201) for w in writes), writes
    assert not failures, (len(failures), len(count), failures[:5])
    assert len(count) > 20


def test_asks_while_planbot_ingest_and_remove_run_in_a_shell(server, test_settings):
    bot, url = server
    env = dict(os.environ, PLANBOT_INDEX_DIR=str(bot.settings.index_dir), PLANBOT_SHOW_PROGRESS="false",
               PLANBOT_CACHE_DIR=str(test_settings.cache_dir))
    stop, failures, count, runs = threading.Event(), [], [], []
    askers = _askers(url, stop, failures, count)
    try:
        for _ in range(2):
            for args in (["remove", KIEN_HAI], ["ingest", str(PLANS_DIR / KIEN_HAI)]):
                done = subprocess.run([sys.executable, "-m", "cli", *args], env=env, capture_output=True,
                                      text=True, timeout=120)
                runs.append((args[0], done.returncode, done.stderr[-300:]))
                time.sleep(0.3)
    finally:
        stop.set()
        for t in askers:
            t.join()
    assert all(rc == 0 for _, rc, _ in runs), runs
    assert not failures, (len(failures), len(count), failures[:5])
    found = httpx.post(f"{url}/ask", json={"question": QUESTIONS[0]}, timeout=60).json()
    assert KIEN_HAI in {c["source"] for c in found["citations"]}
