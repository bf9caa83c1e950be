"""The role verbs (prompts/roles.toml): one table read both for what a question asks and for the role a
list question gives the agency it names (bot/answering/roles.py)."""
import re

import pytest

from bot.answering.lines import time_label
from bot.answering.listing import list_answer
from bot.answering.decide import Evidence
from bot.answering.lexicon import asked_kinds
from bot.answering.prompts import load
from bot.answering.query import Catalog, analyze
from bot.answering.roles import ROLES, role_patterns, table, verbs
from core.text import agency_key, split_agencies
from core.types import Chunk, Filters

pytestmark = pytest.mark.unit

KINDS = {"alone", "asked", "kept", "duty"}
AGENCY = "Sở Tư pháp"
CATALOG = Catalog(leads={agency_key(AGENCY): AGENCY}, coordinators={agency_key(AGENCY): AGENCY})


def every_verb():
    return [(role, v) for role in (*ROLES, "report") for v in verbs(role)]


@pytest.mark.parametrize("role,verb", every_verb(), ids=lambda x: getattr(x, "phrase", x))
def test_every_verb_has_a_known_kind_and_a_reason(role, verb):
    assert verb.kind in KINDS and len(verb.why) > 15


def test_the_question_lexicon_holds_no_role_verbs_of_its_own():
    """The duplicate lists are gone: who leads / coordinates is asked only with the table's verbs."""
    asks = load("question_words")["asks"]
    assert not set(ROLES) & set(asks)
    phrases = {v.phrase for _, v in every_verb()}
    own = {p for kind in asks.values() for p in kind.get("cut", []) + kind.get("keep", [])}
    assert not phrases & own


@pytest.mark.parametrize("role,verb", [(r, v) for r, v in every_verb() if r in ROLES], ids=lambda x: getattr(x, "phrase", x))
def test_a_question_with_a_role_verb_asks_that_role(role, verb):
    assert role in asked_kinds(f"co quan nao {verb.phrase} de an phat trien y te co so")
    if verb.kind == "asked":  # an everyday verb asks only after who/which: otherwise it is content
        assert role not in asked_kinds(f"ke hoach yeu cau tang cuong {verb.phrase} cong tac y te co so la gi")


@pytest.mark.parametrize("role,verb", [(r, v) for r, v in every_verb() if r in ROLES], ids=lambda x: getattr(x, "phrase", x))
def test_a_list_question_gives_the_named_agency_the_role_of_its_verb(role, verb):
    q = analyze(f"{AGENCY} {verb.phrase} những nhiệm vụ nào?", CATALOG)
    assert q.is_list and getattr(q.filters, role) == AGENCY
    other = next(r for r in ROLES if r != role)
    assert getattr(q.filters, other) is None


def test_duty_verbs_never_ask_who():
    for verb in verbs("report"):
        assert not set(ROLES) & asked_kinds(f"so y te {verb.phrase} ket qua truoc ngay nao")


def test_role_patterns_cover_each_role_once_lead_first():
    assert [r for r, _ in role_patterns()] == list(ROLES)
    for _, pattern in role_patterns():
        re.compile(pattern.format(k="so y te"))
    assert table()["who"]


@pytest.mark.parametrize("typed", ["Sở Văn hóa, Thể thao và du lịch", "Sở Văn hóa, Thể thao và Du lịch",
                                   "sở văn hóa, thể thao và du lịch", "SO VAN HOA, THE THAO VA DU LICH"])
def test_an_agency_matches_whatever_its_case_and_accents(typed):
    """A question names the catalog's agency in any case, with or without accents; a plan's cell that
    types the rest of the name in lower case is the same body (plans capitalise a name's first word)."""
    if typed[0].isupper() and not typed.isupper():
        cell = split_agencies(f"Sở Y tế; {typed}")
        assert len(cell) == 2 and agency_key(cell[1]) == agency_key("Sở Văn hóa, Thể thao và Du lịch")
    q = analyze(f"{typed} chủ trì những nhiệm vụ nào?",
                Catalog(leads={agency_key("Sở Văn hóa, Thể thao và Du lịch"): "Sở Văn hóa, Thể thao và Du lịch"}))
    assert q.filters.lead == "Sở Văn hóa, Thể thao và Du lịch"


def test_a_lower_case_list_of_bodies_is_not_one_name():
    assert split_agencies("Các sở, ngành và địa phương") == ["Các sở", "ngành và địa phương"]


def _task(number: int, time: str = "2026", label: str = "") -> Evidence:
    meta = {"task_number": str(number), "task": f"Việc {number}", "lead": AGENCY, "time": time,
            "plan_number": "1/KH-UBND", "issuer": "UBND tỉnh"} | ({"time_label": label} if label else {})
    return Evidence(Chunk(id=str(number), source="a.txt", ref=f"task:{number}", kind="task",
                          text=f"x\nViệc {number}", metadata=meta), 1.0)


def test_the_time_column_keeps_the_plans_name():
    assert time_label(_task(1, label="Thời gian thực hiện").chunk.metadata) == "thời gian thực hiện"
    assert time_label(_task(1).chunk.metadata) == "thời gian hoàn thành"
    line, _ = list_answer([[_task(1, label="Tiến độ thực hiện")]], [], Filters(), load("answers"))
    assert "tiến độ thực hiện: 2026" in line and "hoàn thành" not in line


@pytest.mark.parametrize("question", ["so y te phai bao cao dinh ky vao ngay nao", "bao cao dinh ky nam nao",
                                      "hoc ky nam nao bat dau kham suc khoe hoc sinh"])
def test_a_period_is_not_a_signature(question):
    """'kỳ' (period) folds like 'ký' (signed): a reporting date is not the plan's metadata."""
    assert "metadata" not in asked_kinds(question)


@pytest.mark.parametrize("question", ["ai ky ke hoach nay", "ke hoach duoc ky vao ngay nao", "nguoi ky la ai"])
def test_the_signer_and_signing_date_are_still_metadata(question):
    assert "metadata" in asked_kinds(question)
