"""A list answer's link into the 'Tra cứu nhiệm vụ' tab (issue 23, item 5): its query string
(bot/listing.task_link) switches to the tab and sets the tab's filters. Clicked in the chat, the page
script hands the query to a hidden box (bot/ui_page.py); opened as an address, the page reads it on load.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import gradio as gr

from bot.listing import TAB
from bot.naming import plan_name

ALL = "(tất cả)"  # the same word as bot.ui.ALL: every dropdown's 'no filter'


def plan_choices(bot) -> list[tuple[str, str]]:
    """The task tab's plans, named as people name them; the value is the file, as Filters.plan takes it."""
    return [(ALL, ALL)] + [(plan_name(d), d["source"]) for d in bot.documents()]


def apply(query: str, plans: list | None = None) -> list:
    """Updates of [tabs, search, place, lead, year, plan] for a link's query; a query that is not a task
    link changes nothing. `plans`: the plan list sent with the plan chosen (a page just loaded has
    not drawn the tab, and a value alone did not stick there)."""
    got = {k: v[0] for k, v in parse_qs((query or "").lstrip("?")).items() if v}
    if got.get("tab") != TAB:
        return [gr.update()] * 6
    pick = lambda key: got.get(key) or ALL  # noqa: E731
    plan = gr.update(value=pick("plan"), choices=plans) if plans else pick("plan")
    return [gr.Tabs(selected=TAB), got.get("q", ""), pick("place"), pick("lead"), pick("year"), plan]


def follow(bot, loaded, link_box: gr.Textbox, tabs: gr.Tabs, controls: list, refresh, shown: list) -> None:
    """The page's own address on load (after the lists are current), and each link clicked in the chat;
    then the tab's table is drawn for the filters set (a tab not yet opened misses their change events)."""
    outputs = [tabs] + controls

    def from_address(request: gr.Request):
        params = getattr(request, "query_params", None) or {}
        return apply(urlencode(dict(params)), plan_choices(bot))

    def from_link(query: str):
        return apply(query, plan_choices(bot))

    loaded.then(from_address, None, outputs).then(refresh, controls, shown)
    link_box.change(from_link, link_box, outputs).then(refresh, controls, shown)
