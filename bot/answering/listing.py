"""A list answer that fits a screen: a summary line with the counts, then per plan a short block of its
first rows, each cited, '… và N nhiệm vụ khác' and a link that opens the whole list in the UI's 'Tra cứu
nhiệm vụ' tab with the same conditions (issue 23, item 5).

The counts are the task registry's (bot/answering/decide._list reads every row that passes the filters), so they
are stated as the whole; a list whose plans may not all have been read says 'ít nhất'. The links travel
as Answer.lists (core.types.TaskListLink), never as answer text to parse back.
"""
from __future__ import annotations

from urllib.parse import urlencode

from bot.answering.decision import Evidence
from bot.answering.lines import body, cite, passage_line, scope, time_label
from bot.answering.naming import plan_name
from core.types import Citation, Filters, TaskListLink

LIST_ROWS = 5  # the default of Settings.answer_list_rows (core/settings.py says why)
TAB = "tasks"  # the id of the UI's 'Tra cứu nhiệm vụ' tab (bot/serving/ui.py)


def list_answer(groups: list[list[Evidence]], citations: list[Citation], filters: Filters, t: dict,
                cut: dict[str, int] | None = None, rows: int = LIST_ROWS, search: str = "",
                at_least: bool = False) -> tuple[str, list[TaskListLink]]:
    """The summary, then per plan its block; the plan's section on the agency asked about (decide.
    agency_sections) after its rows, quoted whole. `cut` (source → rows found) holds the plans whose
    rows decide did not all pass on: their count is the number found, never the rows passed."""
    tt, lines, links = t["task"], [], []
    totals = {g[0].chunk.source: (cut or {}).get(g[0].chunk.source) or _rows_in(g) for g in groups if _rows_in(g)}
    summary = _summary(totals, filters, t, at_least)
    lines += [summary] if summary else []
    for group in groups:
        tasks = [e for e in group if e.chunk.kind == "task"]
        if tasks:
            meta, total = tasks[0].chunk.metadata, totals[tasks[0].chunk.source]
            lines.append(tt["list_header"].format(plan=plan_name(meta), count=total, scope=scope(filters, t)))
            lines += _list_items(tasks[:rows], citations, tt)
            if total > len(tasks[:rows]):
                lines.append(tt["list_more"].format(more=total - len(tasks[:rows])))
                links.append(task_link(tasks[0].chunk.source, plan_name(meta), total, len(tasks[:rows]), filters,
                                       search, line=len(lines) - 1))
        lines += [passage_line(e, citations, t) for e in group if e.chunk.kind != "task"]
    return "\n".join(lines), links


def _rows_in(group: list[Evidence]) -> int:
    return sum(e.chunk.kind == "task" for e in group)


def _summary(totals: dict[str, int], filters: Filters, t: dict, at_least: bool) -> str:
    """Over several plans, how many rows in how many plans; one plan's own header says its count."""
    if len(totals) < 2:
        return ""
    key = "summary_at_least" if at_least else "summary"
    return t["task"][key].format(count=sum(totals.values()), plans=len(totals), scope=scope(filters, t))


def _list_items(tasks: list[Evidence], citations: list[Citation], tt: dict) -> list[str]:
    lines = []
    for e in tasks:
        c = e.chunk.metadata
        n = cite(e.chunk, citations, f"nhiệm vụ {c['task_number']}", body(e.chunk))
        time = tt["time"].format(label=time_label(c), value=c["time"]) if c.get("time") else tt["time_empty"]
        lines.append(tt["list_item"].format(number=c["task_number"], task=c.get("task", ""),
                                            lead=c.get("lead") or "không ghi", time=time, n=n))
    return lines


def task_link(source: str, name: str, total: int, shown: int, filters: Filters, search: str = "",
              line: int = -1) -> TaskListLink:
    """The plan's whole list as the task tab shows it: its query string names the tab and the filters the
    tab has (plan, place, lead, deadline year, search words); the whole Filters travel beside it."""
    whole = filters.model_copy(update={"plan": source})
    year = whole.year_from if whole.year_from is not None and whole.year_from == whole.year_to else None
    query = {"tab": TAB, "plan": source, "lead": whole.lead, "coordinating": whole.coordinating,
             "year": year, "q": search}
    url = "?" + urlencode({k: v for k, v in query.items() if v not in (None, "")})
    return TaskListLink(source=source, name=name, total=total, shown=shown, filters=whole, search=search,
                        url=url, line=line)
