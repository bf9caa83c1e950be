"""Uploads over real HTTP while a hostile file is parsed: /health stays fast, and past the queue's
bound an upload is answered 429 with Retry-After in the one error shape."""
from __future__ import annotations

import time

import httpx
import pytest

from bot.serving.api import create_api
from bot.service import Planbot
from tests.bot.server import serving
from tests.ingest.hostile import form_repetition_pdf

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture
def busy_api(indexed, test_settings, tmp_path):
    """The session index (a refused upload writes nothing), one parse worker, room for two uploads."""
    settings = test_settings.model_copy(update={"upload_dir": tmp_path / "uploads", "parse_workers": 1,
                                                "max_queued_uploads": 2})
    bot = Planbot(settings, index=indexed[0])
    with serving(create_api(bot)) as url, httpx.Client(base_url=url, timeout=60) as client:
        yield client, bot


def slow_pdf(tmp_path) -> tuple[str, bytes, str]:
    """~3 KB that keep a parse worker busy for seconds (a form drawn 10^6 times) before it is refused."""
    return "form-lap.pdf", form_repetition_pdf(tmp_path / "slow.pdf").read_bytes(), "application/pdf"


def test_health_stays_fast_while_a_hostile_file_is_parsed(busy_api, tmp_path):
    client, bot = busy_api
    job = client.post("/documents", files={"file": slow_pdf(tmp_path)}).json()
    times = []
    while bot.jobs.get(job["job"]).status == "parsing" and len(times) < 200:
        start = time.perf_counter()
        assert client.get("/health").status_code == 200
        times.append(time.perf_counter() - start)
        time.sleep(0.02)
    times.sort()
    assert len(times) >= 20, "the hostile file should keep its worker busy for a while"
    assert times[int(len(times) * 0.95)] < 0.5, times[-5:]
    bot.jobs.get(job["job"]).finished.wait(120)
    status = client.get(f"/jobs/{job['job']}").json()
    assert status["status"] == "failed" and status["error"]["file"] == "form-lap.pdf"


def test_a_full_queue_answers_429_with_retry_after(busy_api, tmp_path):
    client, bot = busy_api
    accepted = [client.post("/documents", files={"file": slow_pdf(tmp_path)}).json()["job"] for _ in range(2)]
    refused = client.post("/documents", files={"file": slow_pdf(tmp_path)})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    error = refused.json()["error"]
    assert error["code"] == "too_many_uploads" and "thử lại" in error["hint_vi"] and error["message_en"]
    for job in accepted:
        bot.jobs.get(job).finished.wait(120)
    assert client.post("/documents", files={"file": slow_pdf(tmp_path)}).status_code == 202  # places given back
