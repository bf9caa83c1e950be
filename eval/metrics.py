"""Evaluation metrics of shared/specs/citations-and-eval.md, computed per question then aggregated."""
from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from core.types import Answer

TYPES = ["task_lead", "task_coordination", "task_deadline", "task_result", "task_list", "section_content", "target_number",
         "indicator", "multi_document", "document_metadata", "unanswerable", "no_diacritics"]


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).casefold()).strip()


def fact_present(fact: str, answer: str) -> bool:
    """Substring after NFC, case folding and whitespace collapsing; a bare number must stand alone."""
    f, a = normalize(fact), normalize(answer)
    if re.fullmatch(r"\d+", f):
        return re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d]|[.,]\d)", a) is not None
    return f in a


def ref_matches(cited: str, expected: str) -> bool:
    return cited == expected or cited.startswith(expected + "/")


def source_matches(item: dict, source: str, ref: str) -> bool:
    return any(e["source"] == source and ref_matches(ref, e["ref"]) for e in item.get("expected_sources", []))


@dataclass
class Outcome:
    """How one question went."""
    id: str
    type: str
    question: str
    expected_answerable: bool
    answerable: bool
    hit_rank: int | None  # 1-based rank of the first expected source among retrieved, None if absent
    citation_ok: bool
    citations: int
    citations_matching: int
    facts_ok: bool
    missing_facts: list[str]
    expected_sources_cited: float
    latency_ms: float
    answer: str
    cited: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)
    outcome: str = "answered"  # answered | candidates | not_found (core.types.AnswerOutcome)
    candidate_hit: bool = False  # candidates shown, one of them an expected source
    candidate_facts: bool = False  # candidates shown whose text holds every expected fact

    @property
    def confident_wrong(self) -> bool:
        """Answered (not candidates, not not_found) and wrong: a fact or the citation missed, or a
        question the plans cannot answer answered at all. What misleads a reader who trusts it."""
        if self.outcome != "answered":
            return False
        return not self.expected_answerable or not (self.citation_ok and self.facts_ok)

    @property
    def failed(self) -> bool:
        if not self.expected_answerable:
            return self.answerable
        return not (self.answerable and self.citation_ok and self.facts_ok)


def score(item: dict, answer: Answer, latency_ms: float) -> Outcome:
    """Only an `answered` answer is an answer (the spec): the citations of a `candidates` answer count
    for candidate_hit, never for citation accuracy or precision, and its facts for candidate_facts."""
    retrieved = [(r.source, r.ref) for r in answer.retrieved]
    hit = next((i + 1 for i, (s, r) in enumerate(retrieved[:10]) if source_matches(item, s, r)), None)
    shown = [c for c in answer.citations if source_matches(item, c.source, c.ref)]
    cited = answer.citations if answer.answerable else []
    matching = shown if answer.answerable else []
    expected = item.get("expected_sources", [])
    covered = [e for e in expected if any(c.source == e["source"] and ref_matches(c.ref, e["ref"]) for c in cited)]
    missing = [f for f in item.get("expected_facts", []) if not fact_present(f, answer.answer)]
    candidates = answer.outcome == "candidates"
    return Outcome(id=item["id"], type=item["type"], question=item["question"],
                   expected_answerable=item.get("answerable", True), answerable=answer.answerable, hit_rank=hit,
                   citation_ok=bool(matching), citations=len(cited), citations_matching=len(matching),
                   facts_ok=answer.answerable and not missing, missing_facts=missing,
                   expected_sources_cited=len(covered) / len(expected) if expected else 0.0,
                   latency_ms=latency_ms, answer=answer.answer,
                   cited=[f"{c.source}#{c.ref}" for c in answer.citations],
                   expected=[f"{e['source']}#{e['ref']}" for e in expected], outcome=answer.outcome,
                   candidate_hit=candidates and bool(shown),
                   candidate_facts=candidates and bool(item.get("expected_facts")) and not missing)


def _share(values: list[bool]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))], 1)


def aggregate(outcomes: list[Outcome], k: int = 5) -> dict:
    ans = [o for o in outcomes if o.expected_answerable]
    unans = [o for o in outcomes if not o.expected_answerable]
    ranked = [o for o in ans if o.expected]
    cites = sum(o.citations for o in ans)
    multi = [o.expected_sources_cited for o in ans if o.type == "multi_document"]
    lists = [o for o in ans if o.type == "task_list"]  # the expected sources are the complete list
    listed = sum(o.citations for o in lists)
    return {
        "questions": len(outcomes), "answerable": len(ans), "unanswerable": len(unans),
        "hit@1": _share([o.hit_rank == 1 for o in ranked]),
        f"hit@{k}": _share([o.hit_rank is not None and o.hit_rank <= k for o in ranked]),
        "mrr@10": round(statistics.mean([1 / o.hit_rank if o.hit_rank else 0 for o in ranked]), 4) if ranked else None,
        "citation_accuracy": _share([o.citation_ok for o in ans]),
        "citation_precision": round(sum(o.citations_matching for o in ans) / cites, 4) if cites else None,
        "fact_accuracy": _share([o.facts_ok for o in ans]),
        "abstention_accuracy": _share([not o.answerable for o in unans]),
        "false_abstention_rate": _share([not o.answerable for o in ans]),
        "multi_document_sources_cited": round(statistics.mean(multi), 4) if multi else None,
        "task_list_recall": round(statistics.mean([o.expected_sources_cited for o in lists]), 4) if lists else None,
        "task_list_precision": round(sum(o.citations_matching for o in lists) / listed, 4) if listed else None,
        **outcome_metrics(outcomes),
        "latency_p50_ms": _pct([o.latency_ms for o in outcomes], 50),
        "latency_p95_ms": _pct([o.latency_ms for o in outcomes], 95),
    }


def outcome_metrics(outcomes: list[Outcome]) -> dict:
    """The three outcomes' shares, and the two errors that cost trust: a false not_found (an answerable
    question told 'không tìm thấy') and a confident wrong answer (over all questions)."""
    ans = [o for o in outcomes if o.expected_answerable]
    shown = [o for o in ans if o.outcome == "candidates"]
    return {
        **{f"{name}_share": _share([o.outcome == name for o in outcomes]) for name in ("answered", "candidates",
                                                                                       "not_found")},
        "false_not_found_rate": _share([o.outcome == "not_found" for o in ans]),
        "candidates_on_answerable": _share([o.outcome == "candidates" for o in ans]),
        "candidates_hit": _share([o.candidate_hit for o in shown]),  # of answerable questions given candidates
        "fact_accuracy_with_candidates": _share([o.facts_ok or o.candidate_facts for o in ans]),
        "confident_wrong_rate": _share([o.confident_wrong for o in outcomes]),
    }


def hit_curve(outcomes: list[Outcome], max_k: int = 10) -> list[float]:
    ranked = [o for o in outcomes if o.expected_answerable and o.expected]
    if not ranked:
        return []
    return [round(sum(o.hit_rank is not None and o.hit_rank <= k for o in ranked) / len(ranked), 4)
            for k in range(1, max_k + 1)]
