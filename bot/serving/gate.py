"""One gate in front of every route (API and Gradio UI alike): who is calling, from where, and the
body-size limits.

It is a pure ASGI middleware around the whole app, so nothing mounted later (Gradio's /config,
/gradio_api/call/*, /gradio_api/upload, its queue and file routes) can slip past it. Programs send
`X-API-Key`; browsers log in once with a key on /login and then carry an HttpOnly, SameSite=Strict
cookie naming a server-side session (bot/serving/sessions.py) that expires and ends at POST /logout. A
request that a cookie authenticates must come from this server's own origin, port included
(bot/serving/origin.py): a page on another port of the same host gets the cookie too, so SameSite alone
cannot stop it. Wrong keys slow their sender down (429 with Retry-After). Bodies are counted while
they stream, so `Transfer-Encoding: chunked` cannot bypass the limits.
"""
from __future__ import annotations

import json
import math
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs

from bot.serving.keys import holder, named_keys
from bot.serving.origin import claimed_origin, is_secure, own_origin, trusted_origins
from bot.serving.sessions import Backoff, SessionStore
from core.settings import Settings

COOKIE = "planbot_session"
PUBLIC_PATHS = {  # path -> why it needs no key
    "/health": "liveness probes of load balancers and monitors",
    "/login": "the form where the key is entered",
    "/favicon.ico": "browsers ask for it before any login",
}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
LOGIN_PAGE = Path(__file__).with_name("login.html")
UPLOAD_PATH_PARTS = ("/upload",)  # Gradio's upload route; API uploads are recognised by content type


def error_body(code: str, vi: str, en: str, hint_vi: str = "", hint_en: str = "", file: str | None = None) -> dict:
    """The one JSON error shape of the API."""
    return {"error": {"code": code, "message_vi": vi, "message_en": en, "hint_vi": hint_vi, "hint_en": hint_en,
                      "file": file}}


UNAUTHORIZED = error_body("unauthorized", "Thiếu hoặc sai khóa API.", "Missing or wrong API key.",
                          hint_vi="Gửi khóa trong tiêu đề X-API-Key, hoặc đăng nhập tại /login.",
                          hint_en="Send the key in the X-API-Key header, or log in at /login.")
FOREIGN_ORIGIN = error_body("forbidden_origin",
                            "Yêu cầu này đến từ một trang khác, không phải trang của máy chủ này.",
                            "This request comes from another page (origin), not from this server's own.",
                            hint_vi="Hãy mở trợ lý trực tiếp tại địa chỉ của máy chủ rồi thao tác lại; chương trình "
                                    "thì gửi khóa trong tiêu đề X-API-Key.",
                            hint_en="Open the assistant at the server's own address and try again; programs send "
                                    "the key in the X-API-Key header.")
WRONG_METHOD = error_body("method_not_allowed", "Đăng xuất bằng nút Đăng xuất (POST /logout).",
                          "Log out with the log-out button (POST /logout).")


def too_many(wait: float) -> dict:
    return error_body("too_many_attempts",
                      f"Sai khóa quá nhiều lần. Hãy thử lại sau {math.ceil(wait)} giây.",
                      f"Too many wrong keys. Try again in {math.ceil(wait)} seconds.",
                      hint_vi="Kiểm tra lại khóa với quản trị viên.", hint_en="Check the key with the administrator.")


def too_large(cap: int) -> dict:
    return error_body("too_large", f"Nội dung gửi lên quá lớn (tối đa {cap} byte).",
                      f"Request body too large (at most {cap} bytes).",
                      hint_vi="Hãy gửi tệp nhỏ hơn hoặc tăng giới hạn trong cấu hình.",
                      hint_en="Send a smaller body or raise the limit in settings.")


class Gate:
    """ASGI middleware: authenticate, check the origin, then bound the request body."""

    def __init__(self, app, settings: Settings):
        self.app = app
        self.keys = named_keys(settings)
        self.sessions = SessionStore(settings.session_idle_minutes * 60, settings.session_max_hours * 3600)
        self.backoff = Backoff(settings.auth_max_failures, settings.auth_backoff_seconds,
                               settings.auth_max_backoff_seconds)
        self.trusted = trusted_origins(settings.trusted_origins)
        self.forwarded_proto = settings.trust_forwarded_proto
        self.json_cap = settings.max_request_kb * 1024
        self.ui_cap = settings.max_ui_request_kb * 1024
        self.upload_cap = int(settings.max_file_mb * 1024 * 1024) + 64 * 1024  # multipart framing

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if self.keys and scope["type"] == "http" and path in ("/login", "/logout"):
            return await (self._login if path == "/login" else self._logout)(scope, receive, send)
        if self.keys and path not in PUBLIC_PATHS:
            refusal = self._authenticate(scope)
            if refusal:
                return await self._refuse(scope, send, *refusal)
        elif _changes_state(scope) and self._origin_is_foreign(scope):  # no key: still no cross-site writes
            return await self._refuse(scope, send, 403, FOREIGN_ORIGIN)
        if scope["type"] == "websocket":
            return await self.app(scope, receive, send)
        await self._bounded(scope, receive, send)

    def _authenticate(self, scope) -> tuple | None:
        """None when the caller is known (its name is put in the scope), else (status, body[, wait])."""
        headers = _headers(scope)
        if "x-api-key" in headers:
            return self._by_key(scope, _raw_header(scope, b"x-api-key"))
        user = self._session_user(headers)
        if user is None:
            return 401, UNAUTHORIZED
        foreign = self._origin_is_foreign(scope)
        if foreign or (_changes_state(scope) and claimed_origin(headers) == "absent"):
            return 403, FOREIGN_ORIGIN
        _name_caller(scope, user)
        return None

    def _session_user(self, headers: dict[str, str]) -> str | None:
        cookie = _cookie(headers)
        return self.sessions.user(cookie) if cookie else None

    def _by_key(self, scope, given: bytes) -> tuple | None:
        address = _address(scope)
        wait = self.backoff.wait(address)
        if wait:
            return 429, too_many(wait), wait
        user = holder(given, self.keys)
        if user is None:
            self.backoff.failed(address)
            return 401, UNAUTHORIZED
        _name_caller(scope, user)
        return None

    def _origin_is_foreign(self, scope) -> bool:
        """True when the browser names an origin (Origin, else Referer) other than this server's."""
        headers = _headers(scope)
        claimed = claimed_origin(headers)
        if claimed == "absent":
            return False
        return claimed is None or (claimed != own_origin(scope, headers, self.forwarded_proto)
                                   and claimed not in self.trusted)

    async def _refuse(self, scope, send, status: int, body: dict, wait: float = 0.0) -> None:
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})
        accept = _headers(scope).get("accept", "")
        if status == 401 and scope["method"] == "GET" and "text/html" in accept:  # a person opening the UI
            return await _respond(send, 303, b"", [(b"location", b"/login")])
        extra = [(b"retry-after", str(math.ceil(wait)).encode())] if wait else []
        await _json(send, status, body, extra)

    async def _login(self, scope, receive, send) -> None:
        headers = _headers(scope)
        if scope["method"] != "POST":
            if self._session_user(headers):
                return await _respond(send, 303, b"", [(b"location", b"/")])  # already logged in
            return await _html(send, 200, _login_page(""))
        if self._origin_is_foreign(scope):
            return await _json(send, 403, FOREIGN_ORIGIN)
        address = _address(scope)
        wait = self.backoff.wait(address)
        if wait:
            return await _html(send, 429, _login_page(too_many(wait)["error"]["message_vi"]),
                               [(b"retry-after", str(math.ceil(wait)).encode())])
        body = await _read_body(receive, 8 * 1024)
        given = (parse_qs(body.decode("utf-8", "replace")).get("key") or [""])[0]
        user = holder(given, self.keys)
        if user is None:
            self.backoff.failed(address)
            return await _html(send, 401, _login_page("Khóa không đúng. Hãy nhập lại."))
        if _cookie(headers):
            self.sessions.close(_cookie(headers))  # the session this browser had before, if any
        cookie = self._cookie_header(self.sessions.open(user), scope, self.sessions.max)
        await _respond(send, 303, b"", [(b"location", b"/"), (b"set-cookie", cookie)])

    async def _logout(self, scope, receive, send) -> None:
        if scope["method"] != "POST":
            return await _json(send, 405, WRONG_METHOD, [(b"allow", b"POST")])
        headers = _headers(scope)
        if self._origin_is_foreign(scope) or claimed_origin(headers) == "absent":
            return await _json(send, 403, FOREIGN_ORIGIN)
        if _cookie(headers):
            self.sessions.close(_cookie(headers))
        cookie = self._cookie_header("", scope, 0)
        await _respond(send, 303, b"", [(b"location", b"/login"), (b"set-cookie", cookie)])

    def _cookie_header(self, value: str, scope, max_age: float) -> bytes:
        secure = "; Secure" if is_secure(scope, _headers(scope), self.forwarded_proto) else ""
        return f"{COOKIE}={value}; Max-Age={int(max_age)}; HttpOnly; SameSite=Strict; Path=/{secure}".encode()

    def _cap(self, scope) -> int:
        headers = _headers(scope)
        path = scope.get("path", "")
        if headers.get("content-type", "").startswith("multipart/") or path.endswith(UPLOAD_PATH_PARTS):
            return self.upload_cap
        return self.ui_cap if path.startswith("/gradio_api") else self.json_cap

    async def _bounded(self, scope, receive, send) -> None:
        """Answer 413 the moment a body passes its cap, then tell the app the client left: apps that
        catch every error while parsing a body (FastAPI answers 400) never get to answer instead."""
        cap = self._cap(scope)
        declared = _headers(scope).get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            return await _json(send, 413, too_large(cap))
        state = {"seen": 0, "started": False, "refused": False}

        async def counting_receive():
            message = await receive()
            state["seen"] += len(message.get("body", b""))
            if state["seen"] > cap and not state["refused"]:
                state["refused"] = True
                if not state["started"]:
                    state["started"] = True
                    await _json(send, 413, too_large(cap))
                return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if state["refused"]:
                return  # the 413 has been sent; whatever the app answers after it is dropped
            state["started"] = state["started"] or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counting_receive, guarded_send)


async def _read_body(receive, cap: int) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > cap or not message.get("more_body"):
            return body[:cap]


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _raw_header(scope, name: bytes) -> bytes:
    """A header's bytes as sent (a non-ASCII key arrives as UTF-8 bytes, not as Latin-1 text)."""
    return next((v for k, v in scope.get("headers", []) if k.lower() == name), b"")


def _cookie(headers: dict[str, str]) -> str:
    try:
        morsel = SimpleCookie(headers.get("cookie", "")).get(COOKIE)
    except CookieError:  # a malformed Cookie header is no session
        return ""
    return morsel.value if morsel else ""


def _changes_state(scope) -> bool:
    """Writes, and websocket handshakes (a GET that opens a channel both ways)."""
    return scope["type"] == "websocket" or scope.get("method") in STATE_CHANGING


def _address(scope) -> str:
    """The client address the back-off counts (behind a proxy, uvicorn's --proxy-headers sets it)."""
    client = scope.get("client")
    return client[0] if client else "unknown"


def _name_caller(scope, user: str) -> None:
    """Who is calling, for routes to record (request.state.planbot_user, or scope["planbot_user"])."""
    scope["planbot_user"] = user
    scope.setdefault("state", {})["planbot_user"] = user


def _login_page(message: str) -> bytes:
    html = LOGIN_PAGE.read_text(encoding="utf-8")
    return html.replace("{message}", message).encode("utf-8")


async def _respond(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    headers = headers + [(b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _json(send, status: int, payload: dict, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    await _respond(send, status, json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                   [(b"content-type", b"application/json; charset=utf-8")] + (extra or []))


async def _html(send, status: int, body: bytes, extra: list[tuple[bytes, bytes]] | None = None) -> None:
    await _respond(send, status, body, [(b"content-type", b"text/html; charset=utf-8")] + (extra or []))
