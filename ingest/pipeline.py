"""Ingest plan files end to end: read → parse → chunk → embed → index, with a summary.

Every file is parsed before anything is written, and a file that fails is reported and skipped:
the plans already in the index stay exactly as they were.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from core.errors import IngestError
from core.settings import Settings
from core.types import Chunk, PlanDocument
from ingest.chunk import chunk_document
from ingest.index import PlanIndex, ReplaceResult
from ingest.lock import bump_version, ensure_space, short_of_space, writer_lock
from ingest.read import SUPPORTED
from ingest.removed import mark_removed, removed_sources
from ingest.sandbox import parse_isolated


@dataclass
class PlanRow:
    source: str
    plan: str
    province: str
    tasks: int
    sections: int
    indicators: int
    chunks: int
    duplicate_lines_dropped: int
    result: ReplaceResult


@dataclass
class IngestReport:
    rows: list[PlanRow] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    seconds: float = 0.0
    embedded: int = 0
    cached: int = 0


def expand_paths(paths: list[Path]) -> list[Path]:
    """Folders expand to their supported files; explicit files are kept so bad ones get an error."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in SUPPORTED)
        else:
            files.append(p)
    return files


def load_plan(path: Path, settings: Settings) -> tuple[PlanDocument, list[Chunk]]:
    """Read, parse and chunk in a limited child process (ingest/sandbox.py): a hostile file costs
    the child, never this process, and is refused with a message naming it."""
    return parse_isolated(path, settings)


def with_chunks(doc: PlanDocument, settings: Settings) -> tuple[PlanDocument, list[Chunk]]:
    return doc, chunk_document(doc, settings.section_max_words)


def ingest_paths(paths: list[Path], index: PlanIndex, settings: Settings, skip_removed: bool = False) -> IngestReport:
    """`skip_removed`: the start-up ingest of the plan folders leaves out plans removed on purpose."""
    start = time.perf_counter()
    report = IngestReport()
    loaded = []
    skipped = removed_sources(settings.index_dir) if skip_removed else set()
    files = [p for p in expand_paths(paths) if p.name not in skipped]
    with ThreadPoolExecutor(max(settings.parse_workers, 1), thread_name_prefix="planbot-parse") as pool:
        for outcome in pool.map(lambda path: _load_or_error(path, settings), files):  # children parse side by side
            (report.errors if isinstance(outcome, IngestError) else loaded).append(outcome)
    return index_loaded(loaded, index, settings, report, start)


def _load_or_error(path: Path, settings: Settings) -> tuple[PlanDocument, list[Chunk]] | IngestError:
    try:
        return load_plan(path, settings)
    except IngestError as err:
        return err


def index_loaded(loaded: list[tuple[PlanDocument, list[Chunk]]], index: PlanIndex, settings: Settings,
                 report: IngestReport | None = None, start: float | None = None) -> IngestReport:
    """Index plans already read and parsed: an upload is parsed once, compared, then indexed."""
    report = report or IngestReport()
    start = time.perf_counter() if start is None else start
    todo = sum(len(chunks) for _, chunks in loaded)
    if not settings.chroma_url and short_of_space(settings.index_dir, settings.min_free_mb):  # a server has its own disk
        _refuse_changes(loaded, index, settings)
    with writer_lock(settings.index_dir, settings.writer_wait_seconds), \
            tqdm(total=todo, desc="Nhúng / embedding", unit="chunk", disable=not settings.show_progress) as bar:
        for doc, chunks in loaded:
            report.rows.append(_index_plan(doc, chunks, index, report, bar))
        mark_removed(settings.index_dir, {doc.metadata.source for doc, _ in loaded}, removed=False)
        if any(r.result.added or r.result.removed for r in report.rows):
            bump_version(settings.index_dir)
    report.seconds = time.perf_counter() - start
    return report


def _refuse_changes(loaded: list[tuple[PlanDocument, list[Chunk]]], index: PlanIndex, settings: Settings) -> None:
    """Short of space, only plans that would write something are refused: an unchanged plan (the
    start-up ingest of the plan folders) goes on. Asked only then, so a normal start reads each plan's
    ids once, in replace_source."""
    changing = [doc.metadata.source for doc, chunks in loaded if {c.id for c in chunks} != index.ids_of(doc.metadata.source)]
    if changing:
        names = ", ".join(changing)
        ensure_space(settings.index_dir, settings.min_free_mb, f"Chưa ghi {names} vào chỉ mục",
                     f"Did not write {names} to the index", file=names)


def remove_plan(source: str, index: PlanIndex, settings: Settings, check_space: bool = True) -> int:
    """Remove one plan's chunks under the writer lock; readers in other processes see the new version.
    `check_space=False` only to undo a write of this call (bot/service.py _take_back)."""
    if check_space and not settings.chroma_url:
        ensure_space(settings.index_dir, settings.min_free_mb, f"Chưa xoá kế hoạch '{source}'",
                     f"Did not remove the plan '{source}'", file=source)
    with writer_lock(settings.index_dir, settings.writer_wait_seconds):
        removed = index.remove_source(source)
        if removed:
            mark_removed(settings.index_dir, {source}, removed=True)
            bump_version(settings.index_dir)
    return removed


def _index_plan(doc: PlanDocument, chunks: list[Chunk], index: PlanIndex, report: IngestReport, bar) -> PlanRow:
    result = index.replace_source(doc.metadata.source, chunks, progress=bar.update)
    report.embedded += result.embedded
    report.cached += result.cached
    m = doc.metadata
    return PlanRow(m.source, m.display_number, m.locality, len(doc.tasks), len(doc.sections),
                   len(doc.indicators), len(chunks), doc.dropped_duplicate_lines, result)


def format_report(report: IngestReport) -> str:
    head = f"{'Tệp / file':28} {'Kế hoạch / plan':34} {'Tỉnh':12} {'NV':>4} {'Mục':>4} {'CT':>4} {'Chunk':>5} " \
           f"{'Mới':>4} {'Xoá':>4} {'Giữ':>4} {'Trùng':>5}"
    lines = [head, "-" * len(head)]
    for r in report.rows:
        lines.append(f"{r.source[:28]:28} {r.plan[:34]:34} {r.province[:12]:12} {r.tasks:>4} {r.sections:>4} "
                     f"{r.indicators:>4} {r.chunks:>5} {r.result.added:>4} {r.result.removed:>4} "
                     f"{r.result.unchanged:>4} {r.duplicate_lines_dropped:>5}")
    lines.append(f"Kế hoạch: {len(report.rows)}, nhiệm vụ: {sum(r.tasks for r in report.rows)}, "
                 f"mục: {sum(r.sections for r in report.rows)}, chỉ tiêu: {sum(r.indicators for r in report.rows)}, "
                 f"dòng trùng bỏ qua: {sum(r.duplicate_lines_dropped for r in report.rows)}, "
                 f"nhúng mới: {report.embedded}, lấy từ bộ đệm: {report.cached}, thời gian: {report.seconds:.1f} s")
    lines += [f"LỖI / ERROR: {e}" for e in report.errors]
    return "\n".join(lines)
