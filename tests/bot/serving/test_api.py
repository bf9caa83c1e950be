"""The internal API over real HTTP (uvicorn on loopback): every endpoint, auth, errors, limits."""

import httpx
import pytest

from bot.serving.api import create_api
from bot.serving.jobs import PENDING
from bot.service import safe_name
from bot.service import Planbot
from core.settings import Settings
from ingest.index import open_index
from ingest.pipeline import ingest_paths
from tests.bot.server import serving
from tests.conftest import AN_GIANG, KIEN_HAI, PLANS_DIR, QUANG_NGAI

pytestmark = pytest.mark.integration
ERROR_KEYS = {"code", "message_vi", "message_en", "hint_vi", "hint_en", "file"}
WAIT = {"wait": "true"}  # the upload answers when its job is done (201), as scripts expect


@pytest.fixture(scope="module")
def api(planbot):
    with serving(create_api(planbot)) as url:
        with httpx.Client(base_url=url, timeout=60) as client:
            yield client


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == ERROR_KEYS
    assert body["error"]["code"] == code and body["error"]["message_vi"] and body["error"]["message_en"]


def test_health(api):
    body = api.get("/health").json()
    assert body["status"] == "ok" and body["documents"] == 5 and body["chunks"] > 400


def test_ask_returns_the_spec_answer_shape(api):
    r = api.post("/ask", json={"question": "Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?"})
    assert r.status_code == 200
    body = r.json()
    assert {"question", "answer", "answerable", "outcome", "citations", "retrieved", "timings_ms"} <= set(body)
    assert body["answerable"] and body["outcome"] == "answered" and body["citations"][0]["ref"] == "task:18"
    assert {"marker", "source", "ref", "document", "province", "quote"} <= set(body["citations"][0])


def test_a_long_lists_rest_travels_as_filters_the_tasks_route_takes(api):
    """A list answer shows a plan's first rows; the rest comes as a field (lists[].filters), which /tasks takes
    as it is and answers with the whole list, the rows shown among them."""
    body = api.post("/ask", json={"question": "Sở Y tế chủ trì những nhiệm vụ nào?"}).json()
    assert body["lists"], body["answer"]
    for link in body["lists"]:
        params = {k: v for k, v in link["filters"].items() if v is not None}
        rows = api.get("/tasks", params=params).json()
        assert len(rows) == link["total"] > link["shown"] and {r["source"] for r in rows} == {link["source"]}
        shown = {c["ref"] for c in body["citations"] if c["source"] == link["source"] and c["ref"].startswith("task:")}
        assert len(shown) == link["shown"] and shown <= {r["ref"] for r in rows}
        assert link["url"].startswith("?tab=tasks&plan=")


def test_a_follow_up_is_resolved_against_the_previous_question(api):
    first = api.post("/ask", json={"question": "Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?"}).json()
    r = api.post("/ask", json={"question": "Còn ở Quảng Ngãi thì sao?", "previous": first["question"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert [(c["source"], c["ref"]) for c in body["citations"]] == [(QUANG_NGAI, "task:14")]
    assert "cấp cứu ngoại viện" in body["question"] and "Quảng Ngãi" in body["question"]


def test_ask_with_filters_and_unknown_plan(api):
    r = api.post("/ask", json={"question": "đề án cấp cứu ngoại viện", "filters": {"province": "Kiên Hải"}})
    assert {c["source"] for c in r.json()["citations"]} == {KIEN_HAI}
    assert_error(api.post("/ask", json={"question": "x", "filters": {"plan": "999/KH-UBND"}}), 404, "not_found")
    assert_error(api.post("/ask", json={"question": "x", "filters": {"province": "Atlantis"}}), 404, "not_found")


def test_bad_requests_are_clear_4xx(api):
    assert_error(api.post("/ask", content=b"{not json", headers={"content-type": "application/json"}),
                 400, "bad_json")
    assert_error(api.post("/ask", json={}), 422, "invalid_request")
    assert_error(api.post("/ask", json={"question": ""}), 422, "invalid_request")
    assert_error(api.post("/ask", json={"question": "a" * 70_000}), 413, "too_large")
    assert_error(api.post("/search", json={"query": "x", "k": 500}), 422, "invalid_request")
    assert_error(api.get("/tasks", params={"format": "xml"}), 422, "invalid_request")
    assert_error(api.get("/no-such-endpoint"), 404, "http_error")


def test_search(api):
    hits = api.post("/search", json={"query": "du lịch y tế", "k": 3}).json()
    assert len(hits) == 3 and {"source", "ref", "score", "text", "metadata"} <= set(hits[0])
    assert (AN_GIANG, "task:19") in {(h["source"], h["ref"]) for h in hits}, \
        [(h["source"], h["ref"], round(h["score"], 4)) for h in hits]  # near ties: show them if it fails
    assert all("du lịch" in h["text"] for h in hits)


def test_documents_list(api):
    docs = {d["source"]: d for d in api.get("/documents").json()}
    assert set(docs) == {p.name for p in PLANS_DIR.iterdir()}
    assert (docs[AN_GIANG]["plan_number"], docs[AN_GIANG]["tasks"]) == ("186/KH-UBND", 50)


def test_tasks_json_and_csv_with_filters(api):
    rows = api.get("/tasks", params={"province": "An Giang", "lead": "Sở Y tế", "year_from": 2026,
                                     "year_to": 2026}).json()
    assert len(rows) >= 10 and all(r["source"] == AN_GIANG and "Sở Y tế" in r["lead"] for r in rows)
    assert [int(r["task_number"]) for r in rows] == sorted(int(r["task_number"]) for r in rows)
    csv = api.get("/tasks", params={"province": "Kiên Hải", "format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("source,plan,province") and len(lines) == 1 + 37
    assert_error(api.get("/tasks", params={"plan": "nope.txt"}), 404, "not_found")
    assert_error(api.get("/tasks", params={"lead": "Sở Không Tồn Tại"}), 404, "not_found")


def test_safe_name():
    assert safe_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_name("C:\\Users\\x\\kế hoạch.docx") == "kế hoạch.docx"
    assert safe_name("..") == ""


@pytest.fixture
def writable(tmp_path, test_settings, indexed):
    """A separate index and upload folder, so uploads do not change the session index."""
    settings = Settings(plans_dir=PLANS_DIR, index_dir=tmp_path / "index", cache_dir=test_settings.cache_dir,
                        upload_dir=tmp_path / "uploads", show_progress=False, max_file_mb=1)
    index = open_index(settings)
    ingest_paths([PLANS_DIR], index, settings)
    bot = Planbot(settings, index=index)
    with serving(create_api(bot)) as url, httpx.Client(base_url=url, timeout=120) as client:
        yield client, settings


def test_upload_ingest_and_remove(writable, tmp_path):
    client, settings = writable
    text = (PLANS_DIR / KIEN_HAI).read_text(encoding="utf-8").replace("Kiên Hải", "Phú Quốc")
    r = client.post("/documents", params=WAIT, files={"file": ("../../phu-quoc.txt", text.encode(), "text/plain")})
    assert r.status_code == 201, r.text
    assert r.json()["ingested"] == ["phu-quoc.txt"] and r.json()["tasks"] == 37
    assert (settings.upload_dir / "phu-quoc.txt").exists() and not (tmp_path / "phu-quoc.txt").exists()
    answer = client.post("/ask", json={"question": "Ai chủ trì đề án cấp cứu ngoại viện ở Phú Quốc?"}).json()
    assert {c["source"] for c in answer["citations"]} == {"phu-quoc.txt"}
    assert client.delete("/documents/phu-quoc.txt").json()["removed"] == "phu-quoc.txt"
    assert_error(client.delete("/documents/phu-quoc.txt"), 404, "not_found")


def test_bad_and_oversize_uploads_leave_the_index_intact(writable):
    client, settings = writable
    before = client.get("/health").json()["chunks"]
    r = client.post("/documents", params=WAIT, files={"file": ("scan.pdf", b"%PDF-1.4 broken", "application/pdf")})
    assert_error(r, 422, "bad_file")
    assert r.json()["error"]["file"] == "scan.pdf"
    exe = {"file": ("plan.exe", b"MZ\x00", "application/octet-stream")}
    assert_error(client.post("/documents", params=WAIT, files=exe),
                 422, "bad_file")
    big = b"a" * (2 * 1024 * 1024)
    big_file = {"file": ("big.txt", big, "text/plain")}
    assert_error(client.post("/documents", params=WAIT, files=big_file), 413, "too_large")
    assert client.get("/health").json()["chunks"] == before
    assert not any(settings.upload_dir.glob("*")) if settings.upload_dir.exists() else True


def test_api_key_when_configured(indexed, test_settings, planbot):
    settings = test_settings.model_copy(update={"api_key": "s3cret"})
    bot = Planbot(settings, index=indexed[0])
    with serving(create_api(bot)) as url, httpx.Client(base_url=url, timeout=60) as client:
        assert client.get("/health").status_code == 200
        assert_error(client.post("/ask", json={"question": "x"}), 401, "unauthorized")
        assert_error(client.get("/tasks", headers={"x-api-key": "wrong"}), 401, "unauthorized")
        ok = client.post("/ask", json={"question": "Ai ký kế hoạch 186/KH-UBND?"}, headers={"x-api-key": "s3cret"})
        assert ok.status_code == 200 and "Hồ Văn Mừng" in ok.json()["answer"]


def test_openapi_docs(api):
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/ask", "/search", "/documents", "/tasks", "/health"} <= set(paths)


@pytest.mark.unit
def test_api_key_is_on_by_default_beyond_loopback(test_settings, capsys):
    from bot.serving.api import secure_settings
    assert secure_settings(test_settings.model_copy(update={"host": "127.0.0.1"})).api_key == ""
    opened = secure_settings(test_settings.model_copy(update={"host": "0.0.0.0"}))
    assert len(opened.api_key) >= 24 and opened.api_key in capsys.readouterr().out
    chosen = test_settings.model_copy(update={"host": "0.0.0.0", "api_key": "mine"})
    assert secure_settings(chosen).api_key == "mine"


def test_plans_are_identified_by_content_and_number_not_by_file_name(writable):
    client, settings = writable
    kien_hai = (PLANS_DIR / KIEN_HAI).read_bytes()
    before = client.get("/health").json()["chunks"]
    # the same plan under another name: recognised, nothing changes
    r = client.post("/documents", params=WAIT, files={"file": ("ban-sao.txt", kien_hai, "text/plain")})
    assert_error(r, 409, "duplicate_plan")
    assert KIEN_HAI in r.json()["error"]["message_en"] and client.get("/health").json()["chunks"] == before
    # another plan under a name that is taken: stored under a new name, the old plan intact
    other = kien_hai.decode().replace("Kiên Hải", "Côn Đảo").encode()
    r = client.post("/documents", params=WAIT, files={"file": (AN_GIANG, other, "text/plain")})
    assert r.status_code == 201 and r.json()["ingested"] == [AN_GIANG.replace(".txt", "-2.txt")]
    docs = {d["source"]: d for d in client.get("/documents").json()}
    assert docs[AN_GIANG]["plan_number"] == "186/KH-UBND" and docs[AN_GIANG]["tasks"] == 50


def test_a_new_version_of_a_numbered_plan_replaces_only_when_asked(writable):
    client, settings = writable
    newer = (PLANS_DIR / AN_GIANG).read_text(encoding="utf-8").replace("Quý II/2026", "Quý III/2026")
    r = client.post("/documents", params=WAIT, files={"file": ("an-giang-moi.txt", newer.encode(), "text/plain")})
    assert_error(r, 409, "duplicate_plan")
    assert "replace=true" in r.json()["error"]["hint_en"]
    r = client.post("/documents", params={"replace": "true", "wait": "true"},
                    files={"file": ("an-giang-moi.txt", newer.encode(), "text/plain")})
    assert r.status_code == 201, r.text
    sources = {d["source"] for d in client.get("/documents").json()}
    assert AN_GIANG in sources and "an-giang-moi.txt" not in sources  # the plan keeps its place and name
    task = client.get("/tasks", params={"plan": "186/KH-UBND"}).json()
    assert any(t["time"] == "Quý III/2026" for t in task)


def test_upload_returns_a_job_at_once_and_questions_go_on(writable):
    """The ingest runs in the one writer thread: 202 with a job, /health and /ask answer meanwhile."""
    import time
    client, settings = writable
    text = (PLANS_DIR / KIEN_HAI).read_text(encoding="utf-8").replace("Kiên Hải", "Lý Sơn")
    r = client.post("/documents", files={"file": ("ly-son.txt", text.encode(), "text/plain")})
    assert r.status_code == 202 and r.json()["status_url"] == f"/jobs/{r.json()['job']}"
    assert client.get("/health").status_code == 200
    asked = client.post("/ask", json={"question": "Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?"})
    assert asked.status_code == 200
    deadline = time.time() + 120
    while (job := client.get(r.json()["status_url"]).json())["status"] in PENDING:
        assert time.time() < deadline
        time.sleep(0.2)
    assert job["status"] == "done" and job["result"]["ingested"] == ["ly-son.txt"] and job["result"]["tasks"] == 37
    bad = client.post("/documents", files={"file": ("hong.pdf", b"%PDF-1.4 broken", "application/pdf")}).json()
    while (job := client.get(f"/jobs/{bad['job']}").json())["status"] in PENDING:
        time.sleep(0.2)
    assert job["status"] == "failed" and job["error"]["file"] == "hong.pdf" and job["error"]["message_vi"]
    assert_error(client.get("/jobs/khong-co"), 404, "not_found")


READ_REPORT_KEYS = {"source", "doc_type", "number", "number_display", "draft", "title", "issue_date", "issuer",
                    "province", "scope", "signer", "sections", "headings", "tables", "tasks", "indicators", "warnings"}


def _lost_number_plan(place: str) -> bytes:
    """A bundled draft, moved to another place, whose 'Số: /KH-UBND' line was lost: no number, no date."""
    text = (PLANS_DIR / KIEN_HAI).read_text(encoding="utf-8").replace("Kiên Hải", place)
    return "\n".join(line for line in text.split("\n") if not line.startswith("Số:")).encode()


def test_an_upload_says_what_was_read_and_a_plan_with_warnings_is_indexed_but_flagged(writable):
    client, settings = writable
    r = client.post("/documents", params=WAIT, files={"file": ("phu-quy.txt", _lost_number_plan("Phú Quý"), "text/plain")})
    assert r.status_code == 201, r.text
    body = r.json()
    report = body["report"]
    assert set(report) == READ_REPORT_KEYS and report["source"] == "phu-quy.txt"
    assert body["warnings"] == len(report["warnings"]) and {"no_number", "no_date"} <= {w["code"] for w in report["warnings"]}
    assert report["number_display"] == "không đọc được" and report["tasks"] == body["tasks"] == 37
    assert [(t["kind"], t["rows"], t["columns"], t["tasks"]) for t in report["tables"]] == [("task", 38, 5, 37)]
    assert all(w["message_vi"] and w["message_en"] for w in report["warnings"])
    docs = {d["source"]: d for d in client.get("/documents").json()}
    assert docs["phu-quy.txt"]["warnings"] == body["warnings"] and docs["phu-quy.txt"]["tasks"] == 37  # indexed, flagged
    assert all(isinstance(docs[p.name]["warnings"], int) for p in PLANS_DIR.iterdir())
    assert not any("read_report" in d for d in docs.values())  # the report has its own route
    assert client.get("/documents/phu-quy.txt/report").json() == report
    bundled = client.get(f"/documents/{AN_GIANG}/report").json()
    assert bundled["number"] == "186/KH-UBND" and len(bundled["warnings"]) == docs[AN_GIANG]["warnings"]
    assert_error(client.get("/documents/khong-co.txt/report"), 404, "not_found")


def test_the_job_status_of_an_upload_carries_its_report(writable):
    import time
    client, settings = writable
    r = client.post("/documents", files={"file": ("ly-son.txt", _lost_number_plan("Lý Sơn"), "text/plain")})
    assert r.status_code == 202
    deadline = time.time() + 120
    while (job := client.get(r.json()["status_url"]).json())["status"] in PENDING:
        assert time.time() < deadline
        time.sleep(0.2)
    assert job["status"] == "done" and job["result"]["warnings"] >= 2
    assert job["result"]["report"] == client.get("/documents/ly-son.txt/report").json()


def test_an_unexpected_error_is_one_json_500_and_the_connection_lives_on(planbot, monkeypatch):
    """A crash inside an answer: the client gets the error shape, and its next request on the same
    keep-alive connection is answered (Starlette's catch-all re-raised, and uvicorn reset the connection)."""
    import http.client

    def crash(*args, **kwargs):
        raise RuntimeError("a bug in answering")

    with serving(create_api(planbot)) as url:
        monkeypatch.setattr(planbot, "ask", crash)
        connection = http.client.HTTPConnection(url.removeprefix("http://"), timeout=60)
        connection.request("POST", "/ask", body='{"question": "Ai chủ trì?"}'.encode(), headers={"Content-Type": "application/json"})
        first = connection.getresponse()
        body = httpx.Response(first.status, content=first.read())
        assert_error(body, 500, "internal_error")
        assert "a bug in answering" not in body.text  # no internals leak to the client
        connection.request("GET", "/health")
        assert connection.getresponse().status == 200
