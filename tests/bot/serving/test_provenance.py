"""Every plan says who added it, when and from which file; an upload is flagged until confirmed, and
that survives a restart. Over real HTTP with named keys (PLANBOT_API_KEYS)."""
import hashlib

import httpx
import pytest

from bot.serving import provenance
from bot.serving.api import create_api
from bot.service import Planbot
from core.settings import Settings
from ingest.index import open_index
from tests.bot.server import serving
from tests.bot.serving.test_api import WAIT, assert_error
from tests.conftest import KIEN_HAI, PLANS_DIR

pytestmark = pytest.mark.integration
ANA, HOA = {"x-api-key": "khoa-cua-ana"}, {"x-api-key": "khoa-cua-hoa"}
QUESTION = {"question": "Ai chủ trì đề án cấp cứu ngoại viện ở Phú Quốc?"}


@pytest.fixture
def keyed(tmp_path, test_settings, indexed):
    settings = Settings(plans_dir=PLANS_DIR, index_dir=tmp_path / "index", cache_dir=test_settings.cache_dir,
                        upload_dir=tmp_path / "uploads", show_progress=False,
                        api_keys="ana=khoa-cua-ana,hoa=khoa-cua-hoa")
    bot = Planbot(settings, index=open_index(settings))
    bot.ingest_folders()  # the bundled plans, as at a start
    with serving(create_api(bot)) as url, httpx.Client(base_url=url, timeout=120) as client:
        yield client, settings


def _doc(client, source: str, headers: dict) -> dict:
    return next(d for d in client.get("/documents", headers=headers).json() if d["source"] == source)


def test_an_upload_records_its_uploader_and_file_and_stays_flagged_until_confirmed(keyed):
    client, settings = keyed
    data = (PLANS_DIR / KIEN_HAI).read_text(encoding="utf-8").replace("Kiên Hải", "Phú Quốc").encode()
    assert client.post("/documents", params=WAIT, headers=ANA,
                       files={"file": ("phu-quoc.txt", data, "text/plain")}).status_code == 201
    docs = client.get("/documents", headers=ANA).json()
    mine = next(d for d in docs if d["source"] == "phu-quoc.txt")
    assert (mine["added_by"], mine["sha256"], mine["uploaded"]) == ("ana", hashlib.sha256(data).hexdigest(), True)
    assert mine["unconfirmed"] and mine["status"] == provenance.UNCONFIRMED and mine["added_at"]
    bundled = [d for d in docs if d["source"] != "phu-quoc.txt"]
    assert len(bundled) == 5 and all(d["added_by"] == provenance.SYSTEM and not d["unconfirmed"] for d in bundled)
    assert all(d["sha256"] == hashlib.sha256((PLANS_DIR / d["source"]).read_bytes()).hexdigest() for d in bundled)

    cited = client.post("/ask", json=QUESTION, headers=HOA).json()["citations"]
    assert cited and all(c["unconfirmed"] and c["added_by"] == "ana" for c in cited)

    confirmed = client.post("/documents/phu-quoc.txt/confirm", headers=HOA).json()
    assert (confirmed["confirmed_by"], confirmed["unconfirmed"], confirmed["added_by"]) == ("hoa", False, "ana")
    cited = client.post("/ask", json=QUESTION, headers=HOA).json()["citations"]
    assert cited and not any(c["unconfirmed"] for c in cited)

    again = Planbot(settings)  # a restart: the same index folder, a new process state
    again.ingest_folders()
    kept = next(d for d in again.documents() if d["source"] == "phu-quoc.txt")
    assert (kept["confirmed_by"], kept["unconfirmed"], kept["added_by"]) == ("hoa", False, "ana")

    assert_error(client.post("/documents/nothing.txt/confirm", headers=HOA), 404, "not_found")
    assert client.delete("/documents/phu-quoc.txt", headers=HOA).status_code == 200
    assert "phu-quoc.txt" not in provenance.load(settings.index_dir)


def test_an_unconfirmed_upload_is_flagged_in_the_answer_shown():
    from bot.serving import views
    from core.types import Answer, Citation
    c = Citation(marker=1, source="x.txt", ref="task:1", document="Kế hoạch 9/KH-UBND", province="An Giang",
                 quote="q", unconfirmed=True)
    assert provenance.UNCONFIRMED in views.answer_html(Answer(question="q", answer="a [1].", answerable=True,
                                                              citations=[c]))
