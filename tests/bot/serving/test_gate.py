"""The one gate in front of every route: the API key covers the Gradio UI and its API too, and body
limits hold while a body streams (chunked or not). Real uvicorn, real Gradio app, real HTTP."""
import socket
import time
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest

from bot.serving.gate import COOKIE
from bot.service import Planbot
from tests.bot.server import serving

pytestmark = pytest.mark.integration
KEY = "k3y-for-tests"


@pytest.fixture(scope="module")
def locked(indexed, test_settings):
    """The whole app (API + Gradio UI, as app.py serves it) with an API key set."""
    from app import create_app
    settings = test_settings.model_copy(update={"api_key": KEY, "max_request_kb": 4, "max_file_mb": 0.5})
    with serving(create_app(Planbot(settings, index=indexed[0]))) as url:
        yield url


def raw_request(url: str, head: str, first_chunk: bytes) -> bytes:
    """Send headers and one chunk of a chunked body, then read what the server answers."""
    parts = urlparse(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as conn:
        conn.sendall(head.encode() + b"%x\r\n" % len(first_chunk) + first_chunk + b"\r\n")
        return conn.recv(65536)


GRADIO_ROUTES = [("GET", "/config"), ("GET", "/gradio_api/info"), ("POST", "/gradio_api/call/ask"),
                 ("POST", "/gradio_api/upload"), ("GET", "/docs"), ("POST", "/ask"), ("GET", "/tasks")]


@pytest.mark.parametrize("method,path", GRADIO_ROUTES)
def test_every_route_needs_the_key(locked, method, path):
    r = httpx.request(method, locked + path, json={"data": ["x"]} if method == "POST" else None)
    assert r.status_code == 401, (path, r.status_code, r.text[:200])
    assert r.json()["error"]["code"] == "unauthorized"
    assert "Sở Y tế" not in r.text  # nothing of the plans leaks


def test_health_and_login_page_are_public(locked):
    assert httpx.get(locked + "/health").json()["status"] == "ok"
    page = httpx.get(locked + "/login")
    assert page.status_code == 200 and 'lang="vi"' in page.text and "Khóa truy cập" in page.text


def test_a_person_opening_the_ui_is_sent_to_the_login(locked):
    r = httpx.get(locked + "/", headers={"accept": "text/html"})
    assert r.status_code == 303 and r.headers["location"] == "/login"


def test_login_sets_a_session_that_opens_the_ui(locked):
    wrong = httpx.post(locked + "/login", data={"key": "nope"})
    assert wrong.status_code == 401 and "Khóa không đúng" in wrong.text and COOKIE not in wrong.headers.get(
        "set-cookie", "")
    ok = httpx.post(locked + "/login", data={"key": KEY})
    assert ok.status_code == 303 and ok.headers["location"] == "/"
    with httpx.Client(base_url=locked, cookies=ok.cookies) as browser:
        assert browser.get("/config").status_code == 200
        assert browser.get("/", headers={"accept": "text/html"}).status_code == 200
    forged = httpx.get(locked + "/config", cookies={COOKIE: "0" * 64})
    assert forged.status_code == 401


def test_gradio_client_needs_the_key(locked):
    from gradio_client import Client
    with pytest.raises(Exception):
        Client(locked + "/", verbose=False)
    client = Client(locked + "/", verbose=False, headers={"X-API-Key": KEY})
    assert "Trung tâm Y tế chủ trì" in client.predict("cap cuu ngoai vien o Kien Hai", api_name="/ask")


def test_key_header_works_on_ui_and_api_routes(locked):
    headers = {"X-API-Key": KEY}
    assert httpx.get(locked + "/config", headers=headers).status_code == 200
    assert httpx.get(locked + "/documents", headers=headers).status_code == 200


def test_unauthenticated_chunked_body_is_refused_before_it_is_read(locked):
    host = urlparse(locked).netloc
    head = (f"POST /gradio_api/upload HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\n\r\n")
    answer = raw_request(locked, head, b"a" * 1024)  # the other 199 MB are never sent
    assert answer.startswith(b"HTTP/1.1 401")


def stream(total: int, head: bytes = b"", step: int = 64 * 1024):
    """A body of unknown length (sent chunked): `head`, then `total` bytes of filler."""
    yield head
    for _ in range(total // step):
        yield b"a" * step


def multipart_head(field: str) -> bytes:
    return (f'--x\r\nContent-Disposition: form-data; name="{field}"; filename="big.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n").encode()


@pytest.mark.parametrize("path,field", [("/gradio_api/upload", "files"), ("/documents", "file")])
def test_chunked_uploads_over_the_limit_are_refused(locked, path, field):
    headers = {"X-API-Key": KEY, "content-type": "multipart/form-data; boundary=x"}
    r = httpx.post(locked + path, content=stream(2 * 1024 * 1024, multipart_head(field)), headers=headers)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


def test_chunked_json_over_the_limit_is_refused(locked):
    headers = {"X-API-Key": KEY, "content-type": "application/json"}
    r = httpx.post(locked + "/ask", content=stream(1024 * 1024, b'{"question": "'), headers=headers)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


# --- sessions, origins, back-off, keys: what a tester on a fresh clone with a real browser found ---

ATTACKER = "http://127.0.0.1:7889"  # another port of the same host: the same *site*, so it gets the cookie


def log_in(url: str, key: str = KEY) -> httpx.Cookies:
    r = httpx.post(url + "/login", data={"key": key})
    assert r.status_code == 303, (r.status_code, r.text[:200])
    return r.cookies


@pytest.fixture(scope="module")
def guarded(indexed, test_settings, tmp_path_factory):
    """The whole app with a key and an upload folder of its own, to see that nothing gets written."""
    from app import create_app
    settings = test_settings.model_copy(update={"api_key": KEY, "upload_dir": tmp_path_factory.mktemp("uploads")})
    with serving(create_app(Planbot(settings, index=indexed[0]))) as url:
        yield url, settings


def test_a_form_posted_from_another_port_with_the_cookie_is_refused_and_changes_nothing(guarded):
    from ingest.lock import index_version
    from tests.conftest import AN_GIANG, PLANS_DIR
    url, settings = guarded
    cookies, before = log_in(url), httpx.get(url + "/documents", headers={"X-API-Key": KEY}).json()
    version = index_version(settings.index_dir)
    plan = {"file": (AN_GIANG, (PLANS_DIR / AN_GIANG).read_bytes(), "text/plain")}
    attacks = [("POST", "/documents?replace=true&wait=true", {"files": plan}),
               ("POST", "/gradio_api/upload", {"files": {"files": plan["file"]}}),
               ("DELETE", f"/documents/{AN_GIANG}", {}),
               ("POST", "/gradio_api/call/ask", {"json": {"data": ["Ai chủ trì?"]}})]
    for origin in ({"origin": ATTACKER}, {"referer": ATTACKER + "/page.html"}, {"origin": "null"}, {}):
        for method, path, body in attacks:
            r = httpx.request(method, url + path, cookies=cookies, headers=origin, **body)
            assert r.status_code == 403, (origin, path, r.status_code, r.text[:200])
            assert r.json()["error"]["code"] == "forbidden_origin"
    assert httpx.get(url + "/documents", headers={"X-API-Key": KEY}).json() == before
    assert index_version(settings.index_dir) == version
    assert [p for p in Path(settings.upload_dir).rglob("*") if p.is_file()] == []


def test_cookie_requests_from_the_servers_own_origin_work_and_reads_from_elsewhere_do_not(guarded):
    url, _ = guarded
    cookies = log_in(url)
    own = httpx.post(url + "/ask", cookies=cookies, headers={"origin": url}, json={"question": "Ai chủ trì?"})
    assert own.status_code == 200 and own.json()["answer"]
    assert httpx.post(url + "/ask", cookies=cookies, headers={"referer": url + "/"},
                      json={"question": "Ai chủ trì?"}).status_code == 200
    assert httpx.get(url + "/config", cookies=cookies).status_code == 200  # a plain read sends no Origin
    # a fetch from another port names its origin; Gradio would answer it with CORS headers that let it read
    assert httpx.get(url + "/config", cookies=cookies, headers={"origin": ATTACKER}).status_code == 403
    programs = httpx.post(url + "/ask", headers={"X-API-Key": KEY, "origin": ATTACKER}, json={"question": "Ai?"})
    assert programs.status_code == 200  # a key in a header is no cookie a page can make a browser send


def test_each_login_gets_its_own_strict_session_cookie(guarded):
    url, _ = guarded
    first, second = (httpx.post(url + "/login", data={"key": KEY}) for _ in range(2))
    ids = [r.cookies[COOKIE] for r in (first, second)]
    assert ids[0] != ids[1] and all(len(i) >= 40 for i in ids)
    header = first.headers["set-cookie"]
    for part in ("HttpOnly", "SameSite=Strict", "Path=/"):
        assert part in header, header
    assert "Secure" not in header  # plain http on loopback: a Secure cookie would never come back
    for cookies in (first.cookies, second.cookies):
        assert httpx.get(url + "/config", cookies=cookies).status_code == 200


def test_logout_ends_that_session_only(guarded):
    url, _ = guarded
    mine, theirs = log_in(url), log_in(url)
    assert httpx.post(url + "/logout", cookies=mine, headers={"origin": ATTACKER}).status_code == 403
    assert httpx.get(url + "/config", cookies=mine).status_code == 200  # a foreign page cannot log you out
    assert httpx.get(url + "/logout", cookies=mine).status_code == 405
    out = httpx.post(url + "/logout", cookies=mine, headers={"origin": url})
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert "Max-Age=0" in out.headers["set-cookie"]
    assert httpx.get(url + "/config", cookies=mine).status_code == 401
    assert httpx.get(url + "/config", cookies=theirs).status_code == 200


def test_the_login_form_refuses_a_post_from_another_origin(guarded):
    url, _ = guarded
    r = httpx.post(url + "/login", data={"key": KEY}, headers={"origin": ATTACKER})
    assert r.status_code == 403 and COOKIE not in r.headers.get("set-cookie", "")


@pytest.fixture(scope="module")
def short_sessions(indexed, test_settings):
    """Sessions that end after 1.5 s without a request, or 4 s after the login."""
    from app import create_app
    settings = test_settings.model_copy(update={"api_key": KEY, "session_idle_minutes": 1.5 / 60,
                                                "session_max_hours": 4 / 3600})
    with serving(create_app(Planbot(settings, index=indexed[0]))) as url:
        yield url


def test_an_idle_session_expires(short_sessions):
    cookies = log_in(short_sessions)
    assert httpx.get(short_sessions + "/config", cookies=cookies).status_code == 200
    time.sleep(2.0)
    assert httpx.get(short_sessions + "/config", cookies=cookies).status_code == 401
    assert httpx.get(short_sessions + "/", cookies=cookies, headers={"accept": "text/html"}).status_code == 303


def test_an_active_session_still_ends_at_its_absolute_limit(short_sessions):
    cookies, started = log_in(short_sessions), time.monotonic()
    while time.monotonic() - started < 3.0:  # in use all the time, well within the idle limit
        assert httpx.get(short_sessions + "/config", cookies=cookies).status_code == 200
        time.sleep(0.5)
    time.sleep(max(0.0, 4.5 - (time.monotonic() - started)))
    assert httpx.get(short_sessions + "/config", cookies=cookies).status_code == 401


@pytest.fixture
def fresh_gate(indexed, test_settings):
    """A server of its own per test: the back-off remembers 127.0.0.1."""
    from app import create_app
    settings = test_settings.model_copy(update={"api_key": KEY, "auth_max_failures": 5, "auth_backoff_seconds": 2})
    with serving(create_app(Planbot(settings, index=indexed[0]))) as url:
        yield url


def test_guessing_the_key_on_the_login_form_is_slowed_down(fresh_gate):
    for _ in range(5):
        assert httpx.post(fresh_gate + "/login", data={"key": "guess"}).status_code == 401
    blocked = httpx.post(fresh_gate + "/login", data={"key": KEY})  # even the right key is not looked at now
    assert blocked.status_code == 429 and 1 <= int(blocked.headers["retry-after"]) <= 2
    assert "Sai khóa quá nhiều lần" in blocked.text and COOKIE not in blocked.headers.get("set-cookie", "")
    time.sleep(int(blocked.headers["retry-after"]) + 0.2)
    assert httpx.post(fresh_gate + "/login", data={"key": "guess"}).status_code == 401
    longer = httpx.post(fresh_gate + "/login", data={"key": KEY})
    assert longer.status_code == 429 and int(longer.headers["retry-after"]) >= 3  # the wait doubled


def test_guessing_the_key_in_the_header_is_slowed_down(fresh_gate):
    codes = [httpx.get(fresh_gate + "/documents", headers={"X-API-Key": f"guess-{i}"}).status_code
             for i in range(8)]
    assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}, codes
    r = httpx.get(fresh_gate + "/documents", headers={"X-API-Key": KEY})
    assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_attempts" and r.headers["retry-after"]


NON_ASCII = "khóa-bí-mật-2026"


@pytest.fixture(scope="module")
def accented(indexed, test_settings):
    from app import create_app
    settings = test_settings.model_copy(update={"api_key": NON_ASCII})
    with serving(create_app(Planbot(settings, index=indexed[0]))) as url:
        yield url


def test_a_non_ascii_key_works_and_a_wrong_one_is_a_401(accented):
    assert httpx.get(accented + "/health").status_code == 200
    assert httpx.get(accented + "/documents").status_code == 401
    assert httpx.get(accented + "/documents", headers={"X-API-Key": NON_ASCII.encode()}).status_code == 200
    decomposed = unicodedata.normalize("NFD", NON_ASCII).encode()  # a keyboard that types accents apart
    assert httpx.get(accented + "/documents", headers={"X-API-Key": decomposed}).status_code == 200
    wrong = httpx.get(accented + "/documents", headers={"X-API-Key": "khóa-sai-2026".encode()})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "unauthorized"
    latin1 = httpx.get(accented + "/documents", headers={"X-API-Key": "clé".encode("latin-1")})
    assert latin1.status_code == 401
    assert httpx.get(accented + "/config", cookies=log_in(accented, NON_ASCII)).status_code == 200


def test_named_keys_tell_the_app_who_is_calling(test_settings):
    """PLANBOT_API_KEYS: each key's name reaches the route (scope["planbot_user"], request.state)."""
    from fastapi import FastAPI, Request

    from bot.serving.gate import Gate
    app = FastAPI()

    @app.post("/who")
    def who(request: Request) -> dict:
        return {"user": request.scope.get("planbot_user"), "state": request.state.planbot_user}

    settings = test_settings.model_copy(update={"api_key": KEY, "api_keys": f"an=mật-khẩu-của-An, binh=b-key"})
    app.add_middleware(Gate, settings=settings)
    with serving(app) as url:
        for key, user in ((KEY, "default"), ("mật-khẩu-của-An", "an"), ("b-key", "binh")):
            r = httpx.post(url + "/who", headers={"X-API-Key": key.encode()})
            assert r.json() == {"user": user, "state": user}, r.text
            by_cookie = httpx.post(url + "/who", cookies=log_in(url, key), headers={"origin": url})
            assert by_cookie.json() == {"user": user, "state": user}


def test_ask_and_search_read_decomposed_and_zero_width_text_as_typed(guarded):
    url, _ = guarded
    question = "Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?"
    forms = [question, unicodedata.normalize("NFD", question), question.replace("ngoại", "ngo\u200bại"),
             "\ufeff" + question.replace(" ", "  \u00a0")]
    answers = [httpx.post(url + "/ask", headers={"X-API-Key": KEY}, json={"question": q}).json() for q in forms]
    assert "Quý II/2026" in answers[0]["answer"]
    assert all(a["answer"] == answers[0]["answer"] and a["question"] == question for a in answers), answers
    hits = [httpx.post(url + "/search", headers={"X-API-Key": KEY}, json={"query": q}).json() for q in forms]
    assert hits[0] and all(h == hits[0] for h in hits)
