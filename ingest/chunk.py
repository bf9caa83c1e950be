"""Cut a PlanDocument into chunks that read well on their own and carry filterable metadata.

One chunk per task row, per indicator row, per section passage (long sections are split at
paragraph boundaries) and one per plan. Chunk ids hash the content, so re-ingesting an unchanged
file yields the same ids and an edited file changes exactly the chunks whose text changed.
"""
from __future__ import annotations

import json

from core.text import content_hash, fold
from core.types import Chunk, Indicator, PlanDocument, PlanMetadata, Section, Task
from ingest.report import build_report

EMPTY = "(không ghi)"


def chunk_document(doc: PlanDocument, section_max_words: int = 180) -> list[Chunk]:
    meta = doc.metadata
    chunks = [_document_chunk(doc)]
    chunks += [_task_chunk(meta, t) for t in doc.tasks]
    by_number = {i.number: i for i in doc.indicators}
    chunks += [_indicator_chunk(meta, i, by_number.get(i.parent)) for i in doc.indicators]
    for section in doc.sections:
        chunks += _section_chunks(meta, section, section_max_words)
    return _unique(chunks)


def plan_label(meta: PlanMetadata) -> str:
    return f"{meta.display_number} của {meta.issuer}" if meta.issuer else meta.display_number


def _base_metadata(meta: PlanMetadata, ref: str, kind: str) -> dict:
    base = {"source": meta.source, "ref": ref, "kind": kind, "plan_number": meta.number,
            "plan": meta.display_number, "is_draft": meta.is_draft, "issuer": meta.issuer,
            "province": meta.province, "province_key": fold(meta.province), "locality": meta.locality,
            "locality_key": fold(meta.locality), "locality_level": meta.locality_level, "title": meta.title[:300],
            "scope": meta.scope}
    if meta.year:
        base["plan_year"] = meta.year
    return base


def _make(meta: PlanMetadata, ref: str, kind: str, text: str, part: int = 0, **extra) -> Chunk:
    """The id hashes text and metadata, so a parser change that only alters metadata still re-indexes."""
    metadata = _base_metadata(meta, ref, kind) | {"part": part} | {k: v for k, v in extra.items() if v is not None}
    fingerprint = json.dumps(metadata, sort_keys=True, ensure_ascii=False)
    return Chunk(id=content_hash(meta.source, ref, str(part), text, fingerprint), source=meta.source, ref=ref,
                 kind=kind, text=text, metadata=metadata)


def _document_chunk(doc: PlanDocument) -> Chunk:
    m = doc.metadata
    lines = [f"{plan_label(m)}", f"Số hiệu: {m.number or 'dự thảo, chưa có số'}",
             f"Tên: {m.title or EMPTY}", f"Cơ quan ban hành: {m.issuer or EMPTY}",
             f"Địa phương: {m.locality_level} {m.locality}".rstrip(),
             f"Tỉnh: {m.province or EMPTY}" if not m.scope else f"Phạm vi: {m.scope}",
             f"Ngày ban hành: {m.issue_date or EMPTY}",
             f"Người ký: {' '.join(filter(None, [m.signer_title, m.signer])) or EMPTY}",
             f"Thực hiện: {'; '.join(m.implements) or EMPTY}", f"Căn cứ: {m.basis or EMPTY}",
             f"Gồm {len(doc.tasks)} nhiệm vụ, {len(doc.indicators)} chỉ tiêu, {len(doc.sections)} mục."]
    return _make(m, "document", "document", "\n".join(lines), signer=m.signer, issue_date=m.issue_date,
                 content_key=content_key(doc), signed_by=" ".join(filter(None, [m.signer_title, m.signer])),
                 full_title=m.title, implements="; ".join(m.implements), basis=m.basis,
                 warnings=len(doc.warnings), read_report=build_report(doc).model_dump_json())


def content_key(doc: PlanDocument) -> str:
    """The plan's identity by content, whatever the file is called: its tasks and sections."""
    return content_hash(*(f"{t.number}|{t.task}|{t.lead}|{t.time}" for t in doc.tasks),
                        *(s.text for s in doc.sections))


def _task_chunk(meta: PlanMetadata, task: Task) -> Chunk:
    """A task row as labelled lines; the row's cells also travel as metadata (each column, and
    `fields`: the lines as [label, value] pairs, incl. extra columns) so nothing parses the text back."""
    fields = [("Nhóm", task.group)] if task.group else []
    fields += [("Nhiệm vụ", task.task), ("Cơ quan chủ trì", task.lead or EMPTY),
               ("Cơ quan phối hợp", task.coordinating or EMPTY)]
    if task.result:
        fields.append(("Kết quả", task.result))
    fields.append(("Thời gian hoàn thành", task.time or EMPTY))
    extra = [(h, v) for h, v in task.extra.items() if v]
    text = _labelled(f"{plan_label(meta)} — nhiệm vụ {task.number}", fields + extra)
    d = task.deadline
    flags = {f"lead:{k}": True for k in task.lead_keys if k} | {f"coord:{k}": True for k in task.coordinating_keys if k}
    return _make(meta, task.cite_ref, "task", text, body_at=_after_first_line(text), task_number=task.number,
                 task=task.task[:1000], lead=task.lead, coordinating=task.coordinating, result=task.result,
                 time=task.time, time_label=task.time_label or None, group=task.group, table=task.table, lead_keys="|".join(task.lead_keys),
                 fields=_json(fields + extra), extra=_json(extra),
                 deadline_kind=d.kind, deadline_from=d.year_from, deadline_to=d.year_to,
                 deadline_year=d.year_to if d.year_to is not None else d.year_from,
                 deadline_quarter=d.quarter, recurring=d.recurring, conditional=d.conditional, **flags)


def _labelled(first: str, fields: list[tuple[str, str]]) -> str:
    return "\n".join([first] + [f"{label}: {value}" for label, value in fields])


def _json(pairs: list[tuple[str, str]]) -> str:
    return json.dumps(pairs, ensure_ascii=False)


def _indicator_chunk(meta: PlanMetadata, ind: Indicator, parent: Indicator | None) -> Chunk:
    """The values (per year, per sub-row) travel as [label, value] pairs (`values`), and every line
    of the row as `fields`, besides the text."""
    fields = [(f"Thuộc chỉ tiêu {parent.number}", parent.name)] if parent else []
    fields += [("Nhóm", ind.group)] if ind.group else []
    fields += [("Đơn vị", ind.unit)] if ind.unit else []
    values = [(h, v or EMPTY) for h, v in ind.values.items()]
    values += [(f"{sub.label} ({sub.unit})" if sub.unit else sub.label,
                "; ".join(f"{h}: {v or EMPTY}" for h, v in sub.values.items())) for sub in ind.sub_rows]
    text = _labelled(f"{plan_label(meta)} — chỉ tiêu {ind.number}: {ind.name}", fields + values)
    return _make(meta, f"indicator:{ind.number}", "indicator", text, body_at=_after_first_line(text),
                 values=_json(values), fields=_json(fields + values), indicator_number=ind.number,
                 indicator=ind.name[:1000], unit=ind.unit, group=ind.group, sub_rows=len(ind.sub_rows))


def _section_chunks(meta: PlanMetadata, section: Section, max_words: int) -> list[Chunk]:
    """Every part of a split section repeats the plan, the heading path and the section's own title.

    The heading line, the title line and where the quotable passage starts travel as metadata, so
    answering never splits the text back into them."""
    parents = [t for t in section.titles[:-1] if t]
    heading = f"{plan_label(meta)} — mục {'.'.join(section.path)}: {' › '.join(parents)}".rstrip(": ")
    title, *body = section.text.split("\n")
    parts = _split_words(body, max_words) or [""]
    chunks = []
    for i, part in enumerate(parts):
        text = "\n".join(filter(None, [heading, title, part]))
        chunks.append(_make(meta, section.ref, "section", text, part=i, section_path="/".join(section.path),
                            section_title=section.titles[-1][:300], lead=section.lead or None, heading=heading,
                            parent_titles=json.dumps(parents, ensure_ascii=False),
                            title_line=title, body_at=_after_first_line(text),
                            passage_at=len(text) - len(part) if part else len(text)))
    return chunks


def _after_first_line(text: str) -> int:
    """Where a chunk's text continues after its label or heading line (what a citation quotes)."""
    return text.index("\n") + 1 if "\n" in text else 0


def _split_words(paragraphs: list[str], max_words: int) -> list[str]:
    """Greedy windows of whole paragraphs; a paragraph longer than a window is cut into windows."""
    windows: list[list[str]] = [[]]
    count = 0
    for para in (piece for p in paragraphs for piece in _cut(p, max_words)):
        n = len(para.split())
        if windows[-1] and count + n > max_words:
            windows.append([])
            count = 0
        windows[-1].append(para)
        count += n
    return ["\n".join(w) for w in windows if w]


def _cut(paragraph: str, max_words: int) -> list[str]:
    words = paragraph.split(" ")
    return [" ".join(words[i:i + max_words]) for i in range(0, len(words), max_words)] or [paragraph]


def _unique(chunks: list[Chunk]) -> list[Chunk]:
    """Identical chunks (same source, ref and text) are stored once."""
    seen: dict[str, Chunk] = {}
    for c in chunks:
        seen.setdefault(c.id, c)
    return list(seen.values())
