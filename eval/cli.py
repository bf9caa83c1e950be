"""The evaluation verbs of `planbot` (eval, train-decision), kept with the code they run so that bot/
never imports eval/; cli.py adds them to its parser."""
from __future__ import annotations

from pathlib import Path

from core.settings import get_settings


def add_eval_commands(sub) -> None:
    ev = sub.add_parser("eval", help="Đánh giá trên bộ câu hỏi / evaluate on a JSONL dataset")
    ev.add_argument("--dataset", type=Path, default=Path("eval/datasets/dev.jsonl"))
    ev.add_argument("--mode", choices=["composed", "generative"], default="composed")
    ev.add_argument("--k", type=int, default=5)
    ev.add_argument("--out", type=Path, default=Path("eval/reports/latest"))
    ev.add_argument("--thresholds", type=Path, default=None, help="TOML of minimums (default eval/thresholds.toml)")
    ev.set_defaults(func=cmd_eval)
    tr = sub.add_parser("train-decision", help="Học lại mô hình quyết định trả lời / refit the answer decision model")
    tr.add_argument("--dataset", type=Path, default=Path("eval/datasets/dev.jsonl"))
    tr.add_argument("--out", type=Path, default=None, help="model file (default bot/answering/decision_model.json)")
    tr.set_defaults(func=cmd_train_decision)


def cmd_eval(args) -> int:
    from bot.service import Planbot
    from eval.run import THRESHOLDS, build_report, check_thresholds, load_dataset, print_summary, run, write_report
    items = load_dataset(args.dataset)
    bot = Planbot(get_settings())
    bot.ingest([bot.settings.plans_dir])  # builds the index on a fresh clone; a no-op when up to date
    report = build_report(run(bot, items, args.mode), args.k)
    write_report(report, args.out, args.k)
    print_summary(report, args.k)
    misses = check_thresholds(report, args.thresholds or THRESHOLDS)
    print(f"Báo cáo / report: {args.out}/report.md, report.json, report.png")
    for miss in misses:
        print(f"DƯỚI NGƯỠNG / BELOW THRESHOLD: {miss}")
    return 1 if misses else 0


def cmd_train_decision(args) -> int:
    from bot.answering.decision_model import MODEL_PATH
    from bot.service import Planbot
    from eval.train_decision import main as train
    bot = Planbot(get_settings())
    bot.ingest([bot.settings.plans_dir])
    train(bot, args.dataset, args.out or MODEL_PATH)
    return 0
