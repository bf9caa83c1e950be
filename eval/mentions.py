"""Measure the bar for naming a plan that states a topic without the task field asked.

For every dev question that asks a task field (lead, coordination, deadline, result) and is answered
from evidence, the passages bot.answering.decide.unstated_passages would name at each coverage bar are
checked against the expected sources: a named passage that is expected is right (the plan has the
task, e.g. Nghệ An's prose đề án), one that is not is noise in the answer. The bar in
bot/answering/decide.MENTION_COVERAGE is the lowest with no noise on dev.
Run: `.venv/bin/python -m eval.mentions` (with PLANBOT_INDEX_DIR pointing at the indexed bundled plans).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from bot.answering.decide import candidates, route, select, unstated_passages
from bot.answering.decision_model import load_model
from bot.answering.features import asked_fields
from bot.answering.query import analyze
from core.types import Filters
from eval.metrics import source_matches

BARS = [0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]


def named(bot, item: dict, bar: float) -> list[tuple[str, str]]:
    q = analyze(item["question"], bot.catalog)
    filters = bot.resolve_filters(Filters()).merged_over(q.filters)
    if route(q, filters) != "evidence" or not asked_fields(q):
        return []
    model = load_model()
    evidence = candidates(q, bot.search, filters, model)
    answered = {u[0].chunk.source for u in select(evidence, q, model)}
    return [(e.chunk.source, e.chunk.ref) for e in unstated_passages(evidence, q, answered, bot.search.corpus, bar)]


def measure(bot, dataset: list[dict]) -> list[dict]:
    rows = []
    for bar in BARS:
        right = noise = refused_named = 0
        for item in dataset:
            for source, ref in named(bot, item, bar):
                if not item["answerable"]:
                    refused_named += 1
                elif source_matches(item, source, ref):
                    right += 1
                else:
                    noise += 1
        rows.append({"bar": bar, "expected": right, "not_expected": noise, "on_unanswerable": refused_named})
    return rows


def main() -> None:
    from bot.service import Planbot
    from core.settings import get_settings
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("eval/datasets/dev.jsonl")
    dataset = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    print("| bar | named, expected | named, not expected | named for an unanswerable question |")
    print("|---|---|---|---|")
    for r in measure(Planbot(get_settings()), dataset):
        print(f"| {r['bar']} | {r['expected']} | {r['not_expected']} | {r['on_unanswerable']} |")


if __name__ == "__main__":
    main()
