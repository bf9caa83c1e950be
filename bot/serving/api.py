"""Internal HTTP API (FastAPI): a thin translation of requests onto the shared Planbot.

Every error has one JSON shape: {"error": {"code", "message_vi", "message_en", "hint_vi", "hint_en", "file"}}.
"""
from __future__ import annotations

import logging
import secrets
from typing import Literal

from fastapi import FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.serving.admission import BusyError
from bot.serving.gate import Gate, error_body
from bot.serving.jobs import QueueFullError
from bot.serving.keys import named_keys
from bot.serving.provenance import ANONYMOUS
from bot.serving.views import task_csv
from bot.service import Planbot, UnknownFilterError
from bot.serving.uploads import DuplicatePlanError
from core.errors import IngestError, PlanbotError, StorageError
from core.types import Answer, Filters

log = logging.getLogger("planbot.api")

TASK_COLUMNS = ["source", "plan", "province", "issuer", "task_number", "task", "lead", "coordinating", "result",
                "time", "group", "deadline_kind", "deadline_from", "deadline_to", "ref"]


class AskRequest(BaseModel):
    question: str = Field(..., min_length=1, max_length=2000, description="Câu hỏi tiếng Việt")
    filters: Filters | None = None
    mode: Literal["composed", "generative"] | None = None
    previous: str | None = Field(None, max_length=2000, description="The previous question (its answer's "
                                 "`question`), for a follow-up such as 'Còn ở Quảng Ngãi thì sao?'")


class SearchRequest(BaseModel):
    query: str = Field(..., min_length=1, max_length=2000)
    filters: Filters | None = None
    k: int = Field(5, ge=1, le=50)


class Hit(BaseModel):
    source: str
    ref: str
    score: float
    text: str
    metadata: dict


def _error(status: int, code: str, vi: str, en: str, **kw) -> JSONResponse:
    return JSONResponse(error_body(code, vi, en, **kw), status_code=status)


def create_api(bot: Planbot) -> FastAPI:
    settings = bot.settings
    app = FastAPI(title="planbot API", version="0.1.0",
                  description="Tra cứu kế hoạch bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân")
    _install_errors(app)
    named_keys(settings)  # a malformed PLANBOT_API_KEYS stops the start, not the first request
    app.add_middleware(Gate, settings=settings)  # every route, incl. the Gradio app mounted later
    app.add_middleware(ContainCrashes)  # outermost of ours: a crash anywhere, the Gate's too

    @app.get("/health")
    def health() -> dict:
        return {"status": "ok", "documents": len(bot.documents()), "chunks": bot.index.count(),
                "embedding_model": bot.index.embeddings.model_id}

    @app.post("/ask", response_model=Answer)
    def ask(req: AskRequest) -> Answer:
        return bot.ask(req.question, req.filters, req.mode or settings.answer_mode, previous=req.previous)

    @app.post("/search", response_model=list[Hit])
    def search(req: SearchRequest) -> list[Hit]:
        return [Hit(source=c.source, ref=c.ref, score=round(s, 4), text=c.text, metadata=c.metadata)
                for c, s in bot.search_chunks(req.query, req.filters, req.k)]

    @app.get("/documents")
    def documents() -> list[dict]:
        return bot.documents()

    @app.get("/tasks")
    def tasks(province: str | None = None, plan: str | None = None, lead: str | None = None,
              coordinating: str | None = None,
              year_from: int | None = Query(None, ge=1900, le=2200), year_to: int | None = Query(None, ge=1900, le=2200),
              quarter: int | None = Query(None, ge=1, le=4), format: Literal["json", "csv"] = "json"):
        rows = bot.tasks(Filters(province=province, plan=plan, lead=lead, coordinating=coordinating,
                                 year_from=year_from, year_to=year_to, quarter=quarter))
        if format == "csv":
            table = task_csv(TASK_COLUMNS, [[r.get(k) for k in TASK_COLUMNS] for r in rows])
            return Response(table, media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": 'attachment; filename="nhiem-vu.csv"'})
        return [{k: r.get(k) for k in TASK_COLUMNS} for r in rows]

    @app.post("/documents")
    def upload(request: Request, file: UploadFile = File(...), replace: bool = False,
               wait: bool = False) -> JSONResponse:
        """202 with a job at once (the ingest runs in the one writer thread); `wait=true` answers 201
        with the result when the job is done: counts, `warnings` and the read `report`. A plain def:
        FastAPI runs it off the event loop."""
        job = bot.submit_upload(file.filename or "", file.file.read(), replace=replace, user=_caller(request))
        if not wait:
            return JSONResponse({"job": job.id, "status": job.status, "status_url": f"/jobs/{job.id}"},
                                status_code=202)
        job.finished.wait()
        if job.error is not None:
            raise job.error
        return JSONResponse(job.result, status_code=201)

    @app.get("/jobs/{job_id}")
    def job_status(job_id: str) -> dict:
        job = bot.jobs.get(job_id)
        if job is None:
            raise UnknownFilterError(f"Không có công việc '{job_id}'.", f"Unknown job '{job_id}'.")
        return job.view()

    @app.get("/documents/{source}/report")
    def read_report(source: str) -> dict:
        """What was read from an indexed plan (the upload result's `report`), warnings included."""
        return bot.report(source).model_dump()

    @app.post("/documents/{source}/confirm")
    def confirm(source: str, request: Request) -> dict:
        """Someone vouches for an uploaded plan: its flag 'tải lên, chưa xác nhận' goes, who and when stay."""
        return bot.confirm(source, _caller(request) or ANONYMOUS)

    @app.delete("/documents/{source}")
    def remove(source: str) -> dict:
        job = bot.jobs.run("remove", lambda: bot.remove(source))
        if job.error is not None:
            raise job.error
        removed = job.result
        if not removed:
            raise UnknownFilterError(f"Không có kế hoạch '{source}' trong chỉ mục.", f"Unknown plan '{source}'.")
        return {"removed": source, "chunks": removed}

    return app


def _caller(request: Request) -> str | None:
    """The key holder the gate named (bot/serving/gate.py); None while planbot is open (no key set)."""
    return request.scope.get("planbot_user")


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def secure_settings(settings):
    """Binding beyond loopback without PLANBOT_API_KEY gets a fresh random key (printed once), so the
    API is never open to the network by accident."""
    if settings.host in LOOPBACK or named_keys(settings):
        return settings
    key = secrets.token_urlsafe(24)
    print(f"planbot: {settings.host} is not loopback and PLANBOT_API_KEY is unset; "
          f"API calls need header X-API-Key: {key}")
    return settings.model_copy(update={"api_key": key})


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(QueueFullError)
    async def busy(_: Request, err: QueueFullError) -> JSONResponse:  # too many uploads waiting: come back later
        response = _error(429, "too_many_uploads", err.vi, err.en, hint_vi=err.hint_vi, hint_en=err.hint_en)
        response.headers["Retry-After"] = str(err.retry_after)
        return response

    @app.exception_handler(BusyError)
    async def too_many_questions(_: Request, err: BusyError) -> JSONResponse:  # shed load, never queue unbounded
        response = _error(429, "too_many_questions", err.vi, err.en, hint_vi=err.hint_vi, hint_en=err.hint_en)
        response.headers["Retry-After"] = str(err.retry_after)
        return response

    @app.exception_handler(DuplicatePlanError)
    async def duplicate(_: Request, err: DuplicatePlanError) -> JSONResponse:
        return _error(409, "duplicate_plan", err.vi, err.en, hint_vi=err.hint_vi, hint_en=err.hint_en, file=err.file)

    @app.exception_handler(UnknownFilterError)
    async def unknown(_: Request, err: UnknownFilterError) -> JSONResponse:
        return _error(404, "not_found", err.vi, err.en, hint_vi=err.hint_vi, hint_en=err.hint_en)

    @app.exception_handler(StorageError)
    async def storage(_: Request, err: StorageError) -> JSONResponse:  # the server's disk or Chroma, not the request
        return _error(503, "storage_error", err.vi, err.en, hint_vi=err.hint_vi, hint_en=err.hint_en, file=err.file)

    @app.exception_handler(PlanbotError)
    async def planbot_error(_: Request, err: PlanbotError) -> JSONResponse:
        code = "bad_file" if isinstance(err, IngestError) else "bad_request"
        return _error(422, code, err.vi, err.en, hint_vi=err.hint_vi, hint_en=err.hint_en, file=err.file)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, err: RequestValidationError) -> JSONResponse:
        if any(e.get("type") == "json_invalid" for e in err.errors()):
            return _error(400, "bad_json", "Nội dung gửi lên không phải JSON hợp lệ.", "Request body is not valid JSON.",
                          hint_vi="Kiểm tra lại cú pháp JSON.", hint_en="Check the JSON syntax.")
        detail = "; ".join(f"{'.'.join(map(str, e.get('loc', [])))}: {e.get('msg')}" for e in err.errors())
        return _error(422, "invalid_request", f"Yêu cầu không hợp lệ: {detail}", f"Invalid request: {detail}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, err: StarletteHTTPException) -> JSONResponse:
        return _error(err.status_code, "http_error", str(err.detail), str(err.detail))


class ContainCrashes:
    """ASGI middleware: an unexpected error becomes the one JSON error shape, logged, and the connection lives on.

    Starlette's own catch-all handler sends its response and then re-raises, so uvicorn resets the
    keep-alive connection: a client's next request on it fails ("connection reset")."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracked(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)
        try:
            await self.app(scope, receive, tracked)
        except Exception as err:
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if started:  # half a response is out: nothing honest can follow it
                raise
            await _error(500, "internal_error", "Lỗi máy chủ nội bộ.", f"Internal error: {type(err).__name__}",
                         hint_vi="Hãy thử lại; nếu lỗi lặp lại, báo quản trị viên kèm thời điểm xảy ra.",
                         hint_en="Try again; if it recurs, tell the administrator when it happened.")(scope, receive, send)
