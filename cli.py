"""`planbot` command line: a thin layer over Planbot, the ingest pipeline and the read report.
It sits above bot/, ingest/ and eval/ so none of them points up: each verb runs where its code lives
(eval verbs: eval/cli.py; serve: app.main)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from core.errors import PlanbotError
from core.settings import get_settings
from eval.cli import add_eval_commands


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        from core.runtime import apply_openmp
        apply_openmp(get_settings())  # before any embedding engine loads (serve, ask, eval, ingest)
        return args.func(args)
    except PlanbotError as err:
        print(f"LỖI / ERROR: {err}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="planbot", description="Tra cứu kế hoạch y tế / Health plan QA assistant")
    sub = p.add_subparsers()
    ing = sub.add_parser("ingest", help="Đưa kế hoạch vào chỉ mục / index plan files or folders")
    ing.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the bundled plans)")
    ing.set_defaults(func=cmd_ingest)
    rm = sub.add_parser("remove", help="Xoá một kế hoạch khỏi chỉ mục / remove a plan by file name")
    rm.add_argument("source")
    rm.set_defaults(func=cmd_remove)
    ins = sub.add_parser("inspect", help="Xem những gì đọc được từ tệp, không đưa vào chỉ mục / "
                                         "show what is read from plan files, without indexing them")
    ins.add_argument("files", nargs="+", type=Path)
    ins.add_argument("--json", action="store_true", help="a JSON list of read reports (keys: README)")
    ins.set_defaults(func=cmd_inspect)
    docs = sub.add_parser("documents", help="Liệt kê kế hoạch đã có / list indexed plans")
    docs.set_defaults(func=cmd_documents)
    ask = sub.add_parser("ask", help="Hỏi đáp / ask a question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer shape of the spec")
    ask.add_argument("--province")
    ask.add_argument("--plan")
    ask.add_argument("--lead")
    ask.add_argument("--year", type=int, help="deadline year")
    ask.add_argument("--mode", choices=["composed", "generative"])
    ask.set_defaults(func=cmd_ask)
    add_eval_commands(sub)
    serve = sub.add_parser("serve", help="Chạy web UI và API / serve the UI and the API")
    serve.set_defaults(func=cmd_serve)
    se = sub.add_parser("search", help="Tìm đoạn liên quan / search the index")
    se.add_argument("query")
    se.add_argument("--k", type=int, default=5)
    se.add_argument("--json", action="store_true")
    se.set_defaults(func=cmd_search)
    return p


def cmd_ingest(args) -> int:
    """Through Planbot, as the server ingests: provenance recorded, the lexical side brought up to date."""
    from ingest.pipeline import format_report
    bot = _planbot()
    report = bot.ingest(args.paths or [bot.settings.plans_dir])
    print(format_report(report))
    return 1 if report.errors else 0


def cmd_inspect(args) -> int:
    """Read and parse each file as an upload would, and say what was read; the index is never opened.
    A file that cannot be read gets its usual error (stderr) and the exit code 1; the others are reported."""
    from core.errors import IngestError
    from ingest.parse import parse_document
    from ingest.read import Limits, read_document
    from ingest.report import build_report, format_report
    limits, reports, failed = Limits.from_settings(get_settings()), [], 0
    for path in args.files:
        try:
            reports.append(build_report(parse_document(read_document(path, limits))))
        except IngestError as err:
            failed += 1
            print(f"LỖI / ERROR: {err}", file=sys.stderr)
    if args.json:
        print(json.dumps([r.model_dump() for r in reports], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(format_report(r) for r in reports))
    return 1 if failed else 0


def cmd_remove(args) -> int:
    removed = _planbot().remove(args.source)  # its provenance goes with it
    print(f"Đã xoá {removed} đoạn của '{args.source}' / removed {removed} chunks")
    return 0 if removed else 1


def cmd_documents(args) -> int:
    for m in _planbot().documents():
        flag = f"\t⚠ {m['warnings']} cảnh báo" if m.get("warnings") else ""
        print(f"{m['source']}\t{m['plan']}\t{m['issuer']}{flag}")
    return 0


def cmd_ask(args) -> int:
    from core.types import Filters
    bot = _planbot()
    filters = Filters(province=args.province, plan=args.plan, lead=args.lead, year_from=args.year, year_to=args.year)
    answer = bot.ask(args.question, filters, args.mode or bot.settings.answer_mode)
    if args.json:
        print(answer.model_dump_json(indent=2))
    else:
        print(answer.answer)
        for c in answer.citations:
            print(f"[{c.marker}] {c.document} — {c.issuer} — {c.label} ({c.source}, {c.ref})")
    return 0


def cmd_serve(args) -> int:
    import app
    app.main()
    return 0


def cmd_search(args) -> int:
    hits = _planbot().search_chunks(args.query, k=args.k)
    if args.json:
        print(json.dumps([{"source": c.source, "ref": c.ref, "score": round(s, 4), "text": c.text}
                          for c, s in hits], ensure_ascii=False, indent=2))
    else:
        for chunk, score in hits:
            print(f"[{score:.4f}] {chunk.source} {chunk.ref}\n{chunk.text}\n")
    return 0


def _planbot():
    """The one Planbot the verbs go through (imported here: `planbot inspect` and --help load no index)."""
    from bot.service import Planbot
    return Planbot(get_settings())


if __name__ == "__main__":
    sys.exit(main())
