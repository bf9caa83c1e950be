"""The typed values between deciding and composing: modes and reasons are closed sets, each reason
has its sentence, and each sentence its reason."""
import pytest

from bot.answering.decide import route
from bot.answering.decision import Decision, Mode, Reason
from bot.answering.prompts import load

pytestmark = pytest.mark.unit
# Keys of [abstain] that are parts of sentences, not sentences for a reason.
SENTENCE_PARTS = {"stated", "scope"}


def test_every_reason_has_its_sentence_and_every_sentence_its_reason():
    t = load("answers")
    said = set(t["abstain"]) - SENTENCE_PARTS
    assert {r.value for r in Reason} - {Reason.CANDIDATES.value} == said
    assert t["candidates"]["header"]  # the unsure answer's own sentence


def test_a_misspelt_mode_or_reason_fails_where_it_is_made():
    with pytest.raises(ValueError):
        Decision("evidnce")
    with pytest.raises(ValueError):
        Decision("abstain", reason="notfound")
    made = Decision("abstain", reason="not_found")
    assert made.mode is Mode.ABSTAIN and made.reason is Reason.NOT_FOUND
    assert Decision("evidence").reason is None


def test_every_way_route_can_take_is_a_mode_or_a_reason():
    """route() returns a way to answer (a mode) or a reason to refuse at once (bot/answering/decide.py)."""
    from types import SimpleNamespace

    from core.types import Filters
    ways = set()
    for injection in (True, False):
        for place in ("", "Hà Nội"):
            for asks in (set(), {"outcome"}, {"person"}, {"approval"}, {"metadata"}):
                for topic, is_list in ((["x"], False), (["x"], True), ([], False)):
                    q = SimpleNamespace(injection=injection, topic=topic, unknown_place=place, asks=asks, is_list=is_list)
                    ways.add(route(q, Filters()))
    assert ways <= {m.value for m in Mode} | {r.value for r in Reason}
    assert {"evidence", "list", "metadata", "no_topic", "injection", "unknown_place"} <= ways
