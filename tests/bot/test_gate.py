"""The one gate in front of every route: the API key covers the Gradio UI and its API too, and body
limits hold while a body streams (chunked or not). Real uvicorn, real Gradio app, real HTTP."""
import socket
from urllib.parse import urlparse

import httpx
import pytest

from bot.gate import COOKIE
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
