"""Three outcomes, not two (issue 23): answered, candidates (not sure: the nearest units, each cited),
not_found. Logic with small fakes here; the real index in test_outcome_index.py."""
import json

import pytest

from bot.answering.answer import outcome_of
from bot.answering.compose import compose
from bot.answering.decide import Decision, Evidence, _no_figure, nearest
from bot.answering.decision_model import DecisionModel, Logistic
from bot.answering.prompts import load
from bot.answering.query import Catalog, analyze
from bot.serving.views import NOT_FOUND, answer_html
from core.types import Answer, Chunk, Citation, Filters
from eval.metrics import aggregate, score
from eval.train_decision import candidate_target

pytestmark = pytest.mark.unit

META = {"plan_number": "186/KH-UBND", "issuer": "UBND tỉnh An Giang", "province": "An Giang", "plan": "Kế hoạch 186"}


def _task(source: str, number: str, p: float, **meta) -> Evidence:
    chunk = Chunk(id=f"{source}{number}", source=source, ref=f"task:{number}", kind="task", text=f"row {number}",
                  metadata={**META, "task_number": number, "task": f"Nhiệm vụ số {number}", "lead": "Sở Y tế",
                            **meta})
    return Evidence(chunk, relevance=0.5, features=[p], p=p, order=p)


def _section(source: str, ref: str, p: float, quote: list[str]) -> Evidence:
    chunk = Chunk(id=f"{source}{ref}", source=source, ref=f"section:{ref}", kind="section", text=" ".join(quote) or "x",
                  metadata={**META, "section_path": ref})
    return Evidence(chunk, relevance=0.5, quote=quote, features=[p], p=p, order=p)


# One feature, the unit's probability; the plan model maps it to sigmoid(4 * (x - 0.5)).
MODEL = DecisionModel(features=["coverage"], unit=Logistic([4.0], -0.0, [0.5], [1.0]),
                      plan=Logistic([4.0], 0.0, [0.5], [1.0]), threshold=0.9, candidate_threshold=0.3)
Q = analyze("Ai chủ trì đề án cấp cứu ngoại viện?", Catalog())


def test_nearest_shows_the_most_probable_units_once_and_only_quotable_passages():
    units = [_task("a.txt", "1", 0.2), _task("a.txt", "2", 0.7), _task("b.txt", "5", 0.6),
             _section("b.txt", "III", 0.95, []),  # no sentence to quote: not shown
             _section("c.txt", "IV", 0.65, ["Sở Y tế chủ trì."]), _section("c.txt", "IV/2", 0.64, ["Sở Y tế chủ trì."])]
    near, shown = nearest(units, Q, MODEL, k=3)
    assert [e.chunk.ref for e in shown] == ["task:2", "section:IV", "task:5"]  # IV/2 nests in IV: counted once
    assert near == pytest.approx(MODEL.plan.probability([0.7]))  # the best plan's best unit, as the threshold reads


FIGURE_Q = analyze("Tỷ lệ bao phủ bảo hiểm y tế đạt bao nhiêu phần trăm?", Catalog())


@pytest.mark.parametrize("shown_quotes,refused", [
    ([["Phấn đấu đến năm 2030 tỷ lệ bao phủ bảo hiểm y tế đạt 95%."]], False),  # the figure is near: candidates
    ([["Mở rộng bao phủ bảo hiểm y tế toàn dân."], ["Tăng cường truyền thông."]], True),  # spoken of, no figure
])
def test_no_figure_is_said_only_when_no_nearest_unit_holds_a_figure(shown_quotes, refused):
    covering = _section("a.txt", "II", 0.3, ["Mở rộng bao phủ bảo hiểm y tế toàn dân."])
    covering.relevance = 0.9
    shown = [_section("a.txt", f"II/{i}", 0.3, quote) for i, quote in enumerate(shown_quotes)]
    assert "number" in FIGURE_Q.asks
    assert _no_figure([covering] + shown, shown, FIGURE_Q) is refused
    assert not _no_figure([covering] + shown, shown, Q)  # no figure asked: never this refusal


def test_no_figure_needs_a_unit_that_names_the_topic():
    far = _section("a.txt", "II", 0.3, ["Tăng cường truyền thông."])
    far.relevance = 0.2
    assert not _no_figure([far], [far], FIGURE_Q)


def test_nearest_never_shows_more_than_k_and_nothing_without_units():
    units = [_task("a.txt", str(i), i / 10) for i in range(1, 9)]
    assert len(nearest(units, Q, MODEL, k=3)[1]) == 3
    assert nearest([], Q, MODEL) == (0.0, [])


def test_a_candidates_decision_is_composed_from_the_template_and_cites_every_unit():
    units = [_task("a.txt", "2", 0.7), _task("b.txt", "5", 0.6, plan_number="", issuer="UBND đặc khu Kiên Hải")]
    text, answerable, citations = compose(Decision("candidates", groups=[[e] for e in units], reason="candidates"),
                                          Filters(), ["An Giang"])
    header = load("answers")["candidates"]["header"].format(scope="")
    assert not answerable and text.startswith(header) and NOT_FOUND.lower() not in text.lower()
    assert [c.ref for c in citations] == ["task:2", "task:5"] and [c.marker for c in citations] == [1, 2]
    assert "186/KH-UBND" in text and "nhiệm vụ 2" in text and "dự thảo, chưa có số" in text
    assert all(f"[{c.marker}]" in text for c in citations)


@pytest.mark.parametrize("mode,answerable,expected", [
    ("evidence", True, "answered"), ("list", True, "answered"), ("candidates", False, "candidates"),
    ("abstain", False, "not_found")])
def test_outcome_of_a_decision(mode, answerable, expected):
    assert outcome_of(Decision(mode), answerable) == expected


def test_an_answer_without_an_outcome_keeps_the_meaning_of_answerable():
    assert Answer(question="q", answer="a", answerable=False).outcome == "not_found"
    assert Answer(question="q", answer="a", answerable=True).outcome == "answered"
    assert json.loads(Answer(question="q", answer="a", answerable=False, outcome="candidates")
                      .model_dump_json())["outcome"] == "candidates"


def test_the_ui_never_says_not_found_over_candidates():
    shown = Answer(question="q", answer="Chưa chắc chắn [1]", answerable=False, outcome="candidates")
    assert NOT_FOUND not in answer_html(shown) and 'href="#src-1-1"' in answer_html(shown)
    assert NOT_FOUND in answer_html(Answer(question="q", answer="x", answerable=False))


ITEM = {"id": "d1", "type": "task_lead", "question": "q", "answerable": True, "expected_facts": ["Sở Y tế"],
        "expected_sources": [{"source": "a.txt", "ref": "task:2"}]}
NONE = {"id": "d2", "type": "unanswerable", "question": "q", "answerable": False}


def _answer(outcome: str, text: str = "Sở Y tế chủ trì [1]", ref: str = "task:2") -> Answer:
    cites = [] if outcome == "not_found" else [Citation(marker=1, source="a.txt", ref=ref, document="", province="",
                                                         quote="")]
    return Answer(question="q", answer=text, answerable=outcome == "answered", outcome=outcome, citations=cites)


def test_only_an_answered_answer_counts_as_an_answer():
    shown = score(ITEM, _answer("candidates"), 1.0)
    assert not shown.facts_ok and not shown.citation_ok and shown.citations == 0  # the spec: only `answered`
    assert shown.candidate_hit and shown.candidate_facts and not shown.confident_wrong
    assert score(ITEM, _answer("answered"), 1.0).facts_ok


def test_outcome_metrics_count_false_not_found_and_confident_wrong():
    outcomes = [score(ITEM, _answer("answered"), 1), score(ITEM, _answer("answered", ref="task:9"), 1),
                score(ITEM, _answer("candidates"), 1), score(ITEM, _answer("not_found", "Không"), 1),
                score(NONE, _answer("candidates"), 1), score(NONE, _answer("answered"), 1)]
    m = aggregate(outcomes)
    assert (m["answered_share"], m["candidates_share"], m["not_found_share"]) == (0.5, 0.3333, 0.1667)
    assert m["false_not_found_rate"] == 0.25 and m["candidates_on_answerable"] == 0.25 and m["candidates_hit"] == 1.0
    assert m["confident_wrong_rate"] == round(2 / 6, 4)  # the wrong citation, and the unanswerable answered
    assert m["abstention_accuracy"] == 0.5  # candidates on an unanswerable question abstain
    assert m["fact_accuracy"] == 0.5 and m["fact_accuracy_with_candidates"] == 0.75  # the wrong row says the fact too


@pytest.mark.parametrize("answerable,right,target", [(False, False, "not_found"), (False, True, "not_found"),
                                                     (True, True, "candidates"), (True, False, None)])
def test_what_a_refused_dev_question_should_get(answerable, right, target):
    assert candidate_target(answerable, right) == target


def test_the_candidate_cut_off_weighs_a_false_not_found_above_candidates_shown_in_vain():
    from eval.train_decision import FALSE_NOT_FOUND_WEIGHT, choose_candidate_cut
    refused = [(0.05, "not_found")] * 6 + [(0.36, "candidates"), (0.37, "not_found")]
    cut, counts = choose_candidate_cut(refused, 0.4, None)
    assert cut == 0.35 and counts["candidates_shown"] == 2  # one right near miss outweighs one unanswerable
    assert choose_candidate_cut([(0.05, "not_found"), (0.36, "not_found")], 0.4, None)[0] == 1.0  # nothing to gain
    assert FALSE_NOT_FOUND_WEIGHT >= 1.0
    assert all(c < 0.4 or c == 1.0 for c in [choose_candidate_cut(refused, 0.4, k)[0] for k in (None, 0.35, 1.0)])
