"""One line of an answer per unit (a task row, an indicator row, a passage, the plan itself), each
with its citation: shared by the answers (compose.py) and the long lists (listing.py), which would
otherwise import each other."""
from __future__ import annotations

import json

from bot.answering.decision import Evidence
from bot.answering.naming import source_name
from bot.answering.relevance import passage_parts
from core.text import fold
from core.types import Chunk, Citation, Filters

_EXTRA_TIME_WORDS = ("tien do", "thoi gian", "thoi han")


def field_words(fields: list[str], t: dict) -> str:
    return ", ".join(t["fields"][f] for f in fields)


def plan_words(meta: dict, t: dict) -> str:
    if meta.get("plan_number"):
        return t["plan"]["numbered"].format(number=meta["plan_number"], issuer=meta.get("issuer", ""))
    return t["plan"]["draft"].format(issuer=meta.get("issuer", ""))


def cite(chunk: Chunk, citations: list[Citation], label: str, quote: str, sentences: list[str] | None = None) -> int:
    m = chunk.metadata
    citations.append(Citation(marker=len(citations) + 1, source=chunk.source, ref=chunk.ref,
                              document=m.get("plan", ""), province=m.get("province", ""),
                              issuer=m.get("issuer", ""), label=label, quote=quote, name=source_name(chunk),
                              fields=[tuple(f) for f in json.loads(m.get("fields") or "[]")],
                              passage=body(chunk) if chunk.kind == "section" else "", sentences=sentences or []))
    return len(citations)


def line(e: Evidence, citations: list[Citation], t: dict) -> str:
    kind = e.chunk.kind
    if kind == "task":
        return _task_line(e.chunk, citations, t)
    if kind == "indicator":
        return _indicator_line(e.chunk, citations, t)
    if kind == "document":
        return _document_line(e.chunk, citations, t)
    return passage_line(e, citations, t)


def body(chunk: Chunk) -> str:
    """What a citation quotes: the text after the chunk's label line (where it starts is metadata)."""
    return chunk.text[chunk.metadata.get("body_at", 0):]


def _task_line(chunk: Chunk, citations: list[Citation], t: dict) -> str:
    m, tt = chunk.metadata, t["task"]
    n = cite(chunk, citations, f"nhiệm vụ {m['task_number']}", body(chunk))
    lead = tt["lead"].format(value=m["lead"]) if m.get("lead") else tt["lead_empty"]
    coord = tt["coordinating"].format(value=m["coordinating"]) if m.get("coordinating") else tt["coordinating_empty"]
    time = tt["time"].format(label=time_label(m), value=m["time"]) if m.get("time") else tt["time_empty"]
    result = tt["result"].format(value=m["result"]) if m.get("result") else ""
    return tt["line"].format(plan=plan_words(m, t), number=m["task_number"], task=m.get("task", ""), lead=lead,
                             coordinating=coord, time=time, extra=_extra_times(chunk, tt), result=result, n=n)


def time_label(m: dict) -> str:
    """The time column as the plan names it ('Thời gian thực hiện' is not 'thời gian hoàn thành': a plan
    that gives when work is done does not say by when it ends); a row read without its header keeps
    the name the task chunk gives the field."""
    label = m.get("time_label") or "Thời gian hoàn thành"
    return label[0].lower() + label[1:]


def _extra_times(chunk: Chunk, tt: dict) -> str:
    """Further time-like columns (e.g. 'Tiến độ theo quy định của Trung ương') as printed in the row."""
    parts = []
    for label, value in json.loads(chunk.metadata.get("extra") or "[]"):  # the row's extra columns
        if value and fold(label).startswith(_EXTRA_TIME_WORDS) and fold(label) != "thoi gian hoan thanh":
            parts.append(tt["extra"].format(label=label[0].lower() + label[1:], value=value))
    return "".join(parts)


def _indicator_line(chunk: Chunk, citations: list[Citation], t: dict) -> str:
    m, ti = chunk.metadata, t["indicator"]
    n = cite(chunk, citations, f"chỉ tiêu {m['indicator_number']}", body(chunk))
    values = []
    has_sub_rows = bool(m.get("sub_rows"))
    for label, value in json.loads(m.get("values") or "[]"):  # [label, value] pairs (ingest/chunk.py)
        if not value or (has_sub_rows and value == "(không ghi)"):
            continue
        values.append(ti["value_empty"].format(label=label) if value == "(không ghi)" else
                      ti["value"].format(label=label, value=value))
    unit = ti["unit"].format(unit=m["unit"]) if m.get("unit") else ""
    return ti["line"].format(plan=plan_words(m, t), number=m["indicator_number"], name=m.get("indicator", ""),
                             values="; ".join(values) + unit, n=n)


def passage_line(e: Evidence, citations: list[Citation], t: dict) -> str:
    m = e.chunk.metadata
    label, quote, n = cite_passage(e, citations)
    label += t["passage"]["context"].format(title=e.context) if e.context else ""
    template = t["passage"]["line_lead" if m.get("lead") else "line"]  # the agency its heading names
    missing = t["passage"]["missing"].format(fields=field_words(e.missing, t)) if e.missing else ""
    return template.format(plan=plan_words(m, t), label=label, quote=quote, n=n, lead=m.get("lead", "")) + missing


def cite_passage(e: Evidence, citations: list[Citation]) -> tuple[str, str, int]:
    """A passage's place in the plan ('IV.3'), what is quoted of it, and its citation marker."""
    label = e.chunk.metadata.get("section_path", "").replace("/", ".")
    quote = _joined(e.quote, passage_parts(e.chunk)[1]) if e.quote else body(e.chunk)
    return label, quote, cite(e.chunk, citations, f"mục {label}", quote, list(e.quote) or [quote])


def _joined(quote: list[str], sentences: list[str]) -> str:
    """Quoted sentences in one string: ' … ' marks the text left out between two of them, and only that."""
    out = quote[0]
    for before, s in zip(quote, quote[1:]):
        adjacent = before in sentences and s in sentences and sentences.index(s) == sentences.index(before) + 1
        out += (" " if adjacent else " … ") + s
    return out


def _document_line(chunk: Chunk, citations: list[Citation], t: dict) -> str:
    m, td = chunk.metadata, t["document"]  # the plan's fields travel as metadata (ingest/chunk.py)
    n = cite(chunk, citations, "toàn văn kế hoạch", chunk.text)
    basis = m.get("basis", "")
    return td["line"].format(plan=plan_words(m, t), number=m.get("plan_number") or td["no_number"],
                             date=m.get("issue_date") or _undated(m, td), signer=m.get("signed_by") or td["none"],
                             title=m.get("full_title") or td["none"], implements=m.get("implements") or td["none"],
                             basis=td["basis"].format(quote=basis) if basis else "", n=n)


def _undated(m: dict, td: dict) -> str:
    return td["no_date_year"].format(year=m["plan_year"]) if m.get("plan_year") else td["no_date"]


_QUARTERS = {1: "Quý I", 2: "Quý II", 3: "Quý III", 4: "Quý IV"}


def scope(filters: Filters, t: dict) -> str:
    parts = []
    if filters.lead:
        parts.append(f"do {filters.lead} chủ trì")
    if filters.coordinating:
        parts.append(f"có {filters.coordinating} phối hợp")
    if filters.year_from is not None or filters.year_to is not None:
        lo, hi = filters.year_from, filters.year_to
        when = f"năm {lo}" if lo == hi else f"từ năm {lo}" if hi is None else f"đến năm {hi}" if lo is None \
            else f"{lo}–{hi}"
        parts.append(f"thời hạn {_QUARTERS[filters.quarter]}/{lo}" if filters.quarter and lo == hi else f"thời hạn {when}")
    if filters.province:
        parts.append(f"ở {filters.province}")
    return t["abstain"]["scope"].format(what=", ".join(parts)) if parts else ""
