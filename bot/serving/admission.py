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
from collections import deque
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
        self._lock = threading.Lock()
        self._line: deque[threading.Event] = deque()  # the waiting, oldest first
        self.running = 0
        self._mean_seconds = 0.5  # first guess of one answer's time, replaced as answers finish

    @property
    def waiting(self) -> int:
        return len(self._line)

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
            if self.running < self.slots and not self._line:
                self.running += 1
                return
            if self.running + len(self._line) >= self.slots + self.queue:
                raise self._busy()
            turn = threading.Event()
            self._line.append(turn)
        if turn.wait(self.wait_seconds):
            return
        with self._lock:
            if turn.is_set():  # handed a slot just as the wait ended
                return
            self._line.remove(turn)
            raise self._busy()

    def _leave(self, seconds: float) -> None:
        """The slot goes straight to the oldest waiter: a late arrival never overtakes the line (with a
        plain semaphore a woken waiter could lose the slot to a newcomer and wait again, the tail grew)."""
        with self._lock:
            self._mean_seconds += SMOOTHING * (seconds - self._mean_seconds)
            if self._line:
                self._line.popleft().set()
            else:
                self.running -= 1

    def _busy(self) -> BusyError:
        """Retry when the line ahead should have drained: (running + waiting) answers over `slots` lanes."""
        ahead = self.running + self.waiting + 1
        return BusyError(self.running, self.waiting, max(1, math.ceil(ahead * self._mean_seconds / self.slots)))
