"""Run any dataset in the spec's JSONL format against the built index and report every metric.

    planbot eval --dataset eval/datasets/dev.jsonl [--mode composed|generative] [--k 5] [--out DIR]

Writes report.json, report.md and report.png (hit@k curve, per-type accuracy bars) to --out and
exits non-zero when a minimum in eval/thresholds.toml is missed.
"""
from __future__ import annotations

import json
import time
import tomllib
from pathlib import Path

from core.errors import PlanbotError
from eval.metrics import TYPES, Outcome, aggregate, hit_curve, score

THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"
REQUIRED = {"id", "question", "type"}


def load_dataset(path: Path) -> list[dict]:
    items = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PlanbotError(f"Dòng {n} của '{path}' không phải JSON hợp lệ.", f"Line {n} of '{path}' is not JSON.",
                               hint_vi="Mỗi dòng phải là một đối tượng JSON.", hint_en="Each line must be one JSON object.") from exc
        missing = REQUIRED - set(item)
        if missing or item["type"] not in TYPES:
            raise PlanbotError(f"Dòng {n} của '{path}' thiếu trường {sorted(missing)} hoặc sai loại câu hỏi.",
                               f"Line {n} of '{path}' misses {sorted(missing)} or has an unknown type.",
                               hint_vi=f"Loại hợp lệ: {', '.join(TYPES)}.", hint_en=f"Valid types: {', '.join(TYPES)}.")
        items.append(item)
    return items


def run(bot, items: list[dict], mode: str = "composed") -> list[Outcome]:
    outcomes = []
    for item in items:
        start = time.perf_counter()
        answer = bot.ask(item["question"], mode=mode)
        outcomes.append(score(item, answer, (time.perf_counter() - start) * 1000))
    return outcomes


def build_report(outcomes: list[Outcome], k: int = 5) -> dict:
    per_type = {t: aggregate([o for o in outcomes if o.type == t], k) for t in TYPES
                if any(o.type == t for o in outcomes)}
    return {"overall": aggregate(outcomes, k), "per_type": per_type, "hit_curve": hit_curve(outcomes),
            "failures": [_failure(o) for o in outcomes if o.failed]}


def _failure(o: Outcome) -> dict:
    return {"id": o.id, "type": o.type, "question": o.question, "expected_answerable": o.expected_answerable,
            "answerable": o.answerable, "outcome": o.outcome, "expected_sources": o.expected, "cited": o.cited,
            "missing_facts": o.missing_facts, "answer": o.answer}


def check_thresholds(report: dict, path: Path = THRESHOLDS) -> list[str]:
    with path.open("rb") as fh:
        minimums = tomllib.load(fh)
    misses = []
    for metric, minimum in minimums.items():
        value = report["overall"].get(metric)
        if value is None or value < minimum:
            misses.append(f"{metric} = {value} < {minimum}")
    return misses


def write_report(report: dict, out: Path, k: int = 5) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "report.md").write_text(markdown(report, k), encoding="utf-8")
    plot(report, out / "report.png", k)


COLUMNS = ["questions", "hit@1", "hit@{k}", "mrr@10", "citation_accuracy", "citation_precision", "fact_accuracy",
           "abstention_accuracy", "false_abstention_rate", "latency_p50_ms", "latency_p95_ms"]
# The three outcomes per type (shared/specs/citations-and-eval.md), in a table of their own.
OUTCOME_COLUMNS = ["answered_share", "candidates_share", "not_found_share", "false_not_found_rate",
                   "candidates_on_answerable", "candidates_hit", "fact_accuracy_with_candidates",
                   "confident_wrong_rate"]


def _table(report: dict, cols: list[str]) -> list[str]:
    lines = ["| type | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    rows = [("**overall**", report["overall"])] + list(report["per_type"].items())
    return lines + [f"| {name} | " + " | ".join("–" if m.get(c) is None else str(m.get(c)) for c in cols) + " |"
                    for name, m in rows]


def markdown(report: dict, k: int = 5) -> str:
    lines = ["# Evaluation report", ""] + _table(report, [c.format(k=k) for c in COLUMNS])
    lines += ["", "Outcomes: share answered / candidates / not_found; false not_found = answerable questions told "
              "not_found; candidates on answerable and how many of those show a right unit; fact accuracy counting "
              "candidates that quote every fact; confident wrong = answered with a wrong fact or citation, or an "
              "unanswerable question answered (share of all questions).", ""] + _table(report, OUTCOME_COLUMNS)
    multi = report["overall"].get("multi_document_sources_cited")
    recall, precision = report["overall"].get("task_list_recall"), report["overall"].get("task_list_precision")
    lines += ["", f"Multi-document questions: share of expected sources cited = {multi}",
              f"Task lists: share of the listed tasks found (recall) = {recall}, share of cited tasks that belong "
              f"(precision) = {precision}", "",
              f"## Failed questions ({len(report['failures'])})", ""]
    for f in report["failures"]:
        lines.append(f"- **{f['id']}** ({f['type']}) {f['question']}  \n  expected answerable={f['expected_answerable']} "
                     f"sources={f['expected_sources']}; got {f.get('outcome', '')} answerable={f['answerable']} cited={f['cited']}; "
                     f"missing facts={f['missing_facts']}  \n  answer: {f['answer'][:300]}")
    return "\n".join(lines) + "\n"


def plot(report: dict, path: Path, k: int = 5) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8))
    curve = report["hit_curve"]
    left.plot(range(1, len(curve) + 1), curve, marker="o")
    left.set(title="hit@k", xlabel="k", ylabel="share of answerable questions", ylim=(0, 1.02))
    left.grid(alpha=0.3)
    names = list(report["per_type"])
    acc = [(m["abstention_accuracy"] if n == "unanswerable" else m["fact_accuracy"]) or 0
           for n, m in report["per_type"].items()]
    right.barh(names, acc, color="#3b7dd8")
    right.set(title="accuracy per type (facts; abstention for unanswerable)", xlim=(0, 1))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def print_summary(report: dict, k: int = 5) -> None:
    print(markdown(report, k).split("## Failed questions")[0])
    print(f"Failed questions: {len(report['failures'])}")
    for f in report["failures"][:30]:
        print(f"  {f['id']} [{f['type']}] {f['question']} → {f['outcome']} cited={f['cited'][:3]} "
              f"missing={f['missing_facts']}")
