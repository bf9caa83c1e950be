"""The question lexicon is one table: each phrase once, and the asks it signals agree with what is cut."""
import tomllib

import pytest

from bot.answering.lexicon import lexicon
from bot.answering.prompts import PROMPTS_DIR
from bot.answering.query import Catalog, analyze

pytestmark = pytest.mark.unit

CATALOG = Catalog(places={"an giang": "An Giang"})


def test_every_phrase_is_written_once():
    data = tomllib.loads((PROMPTS_DIR / "question_words.toml").read_text(encoding="utf-8"))
    phrases = [p for kind in data["asks"].values() for p in kind.get("cut", []) + kind.get("keep", []) + kind.get("noun", [])]
    phrases += data["wording"]["cut"]
    assert len(phrases) == len(set(phrases)), sorted(p for p in phrases if phrases.count(p) > 1)
    assert all(kind["why"] for kind in data["asks"].values())


def test_phrases_match_whole_words_only():
    # 'tiền đóng' holds the letters of 'tiến độ' ('tien do'), which asks a deadline; it is not that word
    assert "deadline" not in analyze("Hỗ trợ tiền đóng bảo hiểm y tế cho ai?", CATALOG).asks
    assert "number" in analyze("Tỷ lệ đạt 95% dân số?", CATALOG).asks


@pytest.mark.parametrize("question,number", [
    ("Số lượng giường bệnh đến năm 2030?", True),  # the noun is all the question says: it asks the figure
    ("Tỷ lệ bao phủ bảo hiểm y tế ở An Giang ra sao?", True),
    ("Việc điều chỉnh số lượng y tế ấp thì Sở Y tế làm cùng với sở nào?", False),  # asks who, about a count
    ("Ai chủ trì nâng tỷ lệ tiêm chủng?", False),
    ("Tỷ lệ tiêm chủng đạt 95% vào khi nào?", False),  # asks when
    ("Số lượng bác sĩ cần tăng là bao nhiêu, ai chủ trì?", True),  # 'bao nhiêu' asks the figure outright
])
def test_a_figure_noun_asks_the_figure_only_when_nothing_else_is_asked(question, number):
    assert ("number" in analyze(question, CATALOG).asks) is number


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
