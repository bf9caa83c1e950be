"""Properties every document's metadata must have, checked over all real documents (no labels needed).

Spec ("Documents and their place"): `province` is a real province in its usual spelling or empty; a
document of the Chính phủ, the Thủ tướng or a Bộ is national ('toàn quốc', no province); a document
that prints 'Số: …' has its số hiệu. Documents the parser refuses (web pages, articles) are skipped.

    .venv/bin/python -m eval.metadata_check [DIR ...] [--failures]
"""
from __future__ import annotations

import argparse
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from core.errors import IngestError
from core.provinces import province_name
from core.settings import get_settings
from core.types import PlanMetadata

# A printed số hiệu line (Markdown emphasis allowed): 'Số: 980/KH-UBND', 'Số: 55/2025/NQ-HĐND'.
NUMBER_LINE = re.compile(r"^[\s*_|]*Số\s*:\s*[*_]*\s*\d[\w.]*/", re.MULTILINE)
# Codes of the Chính phủ, the Thủ tướng and the ministries ('QĐ-TTg', 'NQ-CP', 'TT-BYT', 'BNV-CQĐP').
# (BCĐ is a Ban Chỉ đạo, central or local: not a ministry.)
NATIONAL_CODE = re.compile(r"[/-](TTg|CP|B(?!CĐ)[A-ZĐ]{1,7})(?![\w])")
# A title that ends with the authority line under it ('… THỦ TƯỚNG CHÍNH PHỦ'), not '… của Chính phủ'.
GLUED_AUTHORITY = re.compile(r"(?<!CỦA)(?<!của)(?<!TƯỚNG) (THỦ TƯỚNG CHÍNH PHỦ|CHÍNH PHỦ|BỘ TRƯỞNG BỘ [^a-z]+)"
                             r"( điện:?)?$")


@dataclass(frozen=True)
class Property:
    name: str
    applies: Callable[[PlanMetadata, str], bool]
    holds: Callable[[PlanMetadata, str], bool]


PROPERTIES = [
    Property("province is empty or a real province in its usual spelling", lambda m, t: True,
             lambda m, t: m.province == "" or province_name(m.province) == m.province),
    Property("national code → scope 'toàn quốc', no province",
             lambda m, t: bool(NATIONAL_CODE.search(m.number)),
             lambda m, t: m.scope == "toàn quốc" and m.province == ""),
    Property("a 'Số:' line → số hiệu found", lambda m, t: bool(NUMBER_LINE.search(t)), lambda m, t: bool(m.number)),
    Property("issuer carries no rule or 'Số:'", lambda m, t: bool(m.issuer),
             lambda m, t: not re.search(r"-{3,}|Số\s*:", m.issuer)),
    Property("title has no authority line glued on", lambda m, t: bool(m.title),
             lambda m, t: not GLUED_AUTHORITY.search(m.title)),
]


@dataclass
class Tally:
    applies: int = 0
    holds: int = 0
    failures: list[str] = field(default_factory=list)


def default_dirs() -> list[Path]:
    real = get_settings().corpus_dir
    return [real, real.parent / "tables"]


def check(dirs: list[Path]) -> tuple[int, dict[str, Tally]]:
    """(documents parsed, tally per property)."""
    from ingest.parse import parse_document
    from ingest.read import read_document

    tallies = {p.name: Tally() for p in PROPERTIES}
    parsed = 0
    for path in sorted(p for d in dirs if d.is_dir() for p in d.glob("*.md") if p.name != "README.md"):
        try:
            meta = parse_document(read_document(path)).metadata
        except IngestError:
            continue  # not an administrative document (a web page, an article)
        parsed += 1
        text = path.read_text(encoding="utf-8", errors="replace")
        for prop in PROPERTIES:
            if prop.applies(meta, text):
                tally = tallies[prop.name]
                tally.applies += 1
                ok = prop.holds(meta, text)
                tally.holds += ok
                if not ok:
                    tally.failures.append(f"{path.parent.name}/{path.name}: {meta.number} | {meta.issuer} | "
                                          f"{meta.province} | {meta.scope} | {meta.title[-60:]}")
    return parsed, tallies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--failures", action="store_true", help="list the documents a property fails for")
    args = parser.parse_args()
    parsed, tallies = check(args.dirs or default_dirs())
    print(f"{parsed} documents parsed\n\n| property | holds / applies |\n|---|---:|")
    for name, tally in tallies.items():
        print(f"| {name} | {tally.holds}/{tally.applies} |")
    if args.failures:
        for name, tally in tallies.items():
            for failure in tally.failures:
                print(f"- {name}: {failure}")


if __name__ == "__main__":
    main()
