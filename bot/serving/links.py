"""A list answer's link into the 'Tra cứu nhiệm vụ' tab (issue 23, item 5): its query string
(bot/answering/listing.task_link) switches to the tab and sets the tab's filters. Clicked in the chat, the page
script hands the query to a hidden box (bot/serving/ui_page.py); opened as an address, the page reads it on load.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import gradio as gr

from bot.answering.listing import TAB
from bot.answering.naming import plan_name

ALL = "(tất cả)"  # the same word as bot.serving.ui.ALL: every dropdown's 'no filter'
FIELDS = ("q", "place", "lead", "year", "plan")  # the link's keys, in the order of the tab's controls


def plan_choices(bot) -> list[tuple[str, str]]:
    """The task tab's plans, named as people name them; the value is the file, as Filters.plan takes it."""
    return [(ALL, ALL)] + [(plan_name(d), d["source"]) for d in bot.documents()]


def values(query: str) -> list[str] | None:
    """The tab's control values [search, place, lead, year, plan] a link's query asks for; None when
    the query is not a task link."""
    got = {k: v[0] for k, v in parse_qs((query or "").lstrip("?")).items() if v}
    if got.get("tab") != TAB:
        return None
    return [got.get("q", "")] + [got.get(key) or ALL for key in FIELDS[1:]]


def apply(query: str, plans: list | None = None) -> list:
    """Updates of [tabs, search, place, lead, year, plan] for a link's query; a query that is not a task
    link changes nothing. `plans`: the plan list sent with the plan chosen (a page just loaded has
    not drawn the tab, and a value alone did not stick there)."""
    chosen = values(query)
    if chosen is None:
        return [gr.update()] * 6
    plan = gr.update(value=chosen[-1], choices=plans) if plans else chosen[-1]
    return [gr.Tabs(selected=TAB)] + chosen[:-1] + [plan]


def follow(bot, loaded, link_box: gr.Textbox, tabs: gr.Tabs, controls: list, refresh, shown: list) -> None:
    """The page's own address on load (after the lists are current), and each link clicked in the chat.
    The table is drawn from the link's own values in the same response: a refresh that read the
    controls back raced the dropdowns' update and could draw every plan's tasks (CI, 2026-12-07)."""
    outputs = [tabs] + controls + shown

    def draw(query: str) -> list:
        chosen = values(query)
        rows = refresh(*chosen) if chosen is not None else [gr.update()] * len(shown)
        return apply(query, plan_choices(bot)) + list(rows)

    def from_address(request: gr.Request):
        return draw(urlencode(dict(getattr(request, "query_params", None) or {})))

    loaded.then(from_address, None, outputs)
    link_box.change(draw, link_box, outputs)
