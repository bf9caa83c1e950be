"""Gradio web UI — a thin layer over Planbot; it holds no logic of its own."""
from __future__ import annotations

import html

import gradio as gr

from bot.service import Planbot
from core.types import Answer

TITLE = "Trợ lý tra cứu kế hoạch bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân"
EXAMPLES = ["Ai chủ trì đề án cấp cứu ngoại viện và hạn khi nào?",
            "Sở Y tế chủ trì những nhiệm vụ nào hạn năm 2026 ở An Giang?",
            "Số bác sĩ trên 10.000 dân năm 2030 của Kiên Giang là bao nhiêu?"]


def render_answer(answer: Answer) -> str:
    """Answer text, then each cited source with plan, place and the exact quoted row or passage."""
    parts = [html.escape(answer.answer).replace("\n", "  \n")]
    if not answer.answerable:
        return parts[0]
    parts.append("\n\n**Nguồn trích dẫn**")
    for c in answer.citations:
        parts.append(f"\n\n**[{c.marker}]** {html.escape(c.document)} — {html.escape(c.issuer)} · "
                     f"{html.escape(c.label)} · `{c.source}` `{c.ref}`  \n> "
                     + html.escape(c.quote).replace("\n", "  \n> "))
    return "".join(parts)


def plans_rows(bot: Planbot) -> list[list[str]]:
    return [[d["plan"], d["issuer"], d["source"], str(d["tasks"]), str(d["indicators"]), str(d["sections"])]
            for d in bot.documents()]


def build_ui(bot: Planbot) -> gr.Blocks:
    with gr.Blocks(title=TITLE, analytics_enabled=False) as ui:
        gr.Markdown(f"# {TITLE}")
        with gr.Tab("Hỏi đáp"):
            question = gr.Textbox(label="Câu hỏi", placeholder=EXAMPLES[0])
            button = gr.Button("Hỏi", variant="primary")
            answer = gr.Markdown(elem_id="answer")
            gr.Examples(EXAMPLES, question)
            button.click(lambda q: render_answer(bot.ask(q)), question, answer, api_name="ask")
            question.submit(lambda q: render_answer(bot.ask(q)), question, answer)
        with gr.Tab("Kế hoạch"):
            gr.Dataframe(headers=["Kế hoạch", "Cơ quan ban hành", "Tệp", "Nhiệm vụ", "Chỉ tiêu", "Đoạn mục"],
                         value=lambda: plans_rows(bot), interactive=False)
    return ui
