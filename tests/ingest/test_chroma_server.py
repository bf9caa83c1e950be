"""Server mode: the same ingestion and answers against a real `chroma run` on loopback."""
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from core.settings import Settings
from tests.bot.server import free_port
from tests.conftest import AN_GIANG, KIEN_HAI, PLANS_DIR, QUANG_NGAI

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    beside = Path(sys.executable).parent / "chroma"  # the venv's bin/ need not be on PATH
    chroma = str(beside) if beside.exists() else shutil.which("chroma")
    assert chroma, "the chroma CLI ships with the chromadb package"
    port = free_port()
    proc = subprocess.Popen([chroma, "run", "--path", str(tmp_path_factory.mktemp("chroma-server")),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("chroma run did not start")
    yield url
    proc.terminate()
    proc.wait(timeout=20)


def test_ingest_and_answer_through_a_chroma_server(chroma_server, test_settings, indexed, planbot, tmp_path):
    from bot.service import Planbot
    from ingest.index import open_index
    from ingest.pipeline import ingest_paths
    settings = Settings(plans_dir=PLANS_DIR, index_dir=tmp_path / "unused", cache_dir=test_settings.cache_dir,
                        chroma_url=chroma_server, show_progress=False)
    index = open_index(settings)
    report = ingest_paths([PLANS_DIR], index, settings)
    assert not report.errors and index.count() == indexed[0].count()
    assert not (tmp_path / "unused" / "chroma").exists()  # nothing embedded on disk
    again = ingest_paths([PLANS_DIR], index, settings)
    assert all(r.result.added == 0 and r.result.removed == 0 for r in again.rows)
    bot = Planbot(settings, index=index)
    question = "Ai chủ trì đề án cấp cứu ngoại viện và hạn khi nào?"
    answer, on_disk = bot.ask(question), planbot.ask(question)
    cited = {(c.source, c.ref) for c in answer.citations}
    assert {(AN_GIANG, "task:18"), (QUANG_NGAI, "task:14"), (KIEN_HAI, "task:18")} <= cited
    assert answer.answer == on_disk.answer and cited == {(c.source, c.ref) for c in on_disk.citations}
    assert len(bot.tasks()) == 136
