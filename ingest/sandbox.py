"""Read, parse and chunk an untrusted file in a throw-away child process with hard limits.

A hostile file (a flate bomb, a form drawn a million times, a page of millions of characters) can
cost gigabytes and minutes inside pdfminer or lxml, where no check of ours runs. In a child the
kernel enforces the limits: address space (RLIMIT_AS), CPU seconds (RLIMIT_CPU) and a wall-clock
deadline kept by the parent; a child that dies or overruns is killed with its process group (OCR's
tesseract too) and the file is refused with the usual bilingual IngestError. The server process never
holds the parse's memory, so it is given back when the child exits, and its GIL stays free for
requests. Children fork from a forkserver that has already imported the readers: starting one costs
~0.1-0.25 s, not the seconds of a fresh interpreter (measured in tests/ingest/test_sandbox.py).
"""
from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from core.errors import IngestError
from core.settings import Settings
from core.types import Chunk, PlanDocument

_PRELOAD = ["ingest.sandbox_child", "ingest.sandbox", "ingest.parse", "ingest.chunk", "ingest.read", "ingest.read_office",
            "ingest.read_pdf", "pdfplumber", "docx"]  # imported once in the forkserver, shared by every child
_POLL_SECONDS = 0.05  # how often the parent samples the child's peak memory while waiting
_start_lock = threading.Lock()
_context = None


@dataclass
class WorkerRun:
    """What one child did: its result or error, and what it cost (for reports and the hostile suite)."""
    doc: PlanDocument | None
    chunks: list[Chunk] | None
    error: IngestError | None
    seconds: float
    peak_mb: float
    outcome: str  # "ok" | "refused" (a clear IngestError) | "killed: memory" | "killed: time" | "crashed"


def context():
    """The forkserver context, started once with the readers preloaded (threads of the server are
    never forked: the forkserver is a clean single-threaded process)."""
    global _context
    with _start_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(_PRELOAD)
            _context = ctx
    return _context


def warm_up() -> None:
    """Start the forkserver now (a server calls this at start) so the first upload does not pay for it."""
    from multiprocessing import forkserver
    context()
    forkserver.ensure_running()


def parse_isolated(path: Path, settings: Settings, chunk: bool = True) -> tuple[PlanDocument, list[Chunk]]:
    """The file's plan and chunks, parsed in a limited child; any failure is an IngestError naming it."""
    run = run_worker(path, settings, chunk)
    if run.error is not None:
        raise run.error
    return run.doc, run.chunks


def run_worker(path: Path, settings: Settings, chunk: bool = True) -> WorkerRun:
    path = Path(path)
    start = time.perf_counter()
    receive, send = context().Pipe(duplex=False)
    child = context().Process(target=_child_main, args=(send, str(path), settings, chunk), daemon=True,
                              name=f"planbot-parse-{path.name[:40]}")
    child.start()
    send.close()
    try:
        message, peak = _wait(child, receive, settings.parse_seconds)
    finally:
        receive.close()
        _kill(child)
    if message is None and child.exitcode == -signal.SIGXCPU:  # the CPU limit: the same as overrunning
        message = ("timeout",)
    return _outcome(message, peak, path.name, settings, time.perf_counter() - start)


def _wait(child, receive, seconds: float) -> tuple[tuple | None, float]:
    """The child's one message (None if it died or overran) and the largest resident size seen."""
    deadline, peak = time.monotonic() + seconds, 0.0
    while time.monotonic() < deadline:
        peak = max(peak, _resident_peak_mb(child.pid))
        if receive.poll(_POLL_SECONDS):
            try:
                message = receive.recv()
            except (EOFError, OSError):  # died without a word: killed by the kernel or a signal
                return None, peak
            return message, max(peak, message[-1])
        if not child.is_alive() and not receive.poll(0):
            return None, peak
    return ("timeout",), peak


def _kill(child) -> None:
    """The child and everything it started (tesseract) go; the zombie is reaped."""
    if child.is_alive():
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            child.kill()
    child.join(5)


def _resident_peak_mb(pid: int | None) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((l for l in status.splitlines() if l.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1]) / 1024


def _outcome(message: tuple | None, peak: float, name: str, settings: Settings, seconds: float) -> WorkerRun:
    if message and message[0] == "ok":
        return WorkerRun(message[1], message[2], None, seconds, peak, "ok")
    if message and message[0] == "error":
        return WorkerRun(None, None, IngestError(**message[1]), seconds, peak, "refused")
    if message and message[0] == "timeout":
        return WorkerRun(None, None, _limit_error(name, "time", settings), seconds, peak, "killed: time")
    if message and message[0] == "crash":
        return WorkerRun(None, None, _crash_error(name, message[1]), seconds, peak, "crashed")
    return WorkerRun(None, None, _limit_error(name, "memory", settings), seconds, peak, "killed: memory")


def _limit_error(name: str, what: str, settings: Settings) -> IngestError:
    if what == "time":
        vi = f"đọc tệp mất hơn {settings.parse_seconds:g} giây"
        en = f"reading it took more than {settings.parse_seconds:g} s"
        setting = "PLANBOT_PARSE_SECONDS"
    else:
        vi = f"đọc tệp cần hơn {settings.worker_memory_mb} MiB bộ nhớ"
        en = f"reading it needed more than {settings.worker_memory_mb} MiB of memory"
        setting = "PLANBOT_WORKER_MEMORY_MB"
    return IngestError(f"Đã dừng đọc tệp '{name}': {vi}. Chỉ mục hiện có không bị thay đổi.",
                       f"Stopped reading '{name}': {en}. The index was not changed.", file=name,
                       hint_vi=f"Tệp có thể hỏng hoặc chứa nội dung bất thường: hãy lưu lại tệp từ phần mềm gốc "
                               f"(hoặc xuất ra .docx / .txt) rồi tải lên lại; nếu là tệp hợp lệ, tăng {setting}.",
                       hint_en=f"The file may be damaged or crafted: save it again from its own program (or export "
                               f".docx / .txt) and re-upload; if it is a genuine plan, raise {setting}.")


def _crash_error(name: str, kind: str) -> IngestError:
    return IngestError(f"Không đọc được tệp '{name}' (lỗi khi phân tích nội dung). Chỉ mục hiện có không bị thay đổi.",
                       f"Cannot parse '{name}' ({kind}). The index was not changed.", file=name,
                       hint_vi="Hãy mở tệp bằng phần mềm gốc và lưu lại, rồi tải lên lại.",
                       hint_en="Open it in its own program, save it again and re-upload.")


def _child_main(send, path: str, settings: Settings, chunk: bool) -> None:
    """In the child: own process group, hard limits, then the ordinary read → parse → chunk."""
    os.setpgid(0, 0)
    _limit(settings)
    try:
        message = _parse_or_error(Path(path), settings, chunk)
    except MemoryError:
        message = ("memory",)
    except Exception as err:  # a parser bug on a strange file is that file's failure, reported as one
        message = ("crash", type(err).__name__)
    send.send(message + (_own_peak_mb(),))
    send.close()


def _parse_or_error(path: Path, settings: Settings, chunk: bool) -> tuple:
    try:
        return _parse(path, settings, chunk)
    except IngestError as err:
        if isinstance(err.__cause__, MemoryError):  # a reader's MemoryError, wrapped as a damaged file
            raise MemoryError from err
        return ("error", {"vi": err.vi, "en": err.en, "file": err.file, "hint_vi": err.hint_vi,
                          "hint_en": err.hint_en})


def _parse(path: Path, settings: Settings, chunk: bool) -> tuple:
    from ingest.chunk import chunk_document
    from ingest.parse import parse_document
    from ingest.read import Limits, read_document
    doc = parse_document(read_document(path, Limits.from_settings(settings)))
    return "ok", doc, (chunk_document(doc, settings.section_max_words) if chunk else [])


def _limit(settings: Settings) -> None:
    memory = settings.worker_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(settings.parse_seconds) + 1  # the wall clock is the parent's; this catches a child spinning alone
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _own_peak_mb() -> float:
    usage = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return max(usage) / 1024
