"""The question lexicon is one table: each phrase once, and the asks it signals agree with what is cut."""
import tomllib

import pytest

from bot.lexicon import lexicon
from bot.prompts import PROMPTS_DIR
from bot.query import Catalog, analyze

pytestmark = pytest.mark.unit

CATALOG = Catalog(places={"an giang": "An Giang"})


def test_every_phrase_is_written_once():
    data = tomllib.loads((PROMPTS_DIR / "question_words.toml").read_text(encoding="utf-8"))
    phrases = [p for kind in data["asks"].values() for p in kind.get("cut", []) + kind.get("keep", [])]
    phrases += data["wording"]["cut"]
    assert len(phrases) == len(set(phrases)), sorted(p for p in phrases if phrases.count(p) > 1)
    assert all(kind["why"] for kind in data["asks"].values())


def test_phrases_match_whole_words_only():
    # 'tiền đóng' holds the letters of 'tiến độ' ('tien do'), which asks a deadline; it is not that word
    assert "deadline" not in analyze("Hỗ trợ tiền đóng bảo hiểm y tế cho ai?", CATALOG).asks
    assert "number" in analyze("Tỷ lệ đạt 95% dân số?", CATALOG).asks


@pytest.mark.parametrize("question,asks,absent", [
    ("Sở nào lo việc tiêm chủng ở An Giang?", {"lead"}, ["sơ3", "lo0"]),  # asked as a lead: its words leave the topic
    ("Bộ Chỉ huy Quân sự được phân công việc gì?", {"describe"}, []),  # what work, not who leads
    ("Báo cáo kết quả thực hiện gửi về đâu?", set(), []),  # the reporting duty, not a result cell
])
def test_what_is_asked_and_what_stays_in_the_topic(question, asks, absent):
    q = analyze(question, CATALOG)
    assert asks <= q.asks and not ({"lead", "result"} - asks) & q.asks
    assert not set(absent) & set(q.topic)


def test_report_wording_stays_in_the_topic():
    q = analyze("Các sở báo cáo kết quả thực hiện trước ngày nào?", CATALOG)
    assert {"kêt1", "qua3"} <= set(q.topic) and "result" not in q.asks
    assert all(pattern.pattern for pattern in lexicon().asks.values())
