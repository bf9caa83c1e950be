"""The web UI served for real, called over HTTP with gradio_client."""
import socket

import pytest

from bot.retrieve import HybridSearch
from bot.ui import build_ui, plans_rows, render_hits
from tests.conftest import KIEN_HAI

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def search(indexed, tmp_path_factory):
    index, _ = indexed
    return HybridSearch(index, tmp_path_factory.mktemp("lexical"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_render_hits_escapes_and_cites(search):
    out = render_hits(search, "đề án cấp cứu ngoại viện")
    assert "`task:18`" in out and "Cơ quan chủ trì: Sở Y tế" in out
    assert render_hits(search, "   ").startswith("Hãy nhập")


def test_plans_table_lists_every_plan_with_counts(search):
    rows = {r[2]: r for r in plans_rows(search)}
    assert len(rows) == 5 and rows[KIEN_HAI][3] == "37"


def test_search_endpoint_over_http(search):
    from gradio_client import Client
    port = _free_port()
    ui = build_ui(search)
    ui.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        result = Client(f"http://127.0.0.1:{port}/", verbose=False).predict("cap cuu ngoai vien", api_name="/search")
        assert "cấp cứu ngoại viện" in result and "Sở Y tế" in result
    finally:
        ui.close()
