"""One background writer: uploads and removals run one at a time, off the request path.

A request that changes the index gets a job id at once; the job runs in the worker thread while
questions keep being answered from the current snapshot, and `GET /jobs/{id}` (or the UI) follows it.
"""
from __future__ import annotations

import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable

from bot.gate import error_body
from core.errors import PlanbotError, StorageError

KEEP_FINISHED = 200  # finished jobs remembered for status look-ups; older ones are forgotten


@dataclass
class Job:
    id: str
    kind: str
    status: str = "queued"  # queued → running → done | failed
    result: Any = None
    error: PlanbotError | None = None
    created: float = field(default_factory=time.time)
    finished: threading.Event = field(default_factory=threading.Event, repr=False)

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
    def __init__(self) -> None:
        self._jobs: dict[str, Job] = {}
        self._todo: queue.Queue[tuple[Job, Callable[[], Any]]] = queue.Queue()
        threading.Thread(target=self._work, name="planbot-writer", daemon=True).start()

    def submit(self, kind: str, task: Callable[[], Any]) -> Job:
        job = Job(uuid.uuid4().hex[:12], kind)
        self._jobs[job.id] = job
        self._todo.put((job, task))
        self._forget_old()
        return job

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
            except PlanbotError as err:
                job.error, job.status = err, "failed"
            except Exception as err:  # a crash is a failed job, never a dead worker
                job.error = PlanbotError("Lỗi nội bộ khi xử lý yêu cầu.", f"Internal error: {type(err).__name__}")
                job.status = "failed"
            finally:
                job.finished.set()

    def _forget_old(self) -> None:
        done = [j for j in self._jobs.values() if j.finished.is_set()]
        for job in sorted(done, key=lambda j: j.created)[:-KEEP_FINISHED]:
            self._jobs.pop(job.id, None)
