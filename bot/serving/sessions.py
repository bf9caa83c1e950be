"""Web UI sessions and the back-off on wrong keys, both kept in this process's memory.

A login gets its own random id (secrets.token_urlsafe), so one person's logout or expiry touches
nobody else, and a stolen cookie dies with its session. Memory is enough for one uvicorn process:
a restart logs everyone out, which costs a login. Several worker processes would each hold their
own sessions, so a person would be sent to /login by the workers they did not log in to — run one
process (the Chroma note in the README says the same for the index). Both are used from the event
loop only (bot/serving/gate.py is an ASGI middleware), so they need no lock.

The back-off counts wrong keys per client address: after `max_failures` every further attempt has
to wait, twice as long each time, so guessing a key costs hours instead of seconds.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Callable

MAX_SESSIONS = 10_000  # a bound on memory: the oldest sessions go first
MAX_ADDRESSES = 10_000  # addresses with wrong keys remembered at once


@dataclass
class Session:
    user: str  # the name of the key that logged in ("default" for PLANBOT_API_KEY)
    started: float
    seen: float


def _digest(session_id: str) -> str:
    """Sessions are stored under a hash of their id: a dump of this process's memory holds no cookie."""
    return hashlib.sha256(session_id.encode("utf-8", "replace")).hexdigest()


class SessionStore:
    """Random session ids with an idle and an absolute expiry."""

    def __init__(self, idle_seconds: float, max_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.idle, self.max, self.clock = idle_seconds, max_seconds, clock
        self._sessions: dict[str, Session] = {}

    def open(self, user: str) -> str:
        """A new session for `user`; the id is what the cookie carries."""
        self._forget_expired()
        if len(self._sessions) >= MAX_SESSIONS:
            del self._sessions[next(iter(self._sessions))]  # dicts keep insertion order: the oldest
        session_id = secrets.token_urlsafe(32)
        now = self.clock()
        self._sessions[_digest(session_id)] = Session(user=user, started=now, seen=now)
        return session_id

    def user(self, session_id: str) -> str | None:
        """Who this session belongs to, or None when it is unknown or expired (then it is dropped)."""
        key = _digest(session_id)
        session = self._sessions.get(key)
        if session is None:
            return None
        now = self.clock()
        if self._expired(session, now):
            del self._sessions[key]
            return None
        session.seen = now
        return session.user

    def close(self, session_id: str) -> None:
        self._sessions.pop(_digest(session_id), None)

    def __len__(self) -> int:
        return len(self._sessions)

    def _expired(self, session: Session, now: float) -> bool:
        return now - session.seen > self.idle or now - session.started > self.max

    def _forget_expired(self) -> None:
        now = self.clock()
        for key in [k for k, s in self._sessions.items() if self._expired(s, now)]:
            del self._sessions[key]


@dataclass
class _Failures:
    count: int
    last: float


class Backoff:
    """Wrong keys per client address: after `max_failures`, each further one doubles the wait."""

    def __init__(self, max_failures: int, first_wait: float, longest_wait: float,
                 clock: Callable[[], float] = time.monotonic):
        self.max_failures, self.first_wait, self.longest_wait, self.clock = max_failures, first_wait, longest_wait, clock
        self._failures: dict[str, _Failures] = {}

    def wait(self, address: str) -> float:
        """Seconds this address must still wait before its next key is even looked at (0: go ahead)."""
        entry = self._failures.get(address)
        if entry is None:
            return 0.0
        elapsed = self.clock() - entry.last
        if elapsed > self.longest_wait:
            del self._failures[address]  # quiet long enough: start counting afresh
            return 0.0
        return max(0.0, self._delay(entry.count) - elapsed)

    def failed(self, address: str) -> None:
        if len(self._failures) >= MAX_ADDRESSES and address not in self._failures:
            del self._failures[next(iter(self._failures))]
        entry = self._failures.setdefault(address, _Failures(0, 0.0))
        entry.count += 1
        entry.last = self.clock()

    def succeeded(self, address: str) -> None:
        self._failures.pop(address, None)

    def _delay(self, count: int) -> float:
        if count < self.max_failures:
            return 0.0
        return min(self.longest_wait, self.first_wait * 2 ** (count - self.max_failures))
