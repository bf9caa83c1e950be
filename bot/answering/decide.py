"""Decide what the plans say about a question: which rows or passages, from which plans — or nothing.

Every retrieved unit gets a probability of answering the question from one calibrated model
(bot/answering/features.py → bot/answering/decision_model.py); a plan is answered with its most probable units, and
every plan whose best unit is probable enough, so a task found in four plans gets four answers.
Lists and plan metadata are structured questions, read from the task registry and the plan records.
"""
from __future__ import annotations

import re
from dataclasses import replace

from bot.answering.corpus import Corpus
from bot.answering.decision import Decision, Evidence
from bot.answering.decision_model import DecisionModel, load_model
from bot.answering.features import TASK_FIELDS, asked_fields, holds_figure, time_heading, unstated_fields, vector
from bot.answering.query import Question
from bot.answering.relevance import best_sentences, coverage, coverage_of
from bot.answering.retrieve import Hit, HybridSearch
from core.text import agency_key, fold, number_key
from core.types import Chunk, Filters
from ingest.metadata import LEVELS

LIST_COVERAGE = 0.6  # least topic coverage for a task to join a list or a plan a metadata answer (dev: 1.0)
MAX_LIST = 40
COMPARE_PER_PLAN = 8  # hits per plan for a comparison (the per-plan answer keeps at most 3)
COMPARE_MAX_PLANS = 20  # a comparison over more plans pools one search instead (latency ~60 ms per plan)
UNIT_LIMIT = {"task": 3, "other": 2}  # most units cited per plan: rows are short, passages long
# Least topic coverage of a passage named for stating the topic without the asked field. `python -m
# eval.mentions` on dev (2026-12-02): at 0.75 four passages are named, all right by reading (Nghệ An's
# cấp cứu ngoại viện and dinh dưỡng, two risk-factor targets); 0.74 names 'hợp tác quốc tế' for 'hợp tác
# công tư', and lower bars add more of that.
MENTION_COVERAGE = 0.75
# Units shown when the model is not sure (outcome `candidates`). `planbot train-decision` on dev
# (2026-12-07, out of fold): see FALSE_NOT_FOUND_WEIGHT and WORDING_SET in eval/train_decision.py and the README.
CANDIDATE_COUNT = 3


def decide(q: Question, search: HybridSearch, filters: Filters, depth: int = 40,
           model: DecisionModel | None = None) -> Decision:
    way, model = route(q, filters), model or load_model()
    if way == "unknown_place":
        return Decision("abstain", reason=way, detail={"place": q.unknown_place})
    if way == "metadata":
        return _metadata(q, search, filters)
    if way in ("approval", "outcome"):  # not in the plans; what they do state about it is named
        found = _evidence(q, search, filters, depth, model)
        return Decision("abstain", reason=way, groups=found.groups if found.mode == "evidence" else [],
                        retrieved=found.retrieved)
    if way == "list":
        listed = _list(q, search, filters)
        if listed.mode == "list" or not q.topic:
            return listed
        q, filters = _as_evidence_question(q, filters)
    elif way != "evidence":
        return Decision("abstain", reason=way)
    return _evidence(q, search, filters, depth, model)


def route(q: Question, filters: Filters) -> str:
    """Which way a question is answered: refused at once, structured (list, metadata) or from evidence."""
    if q.injection and not q.topic:
        return "injection"
    if q.unknown_place:
        return "unknown_place"
    if "outcome" in q.asks:
        return "outcome"
    if "person" in q.asks and "metadata" not in q.asks:
        return "person"
    if "approval" in q.asks and "metadata" not in q.asks:
        return "approval"
    if "metadata" in q.asks:
        return "metadata"
    if q.is_list and (q.topic or not filters.is_empty()):
        return "list"
    return "evidence" if q.topic else "no_topic"


_LIST_CONDITIONS = ("lead", "coordinating", "year_from", "year_to", "quarter")


def _as_evidence_question(q: Question, filters: Filters) -> tuple[Question, Filters]:
    """A 'liệt kê …' question no task row answers ('Liệt kê tuổi thọ mục tiêu đến năm 2030 theo từng
    địa phương') is asked of the passages: the conditions read as task-registry filters (a deadline
    year, a lead) would keep only task rows, so they leave the filters; the years still count as
    features and a named agency still steers (q.agencies)."""
    read = {k: None for k in _LIST_CONDITIONS if getattr(q.filters, k) is not None
            and getattr(filters, k) == getattr(q.filters, k)}
    named = [agency_key(getattr(q.filters, k)) for k in ("lead", "coordinating") if k in read]
    return replace(q, agencies=q.agencies + named), filters.model_copy(update=read)


def subject_tokens(chunk: Chunk, search: HybridSearch, q: Question) -> list[str]:
    """The words a chunk is about: a task's name and group, not its agency or time cells."""
    if chunk.kind == "task":
        return q.tokens(f"{chunk.metadata.get('task', '')} | {chunk.metadata.get('group', '')}")
    return search.corpus.tokens_of(chunk.id, q.accented) or q.tokens(chunk.text)


def _score(hit: Hit, q: Question, search: HybridSearch) -> Evidence:
    """Coverage of the question by the unit, and for a passage the sentences worth quoting."""
    chunk, corpus = hit.chunk, search.corpus
    signals = {"dense": hit.dense, "score": hit.score}
    if chunk.kind == "section":
        quoted = best_sentences(chunk, q.topic, corpus, need_number="number" in q.asks, pairs=q.pairs,
                                need_time="deadline" in q.asks,
                                tokens=q.tokens, floor=0.0)
        quoted = [(s, c) for s, c in quoted if _mentions(q.measure, q.tokens(s))]
        about = coverage(q.topic, _heading_tokens(chunk, q), corpus, q.pairs)
        rel = 0.85 * max(c for _, c in quoted) + 0.15 * about if quoted else 0.0
        return Evidence(chunk, rel, [s for s, _ in quoted], whole=about >= 0.9 and "number" not in q.asks,
                        about=about, **signals)
    subject = coverage(q.topic, subject_tokens(chunk, search, q), corpus, q.pairs)
    whole = coverage(q.topic, corpus.tokens_of(chunk.id, q.accented) or q.tokens(chunk.text), corpus, q.pairs)
    return Evidence(chunk, subject, about=whole, **signals)


def _heading_tokens(chunk: Chunk, q: Question) -> list[str]:
    """What a passage is filed under: its parent headings, and its own title when that is a heading
    (the section has text below it) rather than the item's content itself."""
    m = chunk.metadata
    own = m.get("title_line", "") if m.get("passage_at", 0) < len(chunk.text) else ""
    return q.tokens(f"{m.get('heading', '')} | {own}")


def _mentions(measure: list[str], tokens: list[str]) -> bool:
    return not measure or all(m in tokens for m in measure)


def candidates(q: Question, search: HybridSearch, filters: Filters, model: DecisionModel,
               depth: int = 40) -> list[Evidence]:
    """Every unit the question retrieves with its features and unit probability."""
    hits = _compare_hits(q, search, filters) if q.compare else _units(q, search, filters, depth)
    evidence = [_score(h, q, search) for h in hits]
    best_row: dict[str, float] = {}
    for e in evidence:
        if e.chunk.kind == "task":
            best_row[e.chunk.source] = max(best_row.get(e.chunk.source, 0.0), e.relevance)
    for e in evidence:
        e.row_rival = e.chunk.kind != "task" and best_row.get(e.chunk.source, -1.0) >= e.relevance
        e.features = vector(e, q, model.features)
        e.p = e.order = model.unit.probability(e.features)
    return evidence


def select(evidence: list[Evidence], q: Question, model: DecisionModel) -> list[list[Evidence]]:
    """Per plan the units the model trusts; the plans answered, best first."""
    chosen = [units for units in (_choose(ev, q, model) for ev in _by_plan(evidence).values()) if units]
    best = max((u[0].answer for u in chosen), default=0.0)
    kept = [u for u in chosen if q.compare or u[0].answer >= best - model.plan_margin]  # a comparison wants every plan
    return sorted(kept, key=lambda u: (-u[0].answer, u[0].chunk.source))


def _evidence(q: Question, search: HybridSearch, filters: Filters, depth: int, model: DecisionModel) -> Decision:
    evidence = candidates(q, search, filters, model, depth)
    retrieved = [(e.chunk, e.score) for e in evidence]
    kept = select(evidence, q, model)
    unstated = unstated_passages(evidence, q, {u[0].chunk.source for u in kept}, search.corpus)
    if not kept:
        if unstated:  # the plans name it but not what was asked: said once, then what they do state
            return Decision("abstain", reason="field_missing", groups=[[replace(e, missing=[])] for e in unstated],
                            retrieved=retrieved, detail={"fields": sorted({f for e in unstated for f in e.missing})})
        near, units = nearest(evidence, q, model)
        if _no_figure(evidence, units, q):
            return Decision("abstain", reason="no_number", retrieved=retrieved)
        if units and near >= model.candidate_threshold:  # not sure: the nearest units, each cited, said as such
            return Decision("candidates", groups=[[e] for e in units], reason="candidates", retrieved=retrieved,
                            detail={"nearness": near})
        return Decision("abstain", reason="not_found", retrieved=retrieved)
    # Hits spread one or two per plan up to the search depth: more plans may have it than were seen.
    more_possible = len(evidence) >= depth and len(kept) >= depth // 2 and not q.compare
    detail = {"more_possible": more_possible, "unstated": unstated}
    if q.compare:  # name the plans that say nothing on it
        answered = {u[0].chunk.source for u in kept} | {e.chunk.source for e in unstated}
        detail["silent"] = [d.metadata for d in _asked(q, search, filters, ["document"]) if d.source not in answered]
    return Decision("evidence", groups=kept, retrieved=retrieved, detail=detail)


def _no_figure(evidence: list[Evidence], shown: list[Evidence], q: Question) -> bool:
    """A figure is asked, a unit names the topic, and none of the nearest units holds a figure: the
    plans speak of it without one. When a nearest unit does hold one, 'không nêu con số' would be
    false — it is shown as a candidate (dev_everyday 2026-12-07: 3 of its 4 false not_found were
    refused here with the right figure among the nearest units)."""
    return ("number" in q.asks and any(e.relevance >= LIST_COVERAGE for e in evidence)
            and not any(holds_figure(e) for e in shown))


def nearest(evidence: list[Evidence], q: Question, model: DecisionModel,
            k: int = CANDIDATE_COUNT) -> tuple[float, list[Evidence]]:
    """How near the question came to an answer — the plan model's probability for the best plan's
    best unit, the number the answer threshold is applied to — and the k most probable units
    (unit model) that can be shown, an item and the passage gathering it counted once."""
    heads = [head(units, q)[1] for units in _by_plan(evidence).values()]
    near = max((model.plan.probability(b.features) for b in heads if b is not None), default=0.0)
    shown: list[Evidence] = []
    for e in sorted((e for e in evidence if e.chunk.kind != "section" or e.quote), key=lambda e: -e.p):
        if not any(_nested(e.chunk, s.chunk) for s in shown):
            shown.append(e)
    return near, shown[:k]


def _nested(a: Chunk, b: Chunk) -> bool:
    return a.source == b.source and (a.ref == b.ref or a.ref.startswith(b.ref + "/") or b.ref.startswith(a.ref + "/"))


def _by_plan(evidence: list[Evidence]) -> dict[str, list[Evidence]]:
    per_plan: dict[str, list[Evidence]] = {}
    for e in evidence:
        per_plan.setdefault(e.chunk.source, []).append(e)
    return per_plan


def unstated_passages(evidence: list[Evidence], q: Question, answered: set[str], corpus: Corpus,
                      bar: float = MENTION_COVERAGE) -> list[Evidence]:
    """Per plan not answered, its passage that covers the question's topic but does not state the
    task field asked ('Xây dựng Đề án … cấp cứu ngoại viện giai đoạn 2027-2035', with no lead): the
    plan has the task, and saying so is better than leaving the plan out. Only the sentences that
    name the topic are quoted; `missing` holds the fields they do not state."""
    if not asked_fields(q):
        return []
    best: dict[str, Evidence] = {}
    for e in evidence:
        if e.chunk.kind == "section" and e.quote and e.chunk.source not in answered and e.relevance >= bar:
            if e.chunk.source not in best or e.relevance > best[e.chunk.source].relevance:
                best[e.chunk.source] = e
    named = [_naming(e, q, corpus) for e in best.values()]
    return sorted([e for e in named if e.missing], key=lambda e: (-e.relevance, e.chunk.source))


def _naming(e: Evidence, q: Question, corpus: Corpus) -> Evidence:
    scores = [coverage(q.topic, q.tokens(s), corpus, q.pairs) for s in e.quote]
    named = replace(e, quote=[s for s, c in zip(e.quote, scores) if c >= max(scores) - 1e-9])
    named.missing = unstated_fields(named, q)
    return named


def _asked(q: Question, search: HybridSearch, filters: Filters, kinds: list[str]) -> list[Chunk]:
    """Chunks that pass the filters; with several places named ('ở An Giang và Kiên Hải'), those of
    any of them (a province chosen in the filters wins)."""
    if len(q.places) < 2 or filters.province:
        return search.chunks_where(filters, kinds)
    return [c for place in q.places for c in search.chunks_where(filters.model_copy(update={"province": place}), kinds)]


def _compare_hits(q: Question, search: HybridSearch, filters: Filters) -> list[Hit]:
    """A comparison searches each plan on its own, so a plan whose wording ranks below the others'
    is still found; beyond COMPARE_MAX_PLANS plans one pooled search is used (the answer says to filter)."""
    sources = sorted({c.source for c in _asked(q, search, filters, ["document"])})
    if len(sources) > COMPARE_MAX_PLANS:
        return _units(q, search, filters, 40)
    return [hit for source in sources for hit in _units(q, search, filters.model_copy(update={"plan": source}),
                                                          COMPARE_PER_PLAN, depth=COMPARE_PER_PLAN * 2)]


def _units(q: Question, search: HybridSearch, filters: Filters, k: int, depth: int | None = None) -> list[Hit]:
    """The answer units (tasks, indicators, passages) a question retrieves, its topic as the lexical query."""
    return search.hits(q.clean, k=k, filters=filters, depth=depth or k, lexical_query=" ".join(q.folded_topic),
                       kinds=["task", "indicator", "section"])


def _describes(q: Question) -> bool:
    """'… là gì / làm gì?' with no task field asked: the passage about it comes first."""
    return "describe" in q.asks and not q.asks & set(TASK_FIELDS)


def head(evidence: list[Evidence], q: Question) -> tuple[list[Evidence], Evidence | None]:
    """A plan's candidate answer units (task rows, or passages and indicator rows) and the most
    probable of them, whose plan probability decides whether the plan is answered."""
    usable = [e for e in evidence if e.chunk.kind != "section" or e.quote]
    if not usable:
        return [], None
    prose = [e for e in usable if e.chunk.kind != "task"]
    rows = not (_describes(q) and prose) and max(usable, key=lambda e: e.p).chunk.kind == "task"
    if "number" in q.asks and rows:
        return [], None  # the plan's best match is a task row, which holds no target figure: no figure, not another one
    pool = [e for e in usable if (e.chunk.kind == "task") == rows]
    return pool, max(pool, key=lambda e: e.p)


def _choose(evidence: list[Evidence], q: Question, model: DecisionModel) -> list[Evidence]:
    """A plan's answer units, when the plan model trusts its best one: those near the best."""
    pool, best = head(evidence, q)
    answer = model.plan.probability(best.features) if best is not None else 0.0
    if best is None or answer < model.threshold:
        return []
    if _describes(q) and any(e.whole for e in pool):  # the section asked about, from its beginning
        pool = [min([e for e in pool if e.whole], key=lambda e: (len(e.chunk.ref.split("/")), e.chunk.metadata.get("part", 0)))]
    pool = _most_specific(pool)
    top = max(e.order for e in pool)
    kept = sorted([e for e in pool if e.order >= top - model.unit_margin], key=lambda e: -e.order)
    kept = kept[:UNIT_LIMIT["task" if kept[0].chunk.kind == "task" else "other"]]
    for e in kept:
        e.answer = answer
        e.missing = unstated_fields(e, q) if e.chunk.kind == "section" else []
        e.context = time_heading(e, q)
    return kept


def _most_specific(units: list[Evidence]) -> list[Evidence]:
    """When a heading's gathered passage and one of its items quote the same words, cite the item
    (it carries the finer ref), lifted to the better of the two scores."""
    kept = []
    for e in units:
        finer = [k for k in units if k.chunk.source == e.chunk.source and k.chunk.ref.startswith(e.chunk.ref + "/")
                 and set(k.quote) & set(e.quote)]
        if not finer:
            kept.append(e)
        for k in finer:
            k.order = max(k.order, e.order)
    return kept


def _list(q: Question, search: HybridSearch, filters: Filters) -> Decision:
    chunks = _asked(q, search, filters, ["task"])
    score = coverage_of(q.topic, search.corpus, q.pairs)
    evidence = [Evidence(c, score(subject_tokens(c, search, q)) if q.topic else 1.0) for c in chunks]
    evidence = [e for e in evidence if e.relevance >= LIST_COVERAGE]
    duties = agency_sections(q, search, filters)
    if not evidence and not duties:
        return Decision("abstain", reason="no_match", detail={"unread": q.unread})
    rows: dict[str, list[Evidence]] = {}
    order = lambda e: (e.chunk.source, number_key(e.chunk.metadata.get("task_number", "")))  # noqa: E731
    for e in sorted(evidence, key=order):
        rows.setdefault(e.chunk.source, []).append(e)
    groups = {source: found[:MAX_LIST] for source, found in rows.items()}
    for e in duties:  # after the plan's rows
        groups.setdefault(e.chunk.source, []).append(e)
    groups_kept = [groups[source] for source in sorted(groups)]
    cut = {source: len(found) for source, found in rows.items() if len(found) > MAX_LIST}  # said, never counted as all
    return Decision("list", groups=groups_kept, retrieved=[(e.chunk, e.relevance) for g in groups_kept for e in g],
                    detail={"unread": q.unread, "cut": cut, "search": " ".join(q.topic)})  # search: the task tab's words


def agency_sections(q: Question, search: HybridSearch, filters: Filters) -> list[Evidence]:
    """What a plan assigns to the agency asked about in its own section ('2.3. Sở Tài chính', 'Sở Tài
    chính chủ trì, phối hợp …' under Tổ chức thực hiện): prose plans give an agency its duties there,
    not in a task table. Only when the question names no topic besides the agency: the section is
    the whole answer to 'Sở X phải làm những việc gì', not to 'Sở X chủ trì những việc nào về Y'."""
    if not filters.lead or q.topic:
        return []
    key = agency_key(filters.lead)
    own = [c for c in _asked(q, search, filters.model_copy(update={"lead": None}), ["section"])
           if c.metadata.get("lead") and same_agency(agency_key(c.metadata["lead"]), key, c)]
    top: dict[str, int] = {}
    for c in own:  # the agency's heading, not the items under it (they inherit its lead)
        top[c.source] = min(top.get(c.source, 99), c.ref.count("/"))
    kept = [c for c in own if c.ref.count("/") == top[c.source]]
    return [Evidence(c, 1.0) for c in sorted(kept, key=lambda c: (c.source, number_key(c.metadata.get(
        "section_path", "").replace("/", ".")), c.metadata.get("part", 0)))]


_PLACE_WORDS = tuple(fold(level) for level in LEVELS)  # 'Phòng Kinh tế đặc khu' is 'Phòng Kinh tế'


def same_agency(named: str, key: str, chunk: Chunk) -> bool:
    """A heading names the agency with its place ('Phòng Văn hoá - Xã hội đặc khu Kiên Hải'), the
    task rows and the question without it ('Phòng VH-XH'): the same body within one plan."""
    if not named.startswith(key):
        return False
    rest = named[len(key):]
    places = [fold(chunk.metadata.get(f) or "") for f in ("locality", "province")] + list(_PLACE_WORDS)
    for word in sorted(filter(None, places), key=len, reverse=True):
        rest = re.sub(rf"\b{re.escape(word)}\b", " ", rest)
    return not rest.strip()


def _metadata(q: Question, search: HybridSearch, filters: Filters) -> Decision:
    docs = _asked(q, search, filters, ["document"])
    if q.topic and filters.is_empty():
        scored = [Evidence(d, coverage(q.topic, search.corpus.tokens_of(d.id, q.accented), search.corpus, q.pairs))
                  for d in docs]
        docs = [e.chunk for e in scored if e.relevance >= LIST_COVERAGE] or docs
    if not docs:
        return Decision("abstain", reason="not_found")
    docs = sorted(docs, key=lambda d: d.source)
    return Decision("metadata", groups=[[Evidence(d, 1.0)] for d in docs], retrieved=[(d, 1.0) for d in docs])
