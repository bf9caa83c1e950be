"""Gradio web UI — a thin layer over the index and search; it holds no logic of its own.

This first UI lets a civil servant search the indexed plans and see which plans are loaded;
the chat with composed answers and citations builds on the same functions.
"""
from __future__ import annotations

import html

import gradio as gr

from bot.retrieve import HybridSearch

TITLE = "Trợ lý tra cứu kế hoạch bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân"


def render_hits(search: HybridSearch, query: str, k: int = 8) -> str:
    if not query.strip():
        return "Hãy nhập nội dung cần tìm, ví dụ: *đề án cấp cứu ngoại viện*."
    hits = search.search(query, k=k)
    if not hits:
        return "Không tìm thấy nội dung phù hợp trong các kế hoạch."
    blocks = []
    for n, (chunk, _) in enumerate(hits, 1):
        m = chunk.metadata
        head = f"**[{n}] {html.escape(str(m.get('plan', '')))} — {html.escape(str(m.get('issuer', '')))}** · `{chunk.ref}`"
        body = html.escape(chunk.text).replace("\n", "  \n")
        blocks.append(f"{head}  \n{body}")
    return "\n\n---\n\n".join(blocks)


def plans_rows(search: HybridSearch) -> list[list[str]]:
    rows = []
    for chunk in search.index.all_chunks(where={"kind": "document"}):
        m = chunk.metadata
        counts = {k: 0 for k in ("task", "indicator", "section")}
        for c in search.index.all_chunks(where={"source": m["source"]}):
            counts[c.kind] = counts.get(c.kind, 0) + 1
        rows.append([m["plan"], m["issuer"], m["source"], str(counts["task"]), str(counts["indicator"]),
                     str(counts["section"])])
    return sorted(rows, key=lambda r: r[2])


def build_ui(search: HybridSearch) -> gr.Blocks:
    with gr.Blocks(title=TITLE, analytics_enabled=False) as ui:
        gr.Markdown(f"# {TITLE}")
        with gr.Tab("Tra cứu"):
            query = gr.Textbox(label="Nội dung cần tìm", placeholder="Ví dụ: Ai chủ trì đề án cấp cứu ngoại viện?")
            button = gr.Button("Tìm", variant="primary")
            results = gr.Markdown(elem_id="results")
            button.click(lambda q: render_hits(search, q), query, results, api_name="search")
            query.submit(lambda q: render_hits(search, q), query, results)
        with gr.Tab("Kế hoạch"):
            table = gr.Dataframe(headers=["Kế hoạch", "Cơ quan ban hành", "Tệp", "Nhiệm vụ", "Chỉ tiêu", "Đoạn mục"],
                                 value=lambda: plans_rows(search), interactive=False)
    return ui
