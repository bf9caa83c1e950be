"""The typed values that pass from deciding (bot/answering/decide.py) to composing
(bot/answering/compose.py, bot/answering/listing.py).

Why enums: a mode or reason was a bare string, so a typo surfaced only as a KeyError in a template
lookup; now it fails where the decision is made, and tests check that every reason has its sentence
in prompts/answers.toml and every sentence there has its reason."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from core.types import Chunk


class Mode(StrEnum):
    """How a question is answered."""
    EVIDENCE = "evidence"  # from the units that answer it, per plan
    LIST = "list"  # a structured list of tasks
    METADATA = "metadata"  # the plans' own record (số hiệu, date, signer …)
    CANDIDATES = "candidates"  # not sure: the nearest units, each cited, said to be unsure
    ABSTAIN = "abstain"  # a sentence that says why there is no answer


class Reason(StrEnum):
    """Why an answer abstains or is unsure; each but CANDIDATES is a sentence in [abstain] of answers.toml."""
    NOT_FOUND = "not_found"  # nothing comes near
    CANDIDATES = "candidates"  # near, not sure (its sentence is the [candidates] header)
    UNKNOWN_PLACE = "unknown_place"  # no plan of the place asked about
    OUTCOME = "outcome"  # asks what was achieved; plans only assign
    NO_NUMBER = "no_number"  # the unit speaks of it without a figure
    FIELD_MISSING = "field_missing"  # the unit does not state the field asked
    INJECTION = "injection"  # asks the assistant to change how it answers
    NO_TOPIC = "no_topic"  # nothing to look up
    PERSON = "person"  # asks for a person; plans assign agencies
    APPROVAL = "approval"  # asks for an approval the plans do not record
    NO_MATCH = "no_match"  # a list whose conditions no task meets


@dataclass
class Evidence:
    chunk: Chunk
    relevance: float  # coverage of the question's topic by the unit (bot/answering/relevance.py)
    quote: list[str] = field(default_factory=list)  # sentences quoted from a passage
    order: float = 0.0  # the decision model's probability, lifted for a finer item (see _most_specific)
    whole: bool = False  # a passage whose heading is what the question asks about
    about: float = 0.0  # coverage by the unit's headings or task name
    dense: float = 0.0  # cosine similarity of question and unit
    score: float = 0.0  # the hybrid retrieval score
    row_rival: bool = False  # a passage, and a task row of its plan covers the question as well
    p: float = 0.0  # probability that the unit answers the question (bot/answering/decision_model.py)
    answer: float = 0.0  # probability that its plan answers the question, when it is the plan's answer
    features: list[float] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # task fields asked that a cited passage does not state
    context: str = ""  # the heading above a cited passage that states the time asked (features.time_heading)


@dataclass
class Decision:
    mode: Mode
    groups: list[list[Evidence]] = field(default_factory=list)  # one list per plan, best plan first
    reason: Reason | None = None  # why it abstains or is unsure; None when it answers
    detail: dict = field(default_factory=dict)
    retrieved: list[tuple[Chunk, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        """A misspelt mode or reason fails where the decision is made, not as a missing template later."""
        self.mode = Mode(self.mode)
        self.reason = Reason(self.reason) if self.reason else None
