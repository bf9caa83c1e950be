"""Check every table of hundreds of real documents for properties any correct reading has, label-free.

Each document is read as an upload is (ingest.read.read_document, the cleaning and table splitting of
the parse path); each table found is checked by ingest.table_checks (conservation, shape, numbering,
assignment). Prints a line per document, the share of tables passing, and the worst documents:

    .venv/bin/python -m eval.table_check [--corpus DIR] [--json] [--worst N]
"""
from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core.errors import IngestError
from core.settings import get_settings
from ingest.table_checks import CHECKS, Problem, check_table


@dataclass
class TableResult:
    index: int  # 1-based, in document order
    rows: int
    columns: int
    header: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> set[str]:
        return {p.check for p in self.problems}


@dataclass
class DocResult:
    file: str
    tables: list[TableResult] = field(default_factory=list)
    error: str = ""
    genre: str = "document"  # "encyclopedia" for a wiki page (it prints '[sửa | sửa mã nguồn]' links)

    @property
    def failing(self) -> int:
        return sum(bool(t.problems) for t in self.tables)


def document_tables(path: Path):
    """The tables of one file, split from its text exactly as parse_document does."""
    from ingest.clean import clean_blocks
    from ingest.read import TableBlock, read_document
    from ingest.tables import split_text_tables
    blocks, _ = clean_blocks(read_document(path).blocks)
    return [b for b in split_text_tables(blocks) if isinstance(b, TableBlock)]


# The corpus holds encyclopedia pages beside administrative documents; their tables are reported
# apart (the gate counts both), since users upload the documents, not the pages.
_WIKI_MARK = "sửa mã nguồn"


def check_document(path: Path) -> DocResult:
    genre = "encyclopedia" if _WIKI_MARK in path.read_text(encoding="utf-8", errors="replace") else "document"
    result = DocResult(path.name, genre=genre)
    try:
        tables = document_tables(path)
    except IngestError as err:
        result.error = err.en
        return result
    for i, block in enumerate(tables, 1):
        header = " | ".join(block.rows[0])[:80] if block.rows else ""
        result.tables.append(TableResult(i, max(len(block.rows) - 1, 0), len(block.rows[0]) if block.rows else 0,
                                         header, check_table(block)))
    return result


def check_corpus(corpus: Path) -> tuple[list[DocResult], float]:
    start = time.perf_counter()
    files = [p for p in sorted(corpus.glob("*.md")) + sorted(corpus.glob("*.txt")) if p.stem.upper() != "README"]
    results = [check_document(p) for p in files]
    return results, time.perf_counter() - start


def summary(results: list[DocResult], by_genre: bool = True) -> dict:
    tables = [t for r in results for t in r.tables]
    n = max(len(tables), 1)
    per_check = {c: round(sum(c not in t.failed for t in tables) / n, 4) for c in CHECKS}
    out = {"documents": len(results), "tables": len(tables), "errors": sum(bool(r.error) for r in results),
           "pass_all": round(sum(not t.problems for t in tables) / n, 4), "per_check": per_check,
           "failing_tables": sum(bool(t.problems) for t in tables)}
    if by_genre:
        out["genres"] = {g: summary([r for r in results if r.genre == g], by_genre=False)
                         for g in sorted({r.genre for r in results})}
    return out


def doc_line(r: DocResult) -> str:
    if r.error:
        return f"{r.file}  ERROR {r.error[:80]}"
    marks = " ".join(f"{c}={sum(c not in t.failed for t in r.tables)}/{len(r.tables)}" for c in CHECKS)
    return f"{r.file}  tables={len(r.tables)}  {marks}"


def worst(results: list[DocResult], n: int) -> list[str]:
    lines = []
    for r in sorted(results, key=lambda r: -r.failing)[:n]:
        if not r.failing:
            break
        lines.append(f"{r.file}: {r.failing}/{len(r.tables)} tables fail")
        for t in [t for t in r.tables if t.problems][:3]:
            counts = Counter(p.check for p in t.problems)
            first = t.problems[0]
            lines.append(f"   table {t.index} ({t.rows} rows × {t.columns}) [{t.header[:50]}] "
                         f"{dict(counts)} first: row {first.row} {first.detail[:90]}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=get_settings().tables_corpus_dir)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--worst", type=int, default=10, help="how many of the worst documents to show")
    args = parser.parse_args()
    results, seconds = check_corpus(args.corpus)
    if args.json:
        print(json.dumps({"summary": summary(results), "documents": [
            {"file": r.file, "error": r.error, "tables": [asdict(t) for t in r.tables]} for r in results]},
            ensure_ascii=False, indent=1))
        return
    for r in results:
        print(doc_line(r))
    s = summary(results)
    print(f"\n{s['documents']} documents, {s['tables']} tables, read in {seconds:.1f} s")
    print(f"pass all four: {s['pass_all']:.2%} ({s['failing_tables']} tables fail)")
    print("per check: " + ", ".join(f"{c} {v:.2%}" for c, v in s["per_check"].items()))
    for genre, g in s["genres"].items():
        print(f"  {genre}: {g['documents']} documents, {g['tables']} tables, pass all four {g['pass_all']:.2%}")
    print("\nworst documents:")
    print("\n".join(worst(results, args.worst)))


if __name__ == "__main__":
    main()
