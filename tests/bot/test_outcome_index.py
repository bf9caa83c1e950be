"""The three outcomes over the real index of the bundled plans (issue 23)."""
import json

import pytest

from bot.answering.decide import CANDIDATE_COUNT
from bot.answering.prompts import load
from core.settings import PROJECT_ROOT

pytestmark = pytest.mark.integration

DEV = [json.loads(line) for line in (PROJECT_ROOT / "eval" / "datasets" / "dev.jsonl").read_text(encoding="utf-8")
       .splitlines() if line.strip()]


@pytest.mark.parametrize("item", DEV[::8], ids=lambda item: item["id"])
def test_every_answer_is_one_of_three_outcomes_with_its_shape(planbot, item):
    a = planbot.ask(item["question"])
    assert a.answerable == (a.outcome == "answered")
    if a.outcome == "not_found":
        assert a.citations == []
    if a.outcome == "candidates":  # each unit shown is cited in words, once
        header = load("answers")["candidates"]["header"].split("{scope}")[0]
        assert a.answer.startswith(header) and 1 <= len(a.citations) <= CANDIDATE_COUNT
        assert all(f"[{c.marker}]" in a.answer and c.document and c.label for c in a.citations)
        assert len({(c.source, c.ref) for c in a.citations}) == len(a.citations)

def test_a_topic_no_plan_comes_near_is_not_found(planbot):
    a = planbot.ask("Kế hoạch nói gì về chương trình du hành vũ trụ lên sao Hỏa?")
    assert a.outcome == "not_found" and a.citations == []


def test_a_question_the_model_is_unsure_of_shows_the_right_passage_as_a_candidate(planbot):
    """dev283 out of fold: refused with the answering passage among the nearest (best plan p 0.36)."""
    a = planbot.ask("Ở Quảng Ngãi, ngoài kiến thức sức khỏe thì trường học còn phải đưa thêm những nội dung gì "
                    "vào chương trình?")
    assert a.outcome == "candidates" and not a.answerable and "không tìm thấy" not in a.answer.lower()
    assert any(c.ref.startswith("section:III/1/d") for c in a.citations)


def test_a_figure_question_whose_nearest_unit_states_the_figure_shows_it_not_no_figure(planbot):
    """devew_dev179 (everyday rewrite of a dev question, no diacritics): the right passage is the nearest
    unit and holds the figure; it was refused as 'không nêu con số cụ thể'."""
    a = planbot.ask("Quang Ngai phan dau co bao nhieu bac si tren 1 van dan")
    assert a.outcome in ("answered", "candidates") and "không nêu con số" not in a.answer
    assert any(c.ref.startswith("section:II/2/1") for c in a.citations)
