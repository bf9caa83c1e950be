"""The keys that open planbot, and who each one is.

PLANBOT_API_KEY is one shared key ("default"); PLANBOT_API_KEYS adds named ones (`ana=…,hoa=…`), so
an upload or a removal can say who made it. Keys are compared as UTF-8 bytes of their NFC form, in
constant time and against every key (no early exit), so any key — 'khóa-bí-mật-2026' too — works
whether a keyboard composed or decomposed its accents, and timing tells nothing about a wrong one.
"""
from __future__ import annotations

import hmac
import unicodedata

from core.errors import PlanbotError
from core.settings import Settings

DEFAULT_USER = "default"  # who logged in with PLANBOT_API_KEY


def key_bytes(key: str | bytes) -> bytes:
    """A key as compared: header bytes are read as UTF-8 (anything else cannot match), then NFC."""
    text = key.decode("utf-8", "replace") if isinstance(key, bytes) else key
    return unicodedata.normalize("NFC", text).encode("utf-8")


def named_keys(settings: Settings) -> dict[str, bytes]:
    """Every key by the name of its holder; empty when planbot is open (no key set)."""
    keys = {DEFAULT_USER: key_bytes(settings.api_key)} if settings.api_key else {}
    for pair in filter(None, (p.strip() for p in settings.api_keys.split(","))):
        name, _, key = pair.partition("=")
        if not name.strip() or not key.strip() or name.strip() in keys:
            raise _bad_pair(pair.partition("=")[0])
        keys[name.strip()] = key_bytes(key.strip())
    if len(set(keys.values())) < len(keys):
        raise PlanbotError("Hai người dùng trong PLANBOT_API_KEYS có cùng một khóa.",
                           "Two users in PLANBOT_API_KEYS share one key.",
                           hint_vi="Mỗi người một khóa riêng.", hint_en="Give each user a key of their own.")
    return keys


def _bad_pair(name: str) -> PlanbotError:
    return PlanbotError(f"PLANBOT_API_KEYS có một mục không đúng dạng tên=khóa (tên '{name}').",
                        f"PLANBOT_API_KEYS has an entry that is not name=key (name '{name}').",
                        hint_vi="Viết ten1=khoa1,ten2=khoa2: tên không trùng, khóa không rỗng, không có dấu phẩy.",
                        hint_en="Write name1=key1,name2=key2: names unique, keys non-empty, no comma in a key.")


def holder(given: str | bytes, keys: dict[str, bytes]) -> str | None:
    """The name whose key was given, or None; every key is compared, each in constant time."""
    given_bytes = key_bytes(given)
    found = None
    for name, key in keys.items():
        if hmac.compare_digest(given_bytes, key) and found is None:
            found = name
    return found
