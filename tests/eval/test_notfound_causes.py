"""The cause given to a false not_found decides what gets fixed, so each branch is checked."""
import pytest

from bot.answering.decision import Decision
from eval.notfound_causes import cause

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("way,decision,retrieved,expected", [
    ("evidence", Decision("evidence"), True, None),  # answered: no cause
    ("evidence", Decision("candidates", reason="candidates"), False, None),  # shown as candidates: not refused
    ("evidence", Decision("abstain", reason="not_found"), False, "retrieval"),
    ("evidence", Decision("abstain", reason="not_found"), True, "decision"),
    ("evidence", Decision("abstain", reason="no_number"), True, "rule:no_number"),
    ("unknown_place", Decision("abstain", reason="unknown_place"), False, "rule:unknown_place"),
    ("person", Decision("abstain", reason="person"), False, "rule:person"),
])
def test_a_refusal_is_put_down_to_retrieval_the_decision_or_a_rule(way, decision, retrieved, expected):
    assert cause(way, decision, retrieved) == expected
