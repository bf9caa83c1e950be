"""A list answer that fits a screen (bot/answering/listing.py): the summary line counts every row found, each plan's
block shows its first rows, each cited, the rest is counted and linked with the list's own filters."""
import re
from urllib.parse import parse_qs

import pytest

from bot.answering.compose import compose
from bot.answering.decide import Decision, Evidence
from bot.answering.listing import list_answer, task_link
from bot.answering.prompts import load
from bot.serving.views import answer_html
from core.settings import Settings
from core.types import Answer, Chunk, Filters

pytestmark = pytest.mark.unit
T = load("answers")


def _task(n: int, source: str = "a.txt", number: str = "1/KH-UBND", province: str = "An Giang") -> Evidence:
    meta = {"task_number": str(n), "task": f"Việc {n}", "lead": "Sở Y tế", "time": "2026", "plan_number": number,
            "plan": f"Kế hoạch {number}", "province": province, "issuer": f"UBND tỉnh {province}"}
    return Evidence(Chunk(id=f"{source}{n}", source=source, ref=f"task:{n}", kind="task", text=f"x\nViệc {n}",
                          metadata=meta), 1.0)


def _plans(*sizes: int) -> list[list[Evidence]]:
    return [[_task(n, f"{i}.txt", f"{i}/KH-UBND", f"Tỉnh {i}") for n in range(1, size + 1)]
            for i, size in enumerate(sizes)]


def _items(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.startswith("- ")]


@pytest.mark.parametrize("sizes", [(8, 3), (1, 1, 1), (5, 6, 40, 2), (12,)])
@pytest.mark.parametrize("rows", [1, 5])
def test_each_plan_shows_its_first_rows_each_cited_and_counts_the_rest(sizes, rows):
    citations = []
    text, links = list_answer(_plans(*sizes), citations, Filters(lead="Sở Y tế"), T, rows=rows)
    assert len(_items(text)) == len(citations) == sum(min(s, rows) for s in sizes)
    assert [int(m) for m in re.findall(r"\[(\d+)\]", text)] == list(range(1, len(citations) + 1))
    more = [int(m) for m in re.findall(r"… và (\d+) nhiệm vụ khác", text)]
    assert more == [s - rows for s in sizes if s > rows]
    assert [(link.total, link.shown) for link in links] == [(s, rows) for s in sizes if s > rows]
    for link in links:  # each link belongs to its own '… và N' line
        assert text.split("\n")[link.line] == T["task"]["list_more"].format(more=link.total - link.shown)


def test_the_summary_counts_every_row_in_every_plan_and_names_the_conditions():
    text, _ = list_answer(_plans(8, 3, 57), [], Filters(lead="Sở Y tế"), T, rows=5)
    first = text.split("\n")[0]
    assert first == "Có 68 nhiệm vụ (do Sở Y tế chủ trì) trong 3 kế hoạch:"
    assert "ít nhất" not in text


def test_one_plan_has_no_summary_its_header_says_the_count():
    text, _ = list_answer(_plans(30), [], Filters(lead="Sở Y tế"), T, rows=5)
    assert text.split("\n")[0].startswith("Theo Kế hoạch 0/KH-UBND – Tỉnh 0, có 30 nhiệm vụ")
    assert "trong 1 kế hoạch" not in text


def test_plans_that_may_not_all_have_been_read_give_a_floor_not_a_count():
    text, _ = list_answer(_plans(8, 3), [], Filters(), T, at_least=True)
    assert text.split("\n")[0].startswith("Có ít nhất 11 nhiệm vụ trong ít nhất 2 kế hoạch")


def test_a_plan_cut_short_by_decide_is_counted_by_the_rows_found():
    """decide passes on at most MAX_LIST rows and says how many it found (`cut`): the count, the '… và N'
    and the link are the rows found, never the rows passed on."""
    groups = _plans(40, 3)
    text, links = list_answer(groups, [], Filters(), T, cut={"0.txt": 57}, rows=5)
    assert text.split("\n")[0].startswith("Có 60 nhiệm vụ trong 2 kế hoạch")
    assert "có 57 nhiệm vụ" in text and "có 40 nhiệm vụ" not in text and "… và 52 nhiệm vụ khác." in text
    assert (links[0].total, links[0].shown) == (57, 5)


def test_the_link_carries_the_lists_filters_and_the_plan_as_fields_and_in_its_query():
    filters = Filters(province="An Giang", lead="Sở Y tế", coordinating="Sở Tài chính", year_from=2026, year_to=2026)
    link = task_link("a.txt", "Kế hoạch 1/KH-UBND – An Giang", 30, 5, filters, search="tiem chung")
    assert link.filters == filters.model_copy(update={"plan": "a.txt"})
    query = {k: v[0] for k, v in parse_qs(link.url.lstrip("?")).items()}
    assert query == {"tab": "tasks", "plan": "a.txt", "lead": "Sở Y tế", "coordinating": "Sở Tài chính",
                     "year": "2026", "q": "tiem chung"}
    ranged = task_link("a.txt", "x", 9, 5, Filters(year_from=2027))
    assert "year" not in parse_qs(ranged.url.lstrip("?"))  # the tab's year is one year; the range stays a field


def test_compose_hands_the_links_to_the_answer_and_the_setting_names_the_rows():
    decision = Decision("list", groups=_plans(9, 2), detail={"cut": {}, "search": ""})
    text, answerable, citations = compose(decision, Filters(), [], list_rows=Settings().answer_list_rows)
    assert answerable and len(citations) == Settings().answer_list_rows + 2
    assert [link.source for link in decision.detail["links"]] == ["0.txt"]


def test_the_chat_puts_each_link_on_its_line_and_escapes_its_address():
    citations = []
    text, links = list_answer(_plans(9, 7), citations, Filters(lead="Sở Y tế & Đào tạo"), T, rows=5)
    shown = answer_html(Answer(question="q", answer=text, answerable=True, citations=citations, lists=links))
    lines = shown.split("<br>")
    for link in links:
        assert 'class="task-link"' in lines[link.line] and f"Xem đủ {link.total} nhiệm vụ" in lines[link.line]
    assert "&amp;lead=" in shown and "&lead=" not in shown
    assert shown.count('class="task-link"') == 2
