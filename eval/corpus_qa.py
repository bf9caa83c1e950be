"""Questions over the real plans of ../shared/corpus, written from their hand-read expectations.

The bundled plans taught the answer path; these 30 administrative documents did not. For every
task the expectation files record (tests/ingest/corpus_expected, read from the document, never from
the parser), one question asks who leads it and one asks by when, with the place when the plan has
one. Run against an index of the corpus:

    PLANBOT_INDEX_DIR=/tmp/idx-corpus .venv/bin/planbot ingest ../shared/corpus/real-plans
    PLANBOT_INDEX_DIR=/tmp/idx-corpus .venv/bin/python -m eval.corpus_qa [--out DIR]
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from core.settings import get_settings
from core.text import split_agencies
from eval.parse_check import EXPECTED_DIR

TASK_WORDS = 14  # words of the task text a question quotes: enough to name it, as people do


def _name(task: str) -> str:
    words = re.sub(r"^[\W\d]+", "", task).split()[:TASK_WORDS]
    text = " ".join(words).rstrip(" ,;.:")
    return text[:1].lower() + text[1:]


def _where(meta: dict) -> str:
    return f" ở {meta['locality']}" if meta.get("locality") else ""


def items(expected_dir: Path = EXPECTED_DIR) -> list[dict]:
    out = []
    for path in sorted(expected_dir.glob("*.json")):
        exp = json.loads(path.read_text(encoding="utf-8"))
        source = exp["file"]
        for t in exp.get("tasks") or []:
            where, ref = _where(exp["metadata"]), [{"source": source, "ref": t["ref"]}]
            lead = split_agencies(t.get("lead") or "")
            if lead:
                out.append({"question": f"Ai chủ trì việc {_name(t['task'])}{where}?", "type": "task_lead",
                            "expected_sources": ref, "expected_facts": [lead[0]], "answerable": True})
            if t.get("deadline"):
                out.append({"question": f"Thời hạn hoàn thành việc {_name(t['task'])}{where} là khi nào?",
                            "type": "task_deadline", "expected_sources": ref, "expected_facts": [t["deadline"]],
                            "answerable": True})
    for n, item in enumerate(out, 1):
        item["id"] = f"corpus{n:03d}"
    return out


def main(argv: list[str] | None = None) -> int:
    from bot.service import Planbot
    from eval.run import build_report, print_summary, run, write_report
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path, default=Path("eval/reports/corpus"))
    args = p.parse_args(argv)
    dataset = items()
    report = build_report(run(Planbot(get_settings()), dataset))
    write_report(report, args.out)
    print_summary(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
