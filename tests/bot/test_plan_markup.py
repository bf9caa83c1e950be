"""Nothing in a plan runs in a reader's browser (issue 24, item 5): a plan uploaded with markup in
every field (title, headings, task text, agency, deadline, file name) is answered over real HTTP, and
what the UI makes of that answer — the chat message, which the chat renders as Markdown with HTML, and
the HTML panels — holds no image, link, script or tag from the plan: its markup shows as text."""
from __future__ import annotations

import re

import httpx
import pytest
from markdown_it import MarkdownIt

from bot.serving import views
from bot.serving.api import create_api
from bot.service import Planbot
from core.types import Answer
from ingest.report import ReadReport
from tests.bot.server import serving
from tests.conftest import KIEN_HAI, PLANS_DIR

pytestmark = pytest.mark.integration

TRACKER = "127.0.0.1:9"  # loopback, nothing listens: a fetch would go nowhere, but must not even be tried
MARKUP = [f"![](http://{TRACKER}/track.png)", f"<img src=http://{TRACKER}/i.png>", f"[bấm](http://{TRACKER}/go)",
          "<script>alert(1)</script>", f"www.{TRACKER.split(':')[0]}.nip.io", f"<{'http'}://{TRACKER}/auto>"]
HOSTILE = " ".join(MARKUP)
QUESTION = "Ai chủ trì đề án cấp cứu ngoại viện ở Kiên Hải?"


def hostile_plan() -> bytes:
    """The Kiên Hải plan with the markup in its title, a heading, task 18's text, agency and deadline."""
    lines = (PLANS_DIR / KIEN_HAI).read_text(encoding="utf-8").splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("Thực hiện Kế hoạch số 186"))
    lines[title] += " " + HOSTILE
    heading = lines.index("1. Mục đích")
    lines[heading] += " " + MARKUP[0]
    task = next(i for i, line in enumerate(lines) if line.startswith("18\t"))
    number, text, lead, coordinating, deadline = lines[task].split("\t")
    lines[task] = "\t".join([number, f"{text} {HOSTILE}", f"{lead} {MARKUP[0]}", coordinating, f"{deadline} {MARKUP[2]}"])
    return "\n".join(lines).encode("utf-8")


@pytest.fixture(scope="module")
def answered(tmp_path_factory, test_settings, indexed):
    """The hostile plan uploaded and asked about over HTTP: the answer JSON, the read report, the tasks."""
    folder = tmp_path_factory.mktemp("markup")
    bot = Planbot(test_settings.model_copy(update={"index_dir": folder / "index", "upload_dir": folder / "up"}))
    with serving(create_api(bot)) as url, httpx.Client(base_url=url, timeout=120) as http:
        up = http.post("/documents", params={"wait": "true"},
                       files={"file": (f"{MARKUP[0]}<img src=x>.txt", hostile_plan())})
        assert up.status_code == 201, up.text
        source = up.json()["ingested"][0]
        asked = http.post("/ask", json={"question": QUESTION})
        assert asked.status_code == 200 and asked.headers["content-type"].startswith("application/json")
        yield Answer.model_validate(asked.json()), ReadReport(**up.json()["report"]), http.get("/tasks").json(), source


def rendered(markdown_source: str) -> str:
    """What a Markdown chat with HTML allowed makes of a message (Gradio's chatbot; sanitising keeps <img>)."""
    return MarkdownIt("commonmark", {"html": True}).render(markdown_source)


def assert_inert(html_out: str) -> None:
    """No element that fetches or follows anything, except the answer's own links to its sources."""
    assert not re.search(r"<(img|script|iframe|object|embed|video|audio|source|link|style)\b", html_out, re.I), html_out
    links = re.findall(r"<a\b[^>]*>", html_out, re.I)
    assert all(re.fullmatch(r'<a href="#src-\d+-\d+" class="cite">', a) for a in links), links
    tags = re.findall(r"<[a-z][^>]*>", html_out, re.I)  # real elements; escaped markup is text
    assert not [t for t in tags if re.search(r"\b(src|href|style)\s*=\s*[\"']?(https?:|//|javascript:|url)", t, re.I)]


def assert_no_autolink(markdown_source: str) -> None:
    """GitHub-flavoured Markdown (the chat's) links bare web and mail addresses: each must be broken."""
    assert not re.search(r"(https?://|www\.|\w@\w)", markdown_source, re.I), markdown_source


def test_the_plans_markup_reaches_the_answer_as_plain_text(answered):
    answer, _, _, _ = answered
    assert answer.answerable and "![](" in answer.answer + " ".join(c.quote for c in answer.citations)


@pytest.mark.parametrize("turn", [1, 2])
def test_the_chat_message_shows_the_markup_as_text(answered, turn):
    answer, _, _, _ = answered
    message = views.answer_html(answer, turn)
    assert_no_autolink(message)
    shown = rendered(message)
    assert_inert(shown)
    assert "track.png" in shown and "&lt;script&gt;" in shown  # shown as text, not dropped


def test_the_html_panels_hold_no_live_markup(answered):
    answer, report, tasks, source = answered
    task = next(t for t in tasks if t["source"] == source and "track.png" in t["task"])
    for panel in (views.sources_html(answer.citations), views.read_report_html(report), views.task_cards_html(tasks),
                  views.task_source_html(task)):
        assert_inert(panel)
        assert "track.png" in panel


def test_messages_that_name_a_plan_are_markdown_safe(answered):
    _, report, _, source = answered
    for text in (report.number_display + " " + HOSTILE, source, f"Đã xoá {HOSTILE}"):
        message = views.markdown_text(text)
        assert_no_autolink(message)
        assert_inert(rendered(message))
