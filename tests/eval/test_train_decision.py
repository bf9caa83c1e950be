"""How the trainer picks the decision cut-offs (eval/train_decision.py)."""
import pytest

from eval.train_decision import CUT_NOISE, choose_cuts

pytestmark = pytest.mark.unit


def test_committed_cut_offs_stay_unless_others_score_clearly_better():
    raw = {(0.4, 0.1, 0.1): 0.873, (0.55, 0.02, 0.1): 0.877, (0.6, 0.02, 0.1): 0.862}
    assert choose_cuts(raw, (0.4, 0.1, 0.1)) == (0.4, 0.1, 0.1)  # 0.004 apart: noise
    raw[(0.55, 0.02, 0.1)] = 0.873 + CUT_NOISE + 0.005
    assert choose_cuts(raw, (0.4, 0.1, 0.1)) == (0.55, 0.02, 0.1)  # clearly better: it moves


def test_without_committed_cut_offs_the_best_wins_and_ties_go_to_the_more_careful():
    raw = {(0.3, 0.05, 0.2): 0.9, (0.5, 0.05, 0.2): 0.9, (0.4, 0.05, 0.2): 0.8}
    assert choose_cuts(raw, None) == (0.5, 0.05, 0.2)
    assert choose_cuts(raw, (0.45, 0.05, 0.2)) == (0.5, 0.05, 0.2)  # not on the grid any more
