"""Why answerable questions end 'không tìm thấy' (issue 23): retrieval, the decision, or a rule before it.

Each answerable question whose decision abstains (outcome not_found) gets one cause:
- `retrieval`: no expected unit is among the units retrieved — the question's words and the plan's
  share too little for either search side to reach it;
- `decision`: an expected unit was retrieved, but the best plan probability stayed below the
  candidate cut-off (bot/answering/decision_model.json `candidate_threshold`);
- `rule:<name>`: a rule refused before the candidate step — a route (unknown place, person, outcome,
  approval, no topic) or a reason (no_number, field_missing, no_match).
The fix differs per cause, so the counts say which to work on first.

    python -m eval.notfound_causes --dataset eval/datasets/dev_everyday.jsonl
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from bot.answering.decide import decide, route
from bot.answering.decision import Decision
from bot.answering.query import analyze
from core.text import clean_question
from core.types import Filters
from eval.metrics import source_matches
from eval.run import load_dataset

EVIDENCE_WAYS = ("evidence", "list")  # routes that reach the retrieval and the model


def cause(way: str, decision: Decision, retrieved_expected: bool) -> str | None:
    """The cause of a refusal, or None when the decision did not refuse (answered or candidates)."""
    if decision.mode != "abstain":
        return None
    if way not in EVIDENCE_WAYS:
        return f"rule:{way}"
    if decision.reason != "not_found":
        return f"rule:{decision.reason}"
    return "decision" if retrieved_expected else "retrieval"


def diagnose(bot, item: dict) -> str | None:
    """One answerable question's cause, read from the decision the answer path makes."""
    q = analyze(clean_question(item["question"]), bot.catalog)
    filters = bot.resolve_filters(Filters()).merged_over(q.filters)
    decision = decide(q, bot.search, filters)
    found = any(source_matches(item, c.source, c.ref) for c, _ in decision.retrieved)
    return cause(route(q, filters), decision, found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=Path("eval/datasets/dev_everyday.jsonl"))
    args = parser.parse_args(argv)
    from bot.service import Planbot
    from core.settings import get_settings
    bot = Planbot(get_settings())
    answerable = [item for item in load_dataset(args.dataset) if item.get("answerable", True)]
    causes = {item["id"]: diagnose(bot, item) for item in answerable}
    refused = {i: c for i, c in causes.items() if c}
    print(f"{len(refused)} of {len(answerable)} answerable questions not_found: {dict(Counter(refused.values()))}")
    for qid, c in sorted(refused.items()):
        print(f"  {qid}: {c}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
