"""One background writer: uploads and removals run one at a time, off the request path.

A request that changes the index gets a job id at once; the job runs in the worker thread while
questions keep being answered from the current snapshot, and `GET /jobs/{id}` (or the UI) follows it.
An upload is first parsed (`prepare`, in a child process: ingest/sandbox.py) by one of a few parse
threads, apart from the writer, so one slow file holds back neither the writes of the others nor
their status; only then does the writer index it. Uploads waiting or in progress are bounded: each
holds its file, and 30 queued 19 MB uploads took the server from 1.9 to 3.6 GB. Past the bound a
submission is refused at once (the API answers 429 with Retry-After).
"""
from __future__ import annotations

import queue
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from bot.serving.gate import error_body
from core.errors import PlanbotError, StorageError

PENDING = ("parsing", "queued", "running")  # a job's states before it is done or failed
KEEP_FINISHED = 200  # finished jobs remembered for status look-ups; older ones are forgotten
RETRY_AFTER_SECONDS = 30  # a real plan parses and indexes in ~5-30 s: by then a place is likely free


class QueueFullError(PlanbotError):
    """Too many uploads are waiting; nothing was stored. `retry_after` is in seconds."""

    def __init__(self, waiting: int, retry_after: int = RETRY_AFTER_SECONDS):
        self.retry_after = retry_after
        super().__init__(f"Máy chủ đang xử lý {waiting} tệp tải lên, chưa nhận thêm tệp mới. Chưa có gì thay đổi.",
                         f"The server is busy with {waiting} uploads and takes no more for now. Nothing was changed.",
                         hint_vi=f"Hãy thử lại sau khoảng {retry_after} giây.",
                         hint_en=f"Try again in about {retry_after} seconds.")


@dataclass
class Job:
    id: str
    kind: str
    status: str = "queued"  # (parsing →) queued → running → done | failed
    result: Any = None
    error: PlanbotError | None = None
    created: float = field(default_factory=time.time)
    finished: threading.Event = field(default_factory=threading.Event, repr=False)
    bounded: bool = field(default=False, repr=False)  # holds one of the queue's places until finished

    def view(self) -> dict:
        out = {"id": self.id, "kind": self.kind, "status": self.status}
        if self.status == "done":
            out["result"] = self.result
        if self.error is not None:
            e = self.error
            code = "storage_error" if isinstance(e, StorageError) else "bad_file"
            out["error"] = error_body(code, e.vi, e.en, e.hint_vi, e.hint_en, e.file)["error"]
        return out


class JobQueue:
    def __init__(self, max_waiting: int = 8, parse_workers: int = 2) -> None:
        self._jobs: dict[str, Job] = {}
        self._todo: queue.Queue[tuple[Job, Callable[[], Any]]] = queue.Queue()
        self._parsers = ThreadPoolExecutor(max(parse_workers, 1), thread_name_prefix="planbot-parse")
        self._max_waiting, self._bounded, self._count_lock = max_waiting, 0, threading.Lock()
        threading.Thread(target=self._work, name="planbot-writer", daemon=True).start()

    def submit(self, kind: str, task: Callable[..., Any], prepare: Callable[[], Any] | None = None,
               bounded: bool = False) -> Job:
        """`prepare` (parsing) runs in a parse thread and its result is given to `task` in the writer.
        A `bounded` job (an upload) is refused with QueueFullError when the bound is reached."""
        job = Job(uuid.uuid4().hex[:12], kind, bounded=bounded)
        if bounded:
            self._take_place()
        self._jobs[job.id] = job
        if prepare is None:
            self._todo.put((job, task))
        else:
            job.status = "parsing"
            self._parsers.submit(self._prepare, job, prepare, task)
        self._forget_old()
        return job

    def _take_place(self) -> None:
        with self._count_lock:
            if self._bounded >= self._max_waiting:
                raise QueueFullError(self._bounded)
            self._bounded += 1

    def _finish(self, job: Job) -> None:
        if job.bounded:
            with self._count_lock:
                self._bounded -= 1
        job.finished.set()

    def _prepare(self, job: Job, prepare: Callable[[], Any], task: Callable[[Any], Any]) -> None:
        try:
            prepared = prepare()
        except Exception as err:
            self._fail(job, err)
            return
        job.status = "queued"
        self._todo.put((job, lambda: task(prepared)))

    def run(self, kind: str, task: Callable[[], Any], timeout: float | None = None) -> Job:
        """Submit and wait: writes from the UI and CLI-like callers still go one at a time."""
        job = self.submit(kind, task)
        job.finished.wait(timeout)
        return job

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def _work(self) -> None:
        while True:
            job, task = self._todo.get()
            job.status = "running"
            try:
                job.result, job.status = task(), "done"
                self._finish(job)
            except Exception as err:
                self._fail(job, err)

    def _fail(self, job: Job, err: Exception) -> None:
        """A crash is a failed job, never a dead worker."""
        job.error = err if isinstance(err, PlanbotError) else \
            PlanbotError("Lỗi nội bộ khi xử lý yêu cầu.", f"Internal error: {type(err).__name__}")
        job.status = "failed"
        self._finish(job)

    def _forget_old(self) -> None:
        done = [j for j in self._jobs.values() if j.finished.is_set()]
        for job in sorted(done, key=lambda j: j.created)[:-KEEP_FINISHED]:
            self._jobs.pop(job.id, None)
