"""The web UI served for real (mounted beside the API, as app.py runs it), called with gradio_client."""
import httpx
import pytest

from bot.ui import plans_rows, render_answer
from tests.bot.server import serving
from tests.conftest import KIEN_HAI

pytestmark = pytest.mark.integration


def test_render_answer_shows_sources_and_escapes_html(planbot):
    answer = planbot.ask("Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?")
    out = render_answer(answer)
    assert "Nguồn trích dẫn" in out and "`task:18`" in out and "Cơ quan chủ trì: Sở Y tế" in out
    answer.answer = "<script>alert(1)</script>"
    assert "<script>" not in render_answer(answer)


def test_abstention_is_shown_without_sources(planbot):
    out = render_answer(planbot.ask("Ở Hà Nội ai chủ trì đề án cấp cứu ngoại viện?"))
    assert "Hà Nội" in out and "Nguồn trích dẫn" not in out


def test_plans_table_lists_every_plan_with_counts(planbot):
    rows = {r[2]: r for r in plans_rows(planbot)}
    assert len(rows) == 5 and rows[KIEN_HAI][3] == "37"


def test_ui_and_api_served_together(planbot):
    from gradio_client import Client

    from app import create_app
    with serving(create_app(planbot)) as url:
        assert httpx.get(f"{url}/health").json()["status"] == "ok"
        result = Client(f"{url}/", verbose=False).predict("cap cuu ngoai vien o Kien Hai", api_name="/ask")
        assert "Trung tâm Y tế chủ trì" in result and "task:18" in result
