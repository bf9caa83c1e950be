"""Latency of retrieval and of composed answers on the bundled plans (prints a table; asserts nothing).

    .venv/bin/python bench/bench_answer.py [--repeat 5]
    PLANBOT_INDEX_DIR=/tmp/planbot-scale/index bench/bench_answer.py --lists --no-ingest   # task lists, 1,000 plans
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUESTIONS = [
    "Ai chủ trì đề án cấp cứu ngoại viện và hạn khi nào?",
    "ai chu tri de an cap cuu ngoai vien va han khi nao",
    "Sở Y tế chủ trì những nhiệm vụ nào hạn năm 2026 ở An Giang?",
    "Số bác sĩ trên 10.000 dân năm 2030 của Kiên Giang là bao nhiêu?",
    "Kinh phí thực hiện kế hoạch của Kiên Hải lấy từ đâu?",
    "Ai ký kế hoạch 186/KH-UBND?",
    "Tuổi thọ trung bình đến năm 2030 phấn đấu đạt bao nhiêu?",
    "Ở Hà Nội ai chủ trì đề án cấp cứu ngoại viện?",
    "Quảng Ngãi giao ai xây dựng bệnh viện lão khoa, khi nào xong?",
    "Những kế hoạch nào có đề án phát triển du lịch y tế?",
]

LIST_QUESTIONS = [  # structured questions, answered from the task registry (bot/answering/decide._list)
    "Sở Y tế chủ trì những nhiệm vụ nào hạn năm 2026 ở An Giang?",
    "Sở Tài chính phối hợp những nhiệm vụ nào ở An Giang?",
    "Liệt kê các nhiệm vụ hạn Quý IV/2026 ở Quảng Ngãi",
    "Những nhiệm vụ nào do Trạm Y tế chủ trì ở Kiên Hải?",
    "Các nhiệm vụ hạn từ năm 2027 trở đi ở Nghệ An",
    "Sở Y tế chủ trì những nhiệm vụ nào về chuyển đổi số?",
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lists", action="store_true", help="time the task-list questions")
    parser.add_argument("--no-ingest", action="store_true", help="use the index as it is (e.g. 1,000 plans)")
    args = parser.parse_args()
    from bot.service import Planbot
    from core.settings import get_settings
    bot = Planbot(get_settings())
    if not args.no_ingest:
        bot.ingest([bot.settings.plans_dir])
    questions = LIST_QUESTIONS if args.lists else QUESTIONS
    bot.ask(questions[0])  # warm the model and caches
    retrieve, answer = [], []
    for _ in range(args.repeat):
        for q in questions:
            start = time.perf_counter()
            bot.search_chunks(q, k=5)
            retrieve.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            bot.ask(q)
            answer.append((time.perf_counter() - start) * 1000)
    print(f"{'measure':28} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for name, values in (("retrieval (hybrid, k=5)", retrieve), ("composed answer (full)", answer)):
        print(f"{name:28} {len(values):>5} {percentile(values, 50):>8.1f} {percentile(values, 95):>8.1f} "
              f"{statistics.mean(values):>8.1f}")
    print(f"chunks indexed: {bot.index.count()}, plans: {len(bot.documents())}")


if __name__ == "__main__":
    main()
