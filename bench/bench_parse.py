"""Parsing speed on the real corpus, and what hostile files cost before they are refused.

    .venv/bin/python bench/bench_parse.py [--corpus DIR]

Prints seconds for reading + parsing all corpus documents (no embedding), then, for each hostile
file, the seconds and the peak memory (RSS) of a fresh process reading it.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROBE = """
import resource, sys, time
from pathlib import Path
from core.errors import IngestError
from ingest.parse import parse_document
from ingest.read import Limits, read_document
start = time.perf_counter()
try:
    parse_document(read_document(Path(sys.argv[1]), Limits(max_mb=20)))
    outcome = "parsed"
except IngestError as err:
    outcome = "refused: " + err.en[:70]
print(f"{time.perf_counter() - start:.2f}\\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}\\t{outcome}")
"""


def corpus_seconds(corpus: Path) -> tuple[int, float]:
    from eval.parse_check import check_corpus, load_expectations
    results, seconds = check_corpus(corpus, load_expectations())
    return len(results), seconds


def hostile_files(folder: Path) -> list[Path]:
    from tests.ingest.test_bad_input import many_pages, zip_bomb
    one_line = folder / "one-line-19mb.txt"
    one_line.write_bytes(("Số: 1/KH-UBND " + "Sở Y tế chủ trì. " * 850_000).encode())
    zip_bomb(folder / "bomb.docx", unpacked_mb=400)
    many_pages(folder / "2000-pages.pdf")
    return [one_line, folder / "bomb.docx", folder / "2000-pages.pdf"]


def main() -> None:
    from core.settings import get_settings
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=get_settings().corpus_dir)
    args = parser.parse_args()
    count, seconds = corpus_seconds(args.corpus)
    print(f"corpus: {count} documents read and parsed in {seconds:.2f} s")
    print("file\tsize MiB\tseconds\tpeak RSS MiB\toutcome")
    with tempfile.TemporaryDirectory() as tmp:
        for path in hostile_files(Path(tmp)):
            done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True,
                                  cwd=ROOT, timeout=600)
            print(f"{path.name}\t{path.stat().st_size / 1048576:.1f}\t{done.stdout.strip() or done.stderr[-200:]}")


if __name__ == "__main__":
    main()
