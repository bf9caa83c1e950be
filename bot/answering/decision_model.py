"""The calibrated answer decision: two logistic regressions over bot/answering/features.py, weights from a file.

The unit model ranks a plan's retrieved units (which row or passage answers); the plan model says
whether the plan's best unit answers at all — trained only on each plan's best unit, so the many
plainly wrong units below it do not teach it that everything is unlikely. `planbot train-decision`
(eval/train_decision.py) fits both on the dev set and chooses the three numbers that turn
probabilities into a decision by cross-validation grouped by plan; all of it is written to
bot/answering/decision_model.json with the measurements that chose it.
"""
from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("decision_model.json")


@dataclass(frozen=True)
class Logistic:
    weights: list[float]
    bias: float
    mean: list[float]
    scale: list[float]

    def probability(self, values: list[float]) -> float:
        z = self.bias + sum(w * (v - m) / s for w, v, m, s in zip(self.weights, values, self.mean, self.scale))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def neutral(cls, n: int) -> Logistic:
        return cls([0.0] * n, 0.0, [0.0] * n, [1.0] * n)


@dataclass(frozen=True)
class DecisionModel:
    features: list[str]
    unit: Logistic  # P(this unit is the answer), used to rank a plan's units
    plan: Logistic  # P(the plan's best unit answers the question), used to answer or not
    threshold: float = 0.5  # least plan probability that counts as an answer
    unit_margin: float = 0.1  # units within this of their plan's best unit (unit probability) are cited with it
    plan_margin: float = 1.0  # plans whose probability is within this of the best plan's are answered
    # A question no plan answers, whose best plan probability is at least this, gets the nearest units
    # as candidates instead of 'không tìm thấy'; 1.0 never does.
    candidate_threshold: float = 1.0
    report: dict = field(default_factory=dict, compare=False)

    def probability(self, values: list[float]) -> float:
        return self.unit.probability(values)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> DecisionModel:
    return read_model(path)


def read_model(path: Path) -> DecisionModel:
    """The model as the file holds it now (the trainer reads the committed cut-offs through this)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return DecisionModel(**{**data, "unit": Logistic(**data["unit"]), "plan": Logistic(**data["plan"])})
