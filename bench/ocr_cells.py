"""Where scanned table cells go wrong: scans made as the round-trip test makes them (three plans drawn
with the fixed CI profile), each read back through OCR, cell by cell expected against read, with
seconds per page. Hypothesis seeds a derandomized draw from the test function itself, so these are
three other plans than tests/ingest/test_roundtrip_scan.py's (which prints its own cell report).

    python -m bench.ocr_cells OUT_DIR [--only N]

The scans and plans are written to OUT_DIR once (LibreOffice is slow) and reused on later runs.
"""
from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.gen.profiles import examples
from tests.gen.render_pdf import write_scans
from tests.gen.strategies import plans
from tests.ingest.test_roundtrip_scan import SCANS, _table_worth_scanning


def _scans(out: Path) -> list[tuple[object, Path]]:
    stored = out / "plans.pickle"
    if stored.exists():
        return pickle.loads(stored.read_bytes())
    drawn = []

    @examples(1)
    @given(st.lists(plans(max_tasks=8, max_sections=2).filter(_table_worth_scanning), min_size=SCANS, max_size=SCANS))
    def draw(batch):
        drawn[:] = list(zip(batch, write_scans(batch, out)))
    draw()
    stored.write_bytes(pickle.dumps(drawn))
    return drawn


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("out", type=Path)
    args.add_argument("--only", type=int, default=None)
    opts = args.parse_args()
    opts.out.mkdir(parents=True, exist_ok=True)
    import pypdfium2
    from tests.gen.compare import cell_agreement, read_back
    equal = total = pages = 0
    seconds = 0.0
    for k, (plan, path) in enumerate(_scans(opts.out)):
        if opts.only is not None and k != opts.only:
            continue
        start = time.perf_counter()
        doc = read_back(path)
        seconds += time.perf_counter() - start
        pages += len(pypdfium2.PdfDocument(str(path)))
        e, n, diffs = cell_agreement(plan, doc)
        equal, total = equal + e, total + n
        print(f"== {path.name}: {e}/{n}")
        for d in diffs:
            print("   ", d)
    print(f"cells {equal}/{total} = {equal / max(total, 1):.0%}; {seconds / max(pages, 1):.1f} s a page ({pages} pages)")


if __name__ == "__main__":
    sys.exit(main())
