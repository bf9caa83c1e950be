"""Hold the parser to hand-written expectations for real plans it was not shaped on.

Each expectation file (tests/ingest/corpus_expected/<stem>.json) was written by reading the document,
never by running the parser. This module compares one parsed document with its expectation, field by
field, and prints the expected-vs-parsed table the README shows:

    .venv/bin/python -m eval.parse_check [--corpus DIR] [--details]
"""
from __future__ import annotations

import argparse
import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import IngestError
from core.settings import PROJECT_ROOT, get_settings
from core.types import PlanDocument

EXPECTED_DIR = PROJECT_ROOT / "tests" / "ingest" / "corpus_expected"
META_FIELDS = ("doc_type", "number", "issue_date", "signer", "title", "issuer", "locality")
TASK_FIELDS = ("ref", "task", "lead", "coordinating", "deadline", "result")


@dataclass
class Check:
    name: str
    expected: str
    parsed: str

    @property
    def ok(self) -> bool:
        return norm(self.expected) == norm(self.parsed)


@dataclass
class DocResult:
    file: str
    kind: str
    checks: list[Check] = field(default_factory=list)
    error: str = ""

    @property
    def passed(self) -> int:
        return sum(c.ok for c in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


def norm(text: str) -> str:
    """Compare as a reader would: Unicode NFC, no Markdown emphasis, one space, case-insensitive,
    'Ủy ban nhân dân' = 'UBND', trailing punctuation ignored."""
    text = unicodedata.normalize("NFC", str(text)).replace("*", "").replace("_", " ")
    text = re.sub(r"\s+", " ", text).strip().casefold()
    text = re.sub(r"^(ủy|uỷ) ban nhân dân\b", "ubnd", text)
    return text.rstrip(" .;,:")


def load_expectations(directory: Path = EXPECTED_DIR) -> dict[str, dict]:
    return {p.stem + ".md": json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))}


def compare(expected: dict, doc: PlanDocument | None, error: IngestError | None) -> DocResult:
    result = DocResult(expected["file"], expected["kind"])
    if expected["kind"] == "article":
        refused = error is not None and "article" in error.en.lower()
        result.checks.append(Check("refused as article", "yes", "yes" if refused else "no"))
        return result
    if doc is None:
        result.error = error.en if error else "not parsed"
        result.checks.append(Check("parsed", "yes", "no"))
        return result
    result.checks += _metadata_checks(expected["metadata"], doc)
    result.checks.append(Check("task_count", str(expected["task_count"]), str(len(doc.tasks))))
    result.checks += _task_checks(expected["tasks"], doc)
    result.checks.append(_sections_check(expected["sections_top"], doc))
    result.checks += _section_lead_checks(expected.get("section_leads", []), doc)
    return result


def _metadata_checks(expected: dict, doc: PlanDocument) -> list[Check]:
    parsed = doc.metadata.model_dump()
    return [Check(f"metadata.{name}", expected.get(name, ""), str(parsed.get(name, "") or ""))
            for name in META_FIELDS]


def _task_checks(expected: list[dict], doc: PlanDocument) -> list[Check]:
    checks = []
    for want in expected:
        pos = want["position"]
        task = doc.tasks[pos - 1] if 0 < pos <= len(doc.tasks) else None
        got = _task_fields(task) if task else {}
        checks += [Check(f"task#{pos}.{name}", want.get(name, ""), got.get(name, "—"))
                   for name in TASK_FIELDS]
    return checks


def _task_fields(task) -> dict[str, str]:
    return {"ref": task.cite_ref, "task": task.task, "lead": task.lead, "coordinating": task.coordinating,
            "deadline": task.time, "result": task.result}


def _sections_check(expected: list[str], doc: PlanDocument) -> Check:
    """The set of heading paths of the top two levels (duplicates in print count once). A decision's
    own articles (Điều 1, Điều 2 …) are not part of this check: expectations list the plan's headings."""
    parsed = {"/".join(s.path[:n]) for s in doc.sections for n in (1, 2)
              if len(s.path) >= n and not s.path[0].startswith("Điều")}
    want = set(expected)
    missing, extra = sorted(want - parsed), sorted(parsed - want)
    return Check("sections_top", f"{len(want)} paths", f"{len(want)} paths" if not (missing or extra)
                 else f"missing {missing[:6]} extra {extra[:6]}")


def _section_lead_checks(expected: list[dict], doc: PlanDocument) -> list[Check]:
    by_path = {"/".join(s.path): s.lead for s in doc.sections}
    return [Check(f"section {want['path']} lead", want["lead"], by_path.get(want["path"], "—"))
            for want in expected]


def check_corpus(corpus: Path, expectations: dict[str, dict]) -> tuple[list[DocResult], float]:
    from ingest.parse import parse_document
    from ingest.read import read_document
    start = time.perf_counter()
    results = []
    for name, expected in expectations.items():
        doc, error = None, None
        try:
            doc = parse_document(read_document(corpus / name))
        except IngestError as err:
            error = err
        results.append(compare(expected, doc, error))
    return results, time.perf_counter() - start


def table(results: list[DocResult]) -> str:
    lines = ["| document | kind | checks passed | first failures |", "|---|---|---:|---|"]
    for r in results:
        fails = "; ".join(f"{c.name}: expected «{c.expected[:40]}» got «{c.parsed[:40]}»" for c in r.failures[:2])
        lines.append(f"| {r.file} | {r.kind} | {r.passed}/{len(r.checks)} | {fails.replace('|', '/')} |")
    total = sum(len(r.checks) for r in results)
    lines.append(f"| **all {len(results)}** | | **{sum(r.passed for r in results)}/{total}** | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=get_settings().corpus_dir)
    parser.add_argument("--details", action="store_true", help="print every failed check")
    args = parser.parse_args()
    results, seconds = check_corpus(args.corpus, load_expectations())
    print(table(results))
    print(f"\nparsed {len(results)} documents in {seconds:.1f} s")
    if args.details:
        for r in results:
            for c in r.failures:
                print(f"{r.file} {c.name}\n   expected: {c.expected}\n   parsed:   {c.parsed}")


if __name__ == "__main__":
    main()
