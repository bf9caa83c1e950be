"""Sessions, back-off, keys and origins as plain values (the gate's HTTP behaviour: test_gate.py)."""
import unicodedata

import pytest
from hypothesis import given, strategies as st

from bot.serving.keys import holder, named_keys
from bot.serving.origin import claimed_origin, own_origin, parse_origin
from bot.serving.sessions import Backoff, SessionStore
from core.errors import PlanbotError
from core.settings import Settings

pytestmark = pytest.mark.unit


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_sessions_are_random_per_login_and_expire_idle_or_absolute():
    clock = Clock()
    store = SessionStore(idle_seconds=60, max_seconds=300, clock=clock)
    a, b = store.open("an"), store.open("binh")
    assert a != b and store.user(a) == "an" and store.user(b) == "binh" and store.user("forged") is None
    for _ in range(4):  # in use every 50 s: never idle, but the absolute limit still holds
        clock.now += 50
        assert store.user(a) == "an"
    clock.now += 61
    assert store.user(b) is None  # idle
    clock.now += 50
    assert store.user(a) is None  # 311 s after its login
    assert len(store) == 0


def test_closing_a_session_ends_only_that_one():
    store = SessionStore(60, 300, clock=Clock())
    a, b = store.open("an"), store.open("an")
    store.close(a)
    assert store.user(a) is None and store.user(b) == "an"


def test_backoff_doubles_after_the_allowed_failures_and_forgets_after_quiet():
    clock = Clock()
    backoff = Backoff(max_failures=3, first_wait=2, longest_wait=60, clock=clock)
    for _ in range(2):
        backoff.failed("10.0.0.1")
        assert backoff.wait("10.0.0.1") == 0
    waits = []
    for _ in range(6):
        backoff.failed("10.0.0.1")
        waits.append(backoff.wait("10.0.0.1"))
    assert waits == [2, 4, 8, 16, 32, 60] and backoff.wait("10.0.0.2") == 0
    clock.now += 61
    assert backoff.wait("10.0.0.1") == 0
    backoff.failed("10.0.0.1")
    assert backoff.wait("10.0.0.1") == 0  # counting afresh


def test_named_keys_and_the_single_key_each_name_their_holder():
    keys = named_keys(Settings(api_key="chung", api_keys="an=khóa-của-An, binh = b=2"))
    assert holder(b"chung", keys) == "default" and holder("khóa-của-An".encode(), keys) == "an"
    assert holder("b=2", keys) == "binh" and holder("khóa", keys) is None and holder(b"\xff\xfe", keys) is None
    assert holder(unicodedata.normalize("NFD", "khóa-của-An"), keys) == "an"
    assert named_keys(Settings()) == {}


@pytest.mark.parametrize("pairs", ["an", "=k", "an=", "an=a,an=b", "an=same,binh=same"])
def test_malformed_named_keys_stop_the_start_with_a_message(pairs):
    with pytest.raises(PlanbotError, match="PLANBOT_API_KEYS"):
        named_keys(Settings(api_keys=pairs))


@given(st.text(min_size=1, max_size=30), st.text(max_size=30))
def test_any_key_matches_itself_and_only_itself(key, other):
    keys = named_keys(Settings(api_key=key))
    assert holder(key.encode("utf-8"), keys) == "default" and holder(key, keys) == "default"
    if unicodedata.normalize("NFC", other) != unicodedata.normalize("NFC", key):
        assert holder(other.encode("utf-8"), keys) is None


def test_origins_compare_scheme_host_and_port():
    assert parse_origin("http://127.0.0.1:7860") == ("http", "127.0.0.1", 7860)
    assert parse_origin("https://Planbot.example/page?x=1") == ("https", "planbot.example", 443)
    assert parse_origin("null") is None and parse_origin("http://[::1]:99999") is None
    scope = {"scheme": "http", "server": ("127.0.0.1", 7860)}
    assert own_origin(scope, {"host": "127.0.0.1:7860"}, False) == parse_origin("http://127.0.0.1:7860")
    assert own_origin(scope, {"host": "127.0.0.1:7860"}, False) != parse_origin("http://127.0.0.1:7889")
    assert own_origin(scope, {}, False) == ("http", "127.0.0.1", 7860)
    proxied = {"host": "planbot.example", "x-forwarded-proto": "https"}
    assert own_origin(scope, proxied, True) == ("https", "planbot.example", 443)
    assert own_origin(scope, proxied, False) == ("http", "planbot.example", 80)
    assert claimed_origin({}) == "absent" and claimed_origin({"referer": "http://a:1/x"}) == ("http", "a", 1)
