"""One Planbot: the index, the search and the answer chain, shared by the CLI, the API and the UI.

Everything a user can do goes through these methods; the layers above only translate requests.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import threading
from pathlib import Path

from bot.serving import provenance
from bot.serving.admission import Admission
from bot.answering.answer import Context, answer
from bot.answering.chain import as_runnable
from bot.serving.jobs import Job, JobQueue
from bot.answering.query import Catalog, resolve_follow_up
from bot.answering.retrieve import HybridSearch
from bot.serving.uploads import check_upload
from core.errors import IngestError, PlanbotError, StorageError, storage_error
from core.provinces import province_name
from core.settings import Settings
from core.text import agency_key, agency_label, clean_question, fold, number_key, split_agencies
from core.types import Answer, Chunk, Filters, PlanDocument
from ingest.agencies import is_agency_name
from ingest.index import PlanIndex, open_index
from ingest.lock import index_version, reader_lock
from ingest.pipeline import IngestReport, expand_paths, index_loaded, ingest_paths, remove_plan, with_chunks
from ingest.report import ReadReport
from ingest.sandbox import parse_isolated, warm_up


STAGING = ".staging"  # inside the upload folder; the start-up ingest does not look into sub-folders


class UnknownFilterError(PlanbotError):
    """A filter names a plan, place or agency the index does not have."""


class Planbot:
    def __init__(self, settings: Settings, index: PlanIndex | None = None, generator=None):
        from bot.answering.generate import make_generator
        self.settings = settings
        self.index = index or open_index(settings)
        self.search = HybridSearch(self.index, Path(settings.index_dir) / "lexical")
        self._lock = threading.RLock()
        self.catalog = self._build_catalog()
        self._version = index_version(settings.index_dir)
        self.jobs = JobQueue(settings.max_queued_uploads, settings.parse_workers)
        self.admission = Admission(settings.answer_workers, settings.answer_queue, settings.answer_wait_seconds)
        warm_up()  # the parse forkserver starts now, not on the first upload
        self.generator = generator if generator is not None else make_generator(settings)
        self.chain = as_runnable(self)  # LangChain clients: invoke / batch / stream over ask()

    def ask(self, question: str, filters: Filters | None = None, mode: str = "composed",
            previous: str | None = None) -> Answer:
        """One question, or a follow-up to `previous` ('Còn ở Quảng Ngãi thì sao?'): the answer's
        `question` is the question as resolved, for the caller to pass back as the next `previous`.
        The one entry of every question (UI, API, CLI, chain): it is cleaned here, before anything reads it."""
        question, previous = clean_question(question), clean_question(previous) if previous else previous
        if len(question) > self.settings.max_question_chars:  # the UI and CLI too, not only the API
            raise PlanbotError(f"Câu hỏi quá dài ({len(question)} ký tự, tối đa {self.settings.max_question_chars}).",
                               f"Question too long ({len(question)} characters, at most "
                               f"{self.settings.max_question_chars}).",
                               hint_vi="Hãy hỏi ngắn gọn, một câu hỏi mỗi lần.", hint_en="Ask one short question.")
        with self.admission.slot():  # beyond the bound: BusyError at once (API: 429 with Retry-After)
            self.follow_outside_writes()
            question = resolve_follow_up(question, previous, self.catalog)
            return self._with_provenance(answer(question, filters, self.context(), mode))

    def _with_provenance(self, result: Answer) -> Answer:
        """Each citation says who added its plan and whether it is an upload nobody has confirmed."""
        entries = provenance.load(self.settings.index_dir)
        for c in result.citations:
            shown = provenance.view(entries.get(c.source))
            c.added_by, c.unconfirmed = shown["added_by"], shown["unconfirmed"]
        return result

    def context(self) -> Context:
        return Context(catalog=self.catalog, search=self.search, resolve=self.resolve_filters,
                       places=self.place_names(), max_plans=self.settings.answer_max_plans, generator=self.generator,
                       list_rows=self.settings.answer_list_rows)

    def search_chunks(self, query: str, filters: Filters | None = None, k: int = 5) -> list[tuple[Chunk, float]]:
        return self.search.search(clean_question(query), k=k, filters=self.resolve_filters(filters or Filters()))

    def documents(self) -> list[dict]:
        self.follow_outside_writes()
        docs = self.search.chunks_where(None, ["document"])
        counts: dict[str, dict[str, int]] = {}
        for c in self.search.chunks.values():
            counts.setdefault(c.source, {}).setdefault(c.kind, 0)
            counts[c.source][c.kind] += 1
        entries = provenance.load(self.settings.index_dir)
        return sorted(({**_listed(d.metadata), **provenance.view(entries.get(d.source)),
                        "tasks": counts.get(d.source, {}).get("task", 0),
                        "indicators": counts.get(d.source, {}).get("indicator", 0),
                        "sections": counts.get(d.source, {}).get("section", 0)} for d in docs),
                      key=lambda m: m["source"])

    def report(self, source: str) -> ReadReport:
        """What was read from an indexed plan, as stored with it when it was indexed."""
        self.follow_outside_writes()
        docs = [c for c in self.search.chunks_where(None, ["document"]) if c.source == source]
        if not docs:
            raise UnknownFilterError(f"Không có kế hoạch '{source}' trong chỉ mục.", f"Unknown plan '{source}'.")
        return stored_report(docs[0].metadata)

    def tasks(self, filters: Filters | None = None) -> list[dict]:
        self.follow_outside_writes()
        rows = [c.metadata for c in self.search.chunks_where(self.resolve_filters(filters or Filters()), ["task"])]
        return sorted(rows, key=lambda m: (m["source"], number_key(m.get("task_number", ""))))

    def ingest(self, paths: list[Path], skip_removed: bool = False, added_by: str = provenance.SYSTEM,
               uploaded: bool = False) -> IngestReport:
        """Plans from files: each indexed one without provenance (or whose file changed) is recorded
        as added by `added_by` (the system, for the bundled plans and a shell's `planbot ingest`)."""
        report = self._write(lambda: ingest_paths(paths, self.index, self.settings, skip_removed))
        files = {p.name: p for p in expand_paths(paths)}
        provenance.record_missing(self.settings.index_dir, {r.source: files[r.source] for r in report.rows
                                                            if r.source in files}, added_by, uploaded)
        return report

    def ingest_folders(self) -> IngestReport:
        """At start: the bundled plans and the uploads, read again so chunks written by an older version
        get the metadata this one reads (unchanged chunks cost nothing; embeddings come from the cache).
        Plans removed on purpose are left out."""
        uploads = Path(self.settings.upload_dir)
        shutil.rmtree(uploads / STAGING, ignore_errors=True)  # left by a process killed mid-upload
        report = self.ingest([self.settings.plans_dir], skip_removed=True)
        if uploads.is_dir():  # uploads kept before provenance was recorded: by someone unknown, unconfirmed
            report.rows += self.ingest([uploads], True, provenance.UNKNOWN, uploaded=True).rows
        return report

    def _write(self, write) -> IngestReport:
        with self._lock:
            self.follow_outside_writes()  # write through a client that sees what other processes wrote
            report = write()
            if any(r.result.added or r.result.removed for r in report.rows):
                self.refresh()  # the constructor already built search and catalog for an unchanged index
            return report

    def ingest_upload(self, filename: str, data: bytes, replace: bool = False) -> IngestReport:
        """An uploaded file: staged inside the upload folder (so keeping it is a rename that needs no
        space), parsed in a limited child process, compared with the indexed plans by content and
        number (bot/serving/uploads.py), indexed, then kept. A bad or duplicate file, or a full or read-only
        disk, raises and changes nothing. `replace` swaps out the plan it duplicates, after the new one
        is in."""
        work, doc = self._parse_upload(self._upload_name(filename), data)
        return self._write_upload(work, doc, replace)

    def _upload_name(self, filename: str) -> str:
        name = safe_name(filename)
        if not name:
            raise IngestError("Tệp tải lên không có tên hợp lệ.", "The uploaded file has no valid name.",
                              hint_vi="Hãy đặt tên tệp, ví dụ ke-hoach.docx.", hint_en="Name the file, e.g. plan.docx.")
        return name

    def _parse_upload(self, name: str, data: bytes) -> tuple[Path, PlanDocument]:
        """Staged and parsed outside the writer lock: a slow file does not hold back other writes."""
        work = self._stage(name, data)
        try:
            return work, parse_isolated(work / name, self.settings, chunk=False)[0]
        except BaseException:
            _unstage(work)
            raise

    def _write_upload(self, work: Path, doc: PlanDocument, replace: bool) -> IngestReport:
        with self._lock:
            try:
                return self._keep_upload(work / doc.metadata.source, replace, doc)
            finally:
                _unstage(work)

    def _stage(self, name: str, data: bytes) -> Path:
        work = None
        try:
            staging = Path(self.settings.upload_dir) / STAGING
            staging.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(dir=staging))
            (work / name).write_bytes(data)
            return work
        except OSError as err:
            if work:
                shutil.rmtree(work, ignore_errors=True)
            raise storage_error(err, f"Không lưu được tệp tải lên '{name}'", f"Could not store the upload '{name}'",
                                file=name) from err

    def _keep_upload(self, staged: Path, replace: bool, doc: PlanDocument) -> IngestReport:
        store_as, replaced = check_upload(staged, doc, self.documents(), replace)
        doc.metadata.source = store_as  # parsed once (an OCR'd scan costs seconds a page), filed under its name
        report = self._write(lambda: index_loaded([with_chunks(doc, self.settings)], self.index, self.settings))
        if report.errors:
            raise report.errors[0]
        try:
            staged.replace(Path(self.settings.upload_dir) / store_as)
            if replaced and replaced != store_as:
                self.remove(replaced)
        except (OSError, StorageError) as err:  # undo: the new plan leaves the index and the folder again
            undone = self._take_back(store_as)
            if undone:
                (Path(self.settings.upload_dir) / store_as).unlink(missing_ok=True)
            raise storage_error(err, f"Không lưu được tệp tải lên '{store_as}'", f"Could not keep the upload '{store_as}'",
                                undone=undone, file=store_as) from err
        return report

    def _take_back(self, source: str) -> bool:
        """Take an upload that cannot be kept out of the index again; True only when it is gone, so the
        reply says 'nothing was changed' only when a restart finds nothing (issue 24 item 4c: the undo
        was refused on a full disk and the reply still said so). No free-space floor here: it removes
        what this call just added, which frees space."""
        try:
            with self._lock:
                remove_plan(source, self.index, self.settings, check_space=False)
            self.refresh()
            return not self.index.ids_of(source)
        except Exception:  # Chroma raises its own types too; the reply then says the index may hold the plan
            return False

    def submit_upload(self, filename: str, data: bytes, replace: bool = False, user: str | None = None) -> Job:
        """Queue an upload: parsed by a parse thread (in a child process), then indexed by the one
        writer; the job's result is a short summary and the read report of the plan as indexed (`report`:
        what was read, tables, warnings). Past the queue's bound: QueueFullError, at once."""
        name = self._upload_name(filename)

        def write(prepared: tuple[Path, PlanDocument]) -> dict:
            report = self._write_upload(*prepared, replace)
            provenance.record(self.settings.index_dir, report.rows[0].source, user or provenance.ANONYMOUS,
                              provenance.sha256(data), uploaded=True)
            read = self.report(report.rows[0].source).model_dump()
            return {"ingested": [r.source for r in report.rows], "tasks": sum(r.tasks for r in report.rows),
                    "sections": sum(r.sections for r in report.rows),
                    "indicators": sum(r.indicators for r in report.rows), "warnings": len(read["warnings"]),
                    "report": read}
        return self.jobs.submit("upload", write, prepare=lambda: self._parse_upload(name, data), bounded=True)

    def remove(self, source: str) -> int:
        with self._lock:
            self.follow_outside_writes()
            removed = remove_plan(source, self.index, self.settings)
            if removed:
                provenance.forget(self.settings.index_dir, source)
        self.refresh()
        return removed

    def confirm(self, source: str, who: str) -> dict:
        """Someone vouches for an uploaded plan: it is no longer shown as 'tải lên, chưa xác nhận'."""
        if source not in {d["source"] for d in self.documents()}:
            raise UnknownFilterError(f"Không có kế hoạch '{source}' trong chỉ mục.", f"Unknown plan '{source}'.")
        with self._lock:
            entry = provenance.confirm(self.settings.index_dir, source, who)
        if entry is None:  # a plan indexed before provenance was kept: recorded now as confirmed
            entry = provenance.record(self.settings.index_dir, source, provenance.UNKNOWN, "", uploaded=True)
            entry = provenance.confirm(self.settings.index_dir, source, who)
        return {"source": source, **provenance.view(entry)}

    def follow_outside_writes(self) -> None:
        """Another process (planbot ingest/remove in a shell) changed the index: open it again before
        use. Skipped, and tried at the next request, while this process writes or another process is
        still writing: until then questions are answered from the last whole state (issue 24 item 4)."""
        if index_version(self.settings.index_dir) == self._version or not self._lock.acquire(blocking=False):
            return
        try:
            with reader_lock(self.settings.index_dir) as whole:
                if whole and index_version(self.settings.index_dir) != self._version:
                    self._reopen()
        finally:
            self._lock.release()

    def _reopen(self) -> None:
        """A new Chroma client (the old one keeps the vector graph it loaded, ingest/index.py open_client);
        searches under way finish on the old one, which goes when they are done."""
        if not self.settings.chroma_url:
            self.index = open_index(self.settings, self.index.embeddings, fresh=True)
            self.search.index = self.index
        self.refresh()

    def refresh(self) -> None:
        with self._lock:
            self._version = index_version(self.settings.index_dir)  # what this refresh has seen
            self.search.refresh()
            self.catalog = self._build_catalog()

    def place_names(self) -> list[str]:
        return sorted(set(self.catalog.places.values()))

    def resolve_filters(self, filters: Filters) -> Filters:
        """Map user-typed filter values onto what the index holds; unknown values are a clear error."""
        f = filters.model_copy()
        if f.plan:
            f.plan = self._resolve_plan(f.plan)
        if f.province:
            f.province = self._resolve_place(f.province)
        if f.lead and agency_key(f.lead) not in self.catalog.leads:
            raise _unknown("cơ quan chủ trì", "lead agency", f.lead, [])
        if f.coordinating and agency_key(f.coordinating) not in self.catalog.coordinators:
            raise _unknown("cơ quan phối hợp", "coordinating agency", f.coordinating, [])
        return f

    def _resolve_place(self, place: str) -> str:
        """A place as the index spells it; 'TP.HCM', 'NGHỆ AN', 'Thanh Hoá' find the province too."""
        for key in (fold(place), fold(province_name(place))):
            if key and key in self.catalog.places:
                return self.catalog.places[key]
        raise _unknown("tỉnh/địa phương", "province", place, self.place_names())

    def _resolve_plan(self, plan: str) -> str:
        sources = {c.source for c in self.search.chunks.values()}
        if plan in sources:
            return plan
        for number, source in self.catalog.plan_numbers.items():
            if fold(plan) in (number, number.split("/")[0]):
                return source
        raise _unknown("kế hoạch", "plan", plan, sorted(sources))

    def _build_catalog(self) -> Catalog:
        catalog = Catalog()
        for c in self.search.chunks.values():
            m = c.metadata
            for name in place_names(m):
                catalog.places.setdefault(fold(name), name)
            if c.kind == "document" and m.get("plan_number"):
                catalog.plan_numbers[fold(m["plan_number"])] = c.source
            if c.kind == "section" and is_agency_name(m.get("lead") or ""):  # the agency its heading names
                catalog.heads.setdefault(agency_key(m["lead"]), m["lead"])
            if c.kind == "task":
                for agency in split_agencies(m.get("lead", "")):
                    catalog.leads.setdefault(agency_key(agency), agency_label(agency))
                for agency in split_agencies(m.get("coordinating", "")):
                    catalog.coordinators.setdefault(agency_key(agency), agency_label(agency))
        return catalog


_LOCALITY = re.compile(r"^[^\W\d_][^\W\d_]*( [^\W\d_]+){0,4}$")  # 'Phú Quốc', 'Kiên Hải': words, no digits or marks


def place_names(m: dict) -> list[str]:
    """The places a chunk's document can be found by: its province (a real one, in its usual spelling)
    and its own locality below it ('Phú Quốc', a xã). A name that is no place (a header cell glued to
    'Số: …', capitals, a national document's place of signing) never reaches the list."""
    province = province_name(str(m.get("province") or ""))
    locality = str(m.get("locality") or "")
    names = [province] if province else []
    if province and locality and fold(locality) != fold(province) and not locality.isupper() \
            and _LOCALITY.match(locality) and not province_name(locality):
        names.append(locality)
    return names


def _unstage(work: Path) -> None:
    """The upload's own staging folder goes; the staging folder too once no other upload uses it."""
    shutil.rmtree(work, ignore_errors=True)
    try:
        work.parent.rmdir()
    except OSError:
        pass


LISTED_WITHOUT = ("read_report",)  # kept with the plan for GET /documents/{source}/report, not in every listing


def _listed(metadata: dict) -> dict:
    """A plan's record as listed: its metadata, `warnings` (a count) always present, the report left out."""
    return {k: v for k, v in metadata.items() if k not in LISTED_WITHOUT} | {"warnings": metadata.get("warnings", 0)}


def stored_report(metadata: dict) -> ReadReport:
    """The read report stored as JSON in the plan's document chunk (ingest/chunk.py); a plan indexed
    before reports were stored gets an error that says to read it again."""
    if not metadata.get("read_report"):
        raise UnknownFilterError(f"Kế hoạch '{metadata.get('source')}' được đưa vào chỉ mục trước khi có báo cáo đọc.",
                                 f"Plan '{metadata.get('source')}' was indexed before read reports were kept.",
                                 hint_vi="Hãy chạy lại planbot ingest (hoặc khởi động lại máy chủ) để đọc lại.",
                                 hint_en="Run planbot ingest again (or restart the server) to read it again.")
    return ReadReport.model_validate_json(metadata["read_report"])


def safe_name(name: str) -> str:
    """Keep only a plain file name: no folders, no traversal, no control characters."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    return base[:120]


def _unknown(what_vi: str, what_en: str, value: str, known: list[str]) -> UnknownFilterError:
    hint = ", ".join(known[:20])
    return UnknownFilterError(f"Không có {what_vi} '{value}' trong chỉ mục.", f"Unknown {what_en} '{value}'.",
                              hint_vi=f"Giá trị hiện có: {hint}." if hint else "",
                              hint_en=f"Known values: {hint}." if hint else "")
