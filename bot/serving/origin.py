"""Where a browser request comes from, compared with where this server is — port included.

SameSite cookies are not enough: a page on http://127.0.0.1:7889 is the same *site* as planbot on
:7860 (ports do not count for sites, nor for cookies), so its forms and fetches carry planbot's
cookie. The Origin header (or, when a browser leaves it out, the Referer) names scheme, host and
port, so it tells the two apart; Django and the OWASP CSRF guidance check it the same way.
"""
from __future__ import annotations

from urllib.parse import urlsplit

Origin = tuple[str, str, int]  # scheme, host (lower case), port
DEFAULT_PORTS = {"http": 80, "https": 443}
WEB_SCHEMES = {"http": "http", "https": "https", "ws": "http", "wss": "https"}


def parse_origin(url: str) -> Origin | None:
    """scheme://host[:port][/…] → (scheme, host, port); None for 'null' or anything unparsable."""
    try:
        parts = urlsplit(url.strip())
        scheme = WEB_SCHEMES.get(parts.scheme.lower())
        port = parts.port
    except ValueError:
        return None
    if not scheme or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def trusted_origins(setting: str) -> set[Origin]:
    return {o for o in (parse_origin(u) for u in setting.split(",") if u.strip()) if o}


def own_origin(scope, headers: dict[str, str], trust_forwarded_proto: bool) -> Origin | None:
    """This server as the browser addressed it: the Host header and the request's scheme."""
    scheme = WEB_SCHEMES.get(scope.get("scheme", "http"), "http")
    forwarded = headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    if trust_forwarded_proto and forwarded in DEFAULT_PORTS:
        scheme = forwarded
    host = headers.get("host") or ":".join(str(p) for p in (scope.get("server") or ("", "")))
    return parse_origin(f"{scheme}://{host}")


def claimed_origin(headers: dict[str, str]) -> Origin | None | str:
    """The origin the browser states: Origin, else Referer's; "absent" when it sends neither."""
    if "origin" in headers:
        return parse_origin(headers["origin"])
    if "referer" in headers:
        return parse_origin(headers["referer"])
    return "absent"


def is_secure(scope, headers: dict[str, str], trust_forwarded_proto: bool) -> bool:
    own = own_origin(scope, headers, trust_forwarded_proto)
    return bool(own) and own[0] == "https"
