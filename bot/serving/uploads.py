"""Plans are identified by content and number, not by file name.

An upload is compared with what is indexed before anything is written: the same content (under any
name) is the same plan; the same số hiệu from the same issuer is the same plan in another version;
a name already taken by a different plan gets a new name. Replacing is an explicit choice.
"""
from __future__ import annotations

from pathlib import Path

from core.errors import PlanbotError
from core.text import fold
from ingest.chunk import content_key
from core.types import PlanDocument


class DuplicatePlanError(PlanbotError):
    """The upload is a plan the index already holds; nothing was changed."""


def check_upload(staged: Path, doc: PlanDocument, documents: list[dict], replace: bool) -> tuple[str, str | None]:
    """(the name to store the upload under, the indexed plan it replaces or None) for the upload,
    already parsed (in a limited child process, ingest/sandbox.py)."""
    same_content = [d for d in documents if d.get("content_key") == content_key(doc)]
    if same_content:
        raise _duplicate(staged.name, same_content[0], "cùng nội dung", "the same content")
    m = doc.metadata
    same_number = [d for d in documents if m.number and d.get("plan_number") == m.number
                   and fold(d.get("issuer", "")) == fold(m.issuer)]
    if same_number and not replace:
        raise _duplicate(staged.name, same_number[0], "cùng số hiệu và cơ quan ban hành",
                         "the same number and issuer", can_replace=True)
    taken = {d["source"] for d in documents}
    if replace:
        old = same_number[0]["source"] if same_number else (staged.name if staged.name in taken else None)
        return (staged.name if old is None or old == staged.name else old), old
    return _free_name(staged.name, taken), None


def _free_name(name: str, taken: set[str]) -> str:
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 2
    while name in taken:
        name, n = f"{stem}-{n}{suffix}", n + 1
    return name


def _duplicate(name: str, existing: dict, why_vi: str, why_en: str, can_replace: bool = False) -> DuplicatePlanError:
    plan = f"{existing.get('plan', '')} của {existing.get('issuer', '')} (tệp {existing['source']})"
    return DuplicatePlanError(
        f"Tệp '{name}' trùng với kế hoạch đã có: {plan} — {why_vi}. Không có gì bị thay đổi.",
        f"'{name}' duplicates an indexed plan: {existing.get('plan', '')} ({existing['source']}) — {why_en}. "
        "Nothing was changed.", file=name,
        hint_vi="Nếu đây là bản mới, hãy chọn 'Thay thế' để thay kế hoạch cũ." if can_replace else "",
        hint_en="If this is a newer version, upload it with replace=true." if can_replace else "")
