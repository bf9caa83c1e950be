"""Admission control for answers: a few in flight, a bounded line behind them, a clear 429 beyond.

Why: an answer is CPU work (embedding the question, searching, composing). With 50 askers at once on
2 cores every answer ran at the same time, each slowed by all the others, and /ask p95 reached 14 s
while nobody was told to come back later. Now at most `slots` answers run (one per core: more only
share the same cores), at most `queue` more wait their turn in arrival order, and anyone beyond that,
or anyone who would wait longer than `wait_seconds`, is refused at once with a time to retry.
The UI, the API and the chain all go through Planbot.ask, so they share one line.
"""
from __future__ import annotations

import math
import threading
import time
from contextlib import contextmanager

from core.errors import PlanbotError

SMOOTHING = 0.2  # weight of the newest answer time in the running mean that sets Retry-After


class BusyError(PlanbotError):
    """Too many questions at once; this one was not answered. `retry_after` is in seconds."""

    def __init__(self, running: int, waiting: int, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"Máy chủ đang trả lời {running} câu hỏi và {waiting} câu hỏi khác đang chờ; "
                         f"câu hỏi của bạn chưa được xử lý.",
                         f"The server is answering {running} questions with {waiting} more waiting; "
                         f"your question was not processed.",
                         hint_vi=f"Hãy hỏi lại sau khoảng {retry_after} giây.",
                         hint_en=f"Ask again in about {retry_after} seconds.")


class Admission:
    """`slots` answers at once; up to `queue` callers wait (first come, first served) at most
    `wait_seconds`; the rest get BusyError without waiting."""

    def __init__(self, slots: int, queue: int, wait_seconds: float):
        self.slots, self.queue, self.wait_seconds = max(1, slots), max(0, queue), wait_seconds
        self._free = threading.Semaphore(self.slots)
        self._lock = threading.Lock()
        self.running = self.waiting = 0
        self._mean_seconds = 0.5  # first guess of one answer's time, replaced as answers finish

    @contextmanager
    def slot(self):
        self._enter()
        started = time.perf_counter()
        try:
            yield
        finally:
            self._leave(time.perf_counter() - started)

    def _enter(self) -> None:
        with self._lock:
            if self.running + self.waiting >= self.slots + self.queue:
                raise self._busy()
            self.waiting += 1
        got = self._free.acquire(timeout=self.wait_seconds)
        with self._lock:
            self.waiting -= 1
            if not got:
                raise self._busy()
            self.running += 1

    def _leave(self, seconds: float) -> None:
        with self._lock:
            self.running -= 1
            self._mean_seconds += SMOOTHING * (seconds - self._mean_seconds)
        self._free.release()

    def _busy(self) -> BusyError:
        """Retry when the line ahead should have drained: (running + waiting) answers over `slots` lanes."""
        ahead = self.running + self.waiting + 1
        return BusyError(self.running, self.waiting, max(1, math.ceil(ahead * self._mean_seconds / self.slots)))
