"""The web UI served for real (mounted beside the API, as app.py runs it), called with gradio_client."""
import httpx
import pytest

from bot.serving.ui import _plan_rows
from bot.serving.views import answer_html, sources_html
from tests.bot.server import serving
from tests.conftest import KIEN_HAI

pytestmark = pytest.mark.integration


def test_answer_and_sources_for_a_real_answer(planbot):
    answer = planbot.ask("Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?")
    assert '<a href="#src-1-1"' in answer_html(answer)
    assert "<td>Sở Y tế</td>" in sources_html(answer.citations)
    abstained = planbot.ask("Ở Hà Nội ai chủ trì đề án cấp cứu ngoại viện?")
    assert "Không tìm thấy trong các kế hoạch" in answer_html(abstained) and "Hà Nội" in answer_html(abstained)


def test_plans_table_lists_every_plan_with_counts(planbot):
    rows = {r[2]: r for r in _plan_rows(planbot)}
    assert len(rows) == 5 and rows[KIEN_HAI][5] == "37"


def test_ui_and_api_served_together(planbot):
    from gradio_client import Client

    from app import create_app
    with serving(create_app(planbot)) as url:
        assert httpx.get(f"{url}/health").json()["status"] == "ok"
        client = Client(f"{url}/", verbose=False)
        result = client.predict("cap cuu ngoai vien o Kien Hai", api_name="/ask")
        assert "Trung tâm Y tế chủ trì" in result and "task:18" in result


def test_agency_filter_offers_whole_agency_names_only(planbot):
    from bot.serving.ui import _choices
    _, leads, _ = _choices(planbot)
    assert {"Sở Y tế", "Sở Tài chính", "Công an tỉnh"} <= set(leads)
    assert not {"ban", "ngành", "phường", "nhiệm vụ", "địa phương"} & {x.lower() for x in leads}


def test_the_task_explorer_offers_a_chart_cards_a_row_source_and_both_csv_kinds(planbot):
    import gradio as gr

    from bot.serving.ui import build_ui
    ui = build_ui(planbot)
    ids = {b.elem_id: b for b in ui.blocks.values() if getattr(b, "elem_id", None)}
    assert isinstance(ids["t-chart"], gr.Plot) and isinstance(ids["t-cards"], gr.HTML)
    assert isinstance(ids["t-source"], gr.HTML) and {"t-csv", "t-csv-semicolon", "t-xlsx"} <= set(ids)


def test_a_plan_with_warnings_is_flagged_in_the_plans_table(planbot, monkeypatch):
    from bot.serving.ui import PLAN_COLUMNS
    from bot.serving.views import warnings_flag
    counts = {d["source"]: d["warnings"] for d in planbot.documents()}
    w = PLAN_COLUMNS.index("Cảnh báo")
    assert all(r[w] == warnings_flag(counts[r[2]]) for r in _plan_rows(planbot))
    flagged = [dict(d, warnings=2) if d["source"] == KIEN_HAI else d for d in planbot.documents()]
    monkeypatch.setattr(planbot, "documents", lambda: flagged)
    assert {r[2]: r[w] for r in _plan_rows(planbot)}[KIEN_HAI] == "⚠ 2 cảnh báo"


@pytest.mark.parametrize("mode", ["generative", "composed"])
def test_the_ui_follows_planbot_answer_mode(planbot, monkeypatch, mode):
    """PLANBOT_ANSWER_MODE reaches every question asked through the UI, not only the API's: the chat
    (the page's Hỏi button, /chat) and the UI's /ask endpoint, whichever mode is set."""
    from gradio_client import Client

    from app import create_app
    from bot.serving.ui import ALL
    asked = []
    real = planbot.ask
    monkeypatch.setattr(planbot, "settings", planbot.settings.model_copy(update={"answer_mode": mode}))
    monkeypatch.setattr(planbot, "ask", lambda *a, **kw: asked.append(kw.get("mode")) or real(*a, **kw))
    with serving(create_app(planbot)) as url:
        client = Client(f"{url}/", verbose=False)
        client.predict("cap cuu ngoai vien o Kien Hai", api_name="/ask")
        client.predict("cap cuu ngoai vien o Kien Hai", [], ALL, ALL, ALL, api_name="/chat")
    assert asked == [mode, mode]


def test_the_plans_table_says_who_added_each_plan_and_flags_unconfirmed_uploads(planbot, monkeypatch):
    from bot.serving import provenance
    from bot.serving.ui import PLAN_COLUMNS
    col = {name: PLAN_COLUMNS.index(name) for name in ("Nguồn gốc", "Người thêm")}
    assert all(r[col["Người thêm"]] == provenance.SYSTEM for r in _plan_rows(planbot))  # bundled plans
    uploaded = provenance.view({"added_by": "ana", "added_at": "2026-12-07T12:00:00", "sha256": "ab" * 32,
                                "uploaded": True})
    docs = [dict(d, **uploaded) if d["source"] == KIEN_HAI else d for d in planbot.documents()]
    monkeypatch.setattr(planbot, "documents", lambda: docs)
    row = {r[2]: r for r in _plan_rows(planbot)}[KIEN_HAI]
    assert (row[col["Nguồn gốc"]], row[col["Người thêm"]]) == (provenance.UNCONFIRMED, "ana")


def test_a_task_link_switches_to_the_task_tab_with_its_filters_and_nothing_else_does():
    import gradio as gr

    from bot.serving.links import ALL, apply
    from bot.answering.listing import task_link
    from core.types import Filters
    link = task_link("a.txt", "Kế hoạch 1/KH-UBND – An Giang", 30, 5, Filters(lead="Sở Y tế", year_from=2026,
                                                                                 year_to=2026), search="dinh duong")
    tabs, search, place, lead, year, plan = apply(link.url)
    assert isinstance(tabs, gr.Tabs) and tabs.selected == "tasks"
    assert (search, place, lead, year, plan) == ("dinh duong", ALL, "Sở Y tế", "2026", "a.txt")
    assert all(u == gr.update() for u in apply("?tab=chat&lead=x")) and all(u == gr.update() for u in apply(""))


def test_a_busy_server_tells_the_chat_when_to_ask_again(planbot, monkeypatch):
    """Admission refuses (bot/serving/admission.py): the chat says so in Vietnamese with the time to wait."""
    from gradio_client import Client

    from app import create_app
    from bot.serving.admission import BusyError

    def busy(*args, **kwargs):
        raise BusyError(running=2, waiting=24, retry_after=7)

    with serving(create_app(planbot)) as url:
        monkeypatch.setattr(planbot, "ask", busy)
        history = Client(f"{url}/", verbose=False).predict("Ai chủ trì đề án cấp cứu ngoại viện?", [], None, [],
                                                           None, None, None, api_name="/chat")[0]
    content = history[-1]["content"]  # Gradio 6: a list of parts; the text is Markdown-escaped
    said = " ".join(p["text"] for p in content if p.get("type") == "text").replace("\\", "")
    assert "đang trả lời 2 câu hỏi" in said and "khoảng 7 giây" in said, said
