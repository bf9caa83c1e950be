"""One gate in front of every route (API and Gradio UI alike): the API key and the body-size limits.

It is a pure ASGI middleware around the whole app, so nothing mounted later (Gradio's /config,
/gradio_api/call/*, /gradio_api/upload, its queue and file routes) can slip past it. Browsers log in
once with the key on /login and then carry an HttpOnly session cookie; programs send `X-API-Key`.
Bodies are counted while they stream, so `Transfer-Encoding: chunked` cannot bypass the limits.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs

from core.settings import Settings

COOKIE = "planbot_session"
PUBLIC_PATHS = {  # path -> why it needs no key
    "/health": "liveness probes of load balancers and monitors",
    "/login": "the form where the key is entered",
    "/favicon.ico": "browsers ask for it before any login",
}
LOGIN_PAGE = Path(__file__).with_name("login.html")
UPLOAD_PATH_PARTS = ("/upload",)  # Gradio's upload route; API uploads are recognised by content type


def error_body(code: str, vi: str, en: str, hint_vi: str = "", hint_en: str = "", file: str | None = None) -> dict:
    """The one JSON error shape of the API."""
    return {"error": {"code": code, "message_vi": vi, "message_en": en, "hint_vi": hint_vi, "hint_en": hint_en,
                      "file": file}}


UNAUTHORIZED = error_body("unauthorized", "Thiếu hoặc sai khóa API.", "Missing or wrong API key.",
                          hint_vi="Gửi khóa trong tiêu đề X-API-Key, hoặc đăng nhập tại /login.",
                          hint_en="Send the key in the X-API-Key header, or log in at /login.")


def session_token(api_key: str) -> str:
    """Stateless session: a keyed hash of the API key, so changing the key logs everyone out."""
    return hmac.new(api_key.encode(), b"planbot-session-v1", hashlib.sha256).hexdigest()


def too_large(cap: int) -> dict:
    return error_body("too_large", f"Nội dung gửi lên quá lớn (tối đa {cap} byte).",
                      f"Request body too large (at most {cap} bytes).",
                      hint_vi="Hãy gửi tệp nhỏ hơn hoặc tăng giới hạn trong cấu hình.",
                      hint_en="Send a smaller body or raise the limit in settings.")


class Gate:
    """ASGI middleware: authenticate, then bound the request body."""

    def __init__(self, app, settings: Settings):
        self.app = app
        self.key = settings.api_key
        self.token = session_token(self.key) if self.key else ""
        self.json_cap = settings.max_request_kb * 1024
        self.ui_cap = settings.max_ui_request_kb * 1024
        self.upload_cap = int(settings.max_file_mb * 1024 * 1024) + 64 * 1024  # multipart framing

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if self.key and path == "/login" and scope["type"] == "http":
            return await self._login(scope, receive, send)
        if self.key and path not in PUBLIC_PATHS and not self._authorised(scope):
            return await self._deny(scope, send)
        if scope["type"] == "websocket":
            return await self.app(scope, receive, send)
        await self._bounded(scope, receive, send)

    def _authorised(self, scope) -> bool:
        headers = _headers(scope)
        if hmac.compare_digest(headers.get("x-api-key", ""), self.key):
            return True
        cookie = SimpleCookie(headers.get("cookie", "")).get(COOKIE)
        return bool(cookie) and hmac.compare_digest(cookie.value, self.token)

    async def _deny(self, scope, send) -> None:
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})
        accept = _headers(scope).get("accept", "")
        if scope["method"] == "GET" and "text/html" in accept:  # a person opening the UI: show the login
            return await _respond(send, 303, b"", [(b"location", b"/login")])
        await _json(send, 401, UNAUTHORIZED)

    async def _login(self, scope, receive, send) -> None:
        if scope["method"] != "POST":
            return await _html(send, 200, _login_page(""))
        body = await _read_body(receive, 8 * 1024)
        given = (parse_qs(body.decode("utf-8", "replace")).get("key") or [""])[0]
        if not hmac.compare_digest(given, self.key):
            return await _html(send, 401, _login_page("Khóa không đúng. Hãy nhập lại."))
        cookie = f"{COOKIE}={self.token}; HttpOnly; SameSite=Lax; Path=/"
        await _respond(send, 303, b"", [(b"location", b"/"), (b"set-cookie", cookie.encode())])

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


def _login_page(message: str) -> bytes:
    html = LOGIN_PAGE.read_text(encoding="utf-8")
    return html.replace("{message}", message).encode("utf-8")


async def _respond(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    headers = headers + [(b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _json(send, status: int, payload: dict) -> None:
    await _respond(send, status, json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                   [(b"content-type", b"application/json; charset=utf-8")])


async def _html(send, status: int, body: bytes) -> None:
    await _respond(send, status, body, [(b"content-type", b"text/html; charset=utf-8")])
