"""The calibrated answer decision: the model file, its features, and that the trainer reproduces it."""
import json
import math

import pytest

from bot.answering.decide import Evidence
from bot.answering.decision_model import MODEL_PATH, Logistic, load_model
from bot.answering.features import FEATURES, vector
from bot.answering.query import Catalog, analyze
from core.types import Chunk


def _evidence(kind: str, text: str, quote: list[str] | None = None, rival: bool = True, **meta) -> Evidence:
    chunk = Chunk(id="x", source="p.txt", ref=f"{kind}:1", kind=kind, text=text, metadata=meta)
    return Evidence(chunk, relevance=0.8, quote=quote or [], dense=0.9, row_rival=rival)


def _feature(name: str, e: Evidence, question: str) -> float:
    return vector(e, analyze(question, Catalog()), [name])[0]


@pytest.mark.unit
def test_logistic_is_the_standardised_sigmoid():
    m = Logistic(weights=[2.0, -1.0], bias=0.5, mean=[1.0, 0.0], scale=[2.0, 1.0])
    z = 0.5 + 2.0 * (3.0 - 1.0) / 2.0 - 1.0 * 1.0
    assert m.probability([3.0, 1.0]) == pytest.approx(1 / (1 + math.exp(-z)))


@pytest.mark.unit
def test_committed_model_is_complete_and_its_cut_offs_are_probabilities():
    model = load_model()
    assert model.features and set(model.features) <= set(FEATURES)
    for part in (model.unit, model.plan):
        assert len(part.weights) == len(part.mean) == len(part.scale) == len(model.features)
        assert all(s > 0 for s in part.scale)
    assert 0 < model.threshold < 1 and 0 <= model.unit_margin <= 1 and 0 <= model.plan_margin <= 1
    assert 0 < model.candidate_threshold < model.threshold or model.candidate_threshold == 1.0  # 1.0: never
    report = model.report
    assert report["questions"] > 100 and 0.5 < report["cv_auc"] <= 1 and set(report["ablation"]) == set(model.features)


@pytest.mark.unit
def test_a_passage_states_a_deadline_or_an_agency_for_a_task_field_question():
    dated = _evidence("section", "…", ["- Xây dựng Đề án phát triển hệ thống cấp cứu giai đoạn 2027-2035;"])
    undated = _evidence("section", "…", ["- Tăng cường truyền thông về sức khỏe."])
    assert _feature("field_stated", dated, "Đề án cấp cứu hạn khi nào?") == 1.0
    assert _feature("field_stated", undated, "Đề án cấp cứu hạn khi nào?") == 0.0
    named = _evidence("section", "…", ["Giao Sở Y tế chủ trì, phối hợp với các đơn vị."])
    assert _feature("field_stated", named, "Ai chủ trì truyền thông?") == 1.0
    assert _feature("field_stated", named, "Truyền thông là gì?") == 0.0  # no task field asked


@pytest.mark.unit
def test_a_passage_is_penalised_for_a_task_field_only_when_a_row_of_its_plan_matches_as_well():
    assert _feature("field_elsewhere", _evidence("section", "…", ["a"], rival=True), "Ai chủ trì X?") == 1.0
    assert _feature("field_elsewhere", _evidence("section", "…", ["a"], rival=False), "Ai chủ trì X?") == 0.0
    row = _evidence("task", "…", lead="Sở Y tế", time="")
    assert _feature("field_present", row, "Ai chủ trì X?") == 1.0
    assert _feature("field_present", row, "Ai chủ trì X và hạn khi nào?") == 0.5  # the time cell is empty


@pytest.mark.unit
def test_a_figure_asked_of_a_task_row_counts_against_it():
    q = "Tỷ lệ tiêm chủng là bao nhiêu?"
    assert _feature("number_fit", _evidence("task", "…"), q) == -1.0
    assert _feature("number_fit", _evidence("section", "…", ["- Đạt 95% trẻ em được tiêm chủng."]), q) == 1.0


@pytest.mark.integration
@pytest.mark.slow
def test_train_decision_reproduces_the_committed_model(planbot, tmp_path):
    """The committed weights are what `planbot train-decision` gives on the dev set: a feature or a
    rule changed without retraining fails here."""
    from core.settings import PROJECT_ROOT
    from eval.train_decision import main as train
    out = tmp_path / "model.json"
    train(planbot, PROJECT_ROOT / "eval" / "datasets" / "dev.jsonl", out)
    fresh, committed = json.loads(out.read_text()), json.loads(MODEL_PATH.read_text())
    assert fresh["features"] == committed["features"]
    cuts = ("threshold", "unit_margin", "plan_margin", "candidate_threshold")
    assert [fresh[c] for c in cuts] == [committed[c] for c in cuts]
    for part in ("unit", "plan"):
        assert fresh[part]["weights"] == pytest.approx(committed[part]["weights"], abs=0.05)
