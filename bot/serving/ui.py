"""Gradio web UI — layout and event wiring only; answers come from Planbot, display from views.py."""
from __future__ import annotations

import html
import tempfile
from collections import OrderedDict
from pathlib import Path

import gradio as gr

from bot.serving import links, views
from bot.serving.ui_page import CSS, HEAD, SHOW_ANSWER_START
from bot.serving.keys import named_keys
from bot.answering.naming import plan_name
from bot.serving.provenance import ANONYMOUS
from bot.answering.prompts import load
from bot.service import Planbot
from ingest.agencies import is_agency_name
from core.errors import PlanbotError
from core.types import Filters
from ingest.report import ReadReport

TITLE = "Trợ lý tra cứu kế hoạch bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân"
EXAMPLES = ["Ai chủ trì đề án cấp cứu ngoại viện và hạn khi nào?",
            "Sở Y tế chủ trì những nhiệm vụ nào hạn năm 2026 ở An Giang?",
            "Số bác sĩ trên 10.000 dân năm 2030 của Kiên Giang là bao nhiêu?",
            "Kinh phí thực hiện kế hoạch của Kiên Hải lấy từ đâu?"]
ALL = links.ALL
# A plain form: the browser posts it with this page's Origin, which the gate checks (bot/serving/gate.py).
LOGOUT = ('<form method="post" action="/logout" style="text-align:right;margin:0">'
          '<button id="logout-button" type="submit">Đăng xuất</button></form>')
WELCOME = ("**Xin chào!** Hãy hỏi về các kế hoạch bảo vệ, chăm sóc và nâng cao sức khỏe Nhân dân: ai chủ trì, "
           "ai phối hợp, thời hạn, chỉ tiêu. Mỗi câu trả lời dẫn nguồn: số hiệu kế hoạch và nhiệm vụ/mục. "
           "Bấm một câu hỏi ví dụ bên dưới để bắt đầu.")

# What an upload's job is doing, as the progress bar says it (bot/serving/jobs.py: parsing → queued → running).
_UPLOAD_STAGES = {"parsing": (0.2, "Đang đọc tệp và các bảng…"), "queued": (0.4, "Đang chờ ghi vào chỉ mục…"),
                  "running": (0.6, "Đang nhúng và đưa vào chỉ mục…")}


def mount_ui(app, bot: Planbot):
    """The UI at / on the API app, in Vietnamese, without Gradio's footer links."""
    return gr.mount_gradio_app(app, build_ui(bot), path="/", css=CSS, head=HEAD, footer_links=[], i18n=_gradio_strings())


def _gradio_strings() -> gr.I18n:
    """Gradio's own strings (upload box, chat buttons) in Vietnamese, from prompts/ui_strings.toml."""
    flat = {f"{group}.{key}": text for group, keys in load("ui_strings").items() for key, text in keys.items()}
    return gr.I18n(vi=flat, en=flat)


def build_ui(bot: Planbot) -> gr.Blocks:
    exports = Path(tempfile.mkdtemp(prefix="planbot-export-"))
    with gr.Blocks(title=TITLE, analytics_enabled=False, fill_height=True) as ui:
        gr.Markdown(f"## {TITLE}")
        if named_keys(bot.settings):  # a key means logins, so a way out of them
            gr.HTML(LOGOUT, elem_id="logout")
        link_box = gr.Textbox(elem_id="t-link", elem_classes=["planbot-hidden"], show_label=False, container=False)
        with gr.Tabs(elem_id="tabs") as tabs:
            with gr.Tab("Hỏi đáp", id="chat") as chat_tab:
                chat_lists = _chat_tab(bot)
            with gr.Tab("Tra cứu nhiệm vụ", id="tasks") as tasks_tab:
                task_lists, task_controls = _tasks_tab(bot, exports)
            with gr.Tab("Kế hoạch", id="plans") as plans_tab:
                plan_lists, changed = _plans_tab(bot)
        loaded = _keep_lists_current(bot, ui, [chat_tab, tasks_tab, plans_tab], changed, chat_lists + task_lists,
                                     plan_lists + task_controls[0][-1:], task_controls)
        links.follow(bot, loaded, link_box, tabs, *task_controls)
    ui.queue(default_concurrency_limit=4)
    return ui


def _keep_lists_current(bot: Planbot, ui: gr.Blocks, tabs: list, changed: list, filters: list, plans: list,
                        task_view: tuple) -> None:
    """Place and agency lists, the plan table and the removal list follow the index: on every page load
    and tab change (a plan ingested from a shell meanwhile) and after each upload or removal, after
    which the task table is drawn again (filters only redraw it on the user's own edits)."""
    def current(*chosen):
        bot.follow_outside_writes()
        places, leads, _ = _choices(bot)
        lists = [places if i % 2 == 0 else leads for i in range(len(filters))] + [links.plan_choices(bot)]
        updates = [gr.update(choices=c) if v is None or v in _values(c) else gr.update(choices=c, value=ALL)
                   for c, v in zip(lists, chosen)]  # place, lead per tab; the task tab's plan (None: not drawn)
        return updates[:-1] + [_plan_rows(bot), gr.update(choices=_plan_choices(bot)), updates[-1]]

    inputs, outputs = filters + plans[-1:], filters + plans
    loaded = ui.load(current, inputs, outputs)
    for event in [tab.select for tab in tabs]:
        event(current, inputs, outputs)
    controls, refresh, shown = task_view
    for event in changed:
        event(current, inputs, outputs).then(refresh, controls, shown)
    return loaded


def _values(choices: list) -> list[str]:
    return [c[1] if isinstance(c, tuple) else c for c in choices]


def _choices(bot: Planbot) -> tuple[list[str], list[str], list[str]]:
    places = [ALL] + bot.place_names()
    leads = [ALL] + sorted({n for n in bot.catalog.leads.values() if is_agency_name(n)}, key=str.lower)
    years = [ALL] + [str(y) for y in range(2024, 2036)]
    return places, leads, years


def _filters(place: str, lead: str, year: str, plan: str = ALL) -> Filters:
    pick = lambda v: None if not v or v == ALL else v  # noqa: E731
    y = int(year) if pick(year) else None
    return Filters(province=pick(place), lead=pick(lead), year_from=y, year_to=y, plan=pick(plan))


def _chat_tab(bot: Planbot) -> list:
    places, leads, years = _choices(bot)
    with gr.Row():
        with gr.Column(scale=3):
            chat = gr.Chatbot(label="Hỏi đáp", elem_id="chat", height=460, sanitize_html=True, placeholder=WELCOME, autoscroll=False,
                              feedback_options=("Like", "Dislike"), buttons=["copy"])
            question = gr.Textbox(label="Câu hỏi", placeholder=EXAMPLES[0], elem_id="question", lines=1)
            with gr.Row():
                ask = gr.Button("Hỏi", variant="primary", elem_id="ask")
                clear = gr.Button("Cuộc hội thoại mới", elem_id="clear")
            gr.Examples(EXAMPLES, question, label="Ví dụ")
        with gr.Column(scale=2):
            with gr.Accordion("Bộ lọc", open=True):
                place = gr.Dropdown(places, value=ALL, label="Tỉnh / địa phương", elem_id="f-place")
                lead = gr.Dropdown(leads, value=ALL, label="Cơ quan chủ trì", elem_id="f-lead")
                year = gr.Dropdown(years, value=ALL, label="Năm hạn hoàn thành", elem_id="f-year")
            sources = gr.HTML(views.sources_html([]), label="Nguồn", elem_id="sources")
    last = gr.State(None)
    turns = gr.State([])  # the sources of the earlier answers, newest first (HTML, ids per answer)

    cited: OrderedDict[str, list[dict]] = OrderedDict()  # shown answer → its citations, for feedback

    def respond(text, history, previous, earlier, place_v, lead_v, year_v):
        history = list(history or [])
        if not text.strip():
            yield history, gr.update(), previous, "", earlier
            return
        history.append({"role": "user", "content": text})
        history.append({"role": "assistant", "content": "Đang tìm trong các kế hoạch…"})
        yield history, gr.update(), previous, "", earlier
        try:
            answer = bot.ask(text, _filters(place_v, lead_v, year_v), mode=bot.settings.answer_mode, previous=previous)
        except PlanbotError as err:
            history[-1]["content"] = views.markdown_text(f"{err.vi} {err.hint_vi}".strip())  # what to do; it may quote a value
            yield history, views.sources_html([], earlier=earlier, answered=False), previous, "", earlier
            return
        turn = sum(m["role"] == "assistant" for m in history)
        shown = history[-1]["content"] = views.answer_html(answer, turn)  # in one piece: the answer is whole
        cited[views.answer_key(shown)] = [c.model_dump(include={"source", "ref", "document", "label"}) for c in answer.citations]
        while len(cited) > 500:  # the answers a thumb can still be given to, newest kept
            cited.popitem(last=False)
        panel = views.sources_html(answer.citations, turn, earlier, answered=answer.answerable)
        now = ([views.turn_sources(answer.citations, turn)] if answer.citations else []) + list(earlier or [])
        yield history, panel, answer.question, "", now

    inputs = [question, chat, last, turns, place, lead, year]
    outputs = [chat, sources, last, question, turns]
    ask.click(respond, inputs, outputs, api_name="chat").then(None, js=SHOW_ANSWER_START)
    question.submit(respond, inputs, outputs).then(None, js=SHOW_ANSWER_START)
    def new_conversation():  # the screen and the follow-up context go together (a trash icon kept the context)
        return [], views.sources_html([]), None, [], ""

    for event in (clear.click, chat.clear):  # the chat's own trash icon is the same action, same name
        event(new_conversation, None, [chat, sources, last, turns, question])
    def on_like(history: list, data: gr.LikeData) -> None:  # Gradio passes the LikeData by its annotation
        _feedback(bot, data, history, cited)
        gr.Info("Cảm ơn! Ý kiến của bạn đã được ghi lại.", title="Đã ghi nhận")

    chat.like(on_like, [chat], None)
    lists = [place, lead]
    def ask_api(question: str) -> str:
        return views.answer_text(bot.ask(question, mode=bot.settings.answer_mode))

    gr.api(ask_api, api_name="ask")
    return lists


def _feedback(bot: Planbot, data: gr.LikeData, history: list, cited: dict) -> None:
    index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    question = next((m["content"] for m in reversed(history[:index]) if m["role"] == "user"), "")
    answer = views.answer_key(views.message_text(history[index]["content"]))
    views.save_feedback(Path(bot.settings.feedback_path), views.message_text(question), answer,
                        bool(data.liked), cited.get(answer, []))


def _tasks_tab(bot: Planbot, exports: Path) -> list:
    places, leads, years = _choices(bot)
    with gr.Row():
        search = gr.Textbox(label="Tìm (không cần dấu)", placeholder="vd: cap cuu ngoai vien", elem_id="t-search")
        place = gr.Dropdown(places, value=ALL, label="Tỉnh / địa phương", elem_id="t-place")
        lead = gr.Dropdown(leads, value=ALL, label="Cơ quan chủ trì", elem_id="t-lead")
        year = gr.Dropdown(years, value=ALL, label="Năm hạn", elem_id="t-year")
        plan = gr.Dropdown(links.plan_choices(bot), value=ALL, label="Kế hoạch", elem_id="t-plan")
    count = gr.Markdown(lambda: _count(bot.tasks()), elem_id="t-count")
    table = gr.Dataframe(headers=[label for _, label in views.TASK_COLUMNS], wrap=True, interactive=False,
                         elem_id="t-table", value=lambda: views.task_rows(bot.tasks()),
                         column_widths=[f"{w}%" for w in views.TABLE_WIDTHS], max_height=640)
    cards = gr.HTML(lambda: views.task_cards_html(bot.tasks()), elem_id="t-cards")  # shown on phones instead
    source = gr.HTML(views.task_source_html(None), elem_id="t-source")
    with gr.Row():
        csv_btn = gr.DownloadButton("Tải CSV", elem_id="t-csv",
                                    value=lambda: views.export_csv(views.task_rows(bot.tasks()), exports))
        csv_excel = gr.DownloadButton("Tải CSV cho Excel (dấu ;)", elem_id="t-csv-semicolon",
                                      value=lambda: views.export_csv(views.task_rows(bot.tasks()), exports, ";"))
        xlsx_btn = gr.DownloadButton("Tải Excel (.xlsx)", elem_id="t-xlsx",
                                     value=lambda: views.export_xlsx(views.task_rows(bot.tasks()), exports))
    chart = gr.Plot(lambda: views.deadline_chart(bot.tasks()), elem_id="t-chart", label="Số nhiệm vụ theo thời hạn")

    def shown(q, p, l, y, k=ALL) -> list[dict]:
        return views.matching(bot.tasks(_filters(p, l, y, k)), q or "")  # a tab not yet drawn sends None

    def refresh(q, p, l, y, k):
        tasks = shown(q, p, l, y, k)
        rows = views.task_rows(tasks)
        return (rows, views.task_cards_html(tasks), views.task_source_html(None), views.export_csv(rows, exports),
                views.export_csv(rows, exports, ";"), views.export_xlsx(rows, exports), views.deadline_chart(tasks),
                _count(tasks))

    def open_row(q, p, l, y, k, event: gr.SelectData):  # a click on a row opens that task's source below
        tasks = shown(q, p, l, y, k)
        row = event.index[0] if isinstance(event.index, (list, tuple)) else event.index
        return views.task_source_html(tasks[row] if 0 <= row < len(tasks) else None)

    controls, shown_now = [search, place, lead, year, plan], [table, cards, source, csv_btn, csv_excel, xlsx_btn, chart, count]
    for control in controls:  # the user's own edits: a value set by a link or a list refresh draws itself
        control.input(refresh, controls, shown_now)
    table.select(open_row, controls, source)
    return [place, lead], (controls, refresh, shown_now)


def _count(tasks: list[dict]) -> str:
    plans = len({t.get("source") for t in tasks})
    return f"**{len(tasks)} nhiệm vụ** trong {plans} kế hoạch" if tasks else "**Không có nhiệm vụ nào** khớp bộ lọc."


def _plans_tab(bot: Planbot) -> tuple[list, list]:
    """The plan table and removal list, and the events after which every list must be refreshed."""
    table = gr.Dataframe(headers=PLAN_COLUMNS, interactive=False, elem_id="p-table", value=lambda: _plan_rows(bot))
    with gr.Row():
        upload = gr.File(label="Thêm kế hoạch (.txt, .md, .docx, .doc, .pdf)",
                         file_types=[".txt", ".md", ".docx", ".doc", ".pdf"],
                         elem_id="p-upload")
        with gr.Column():
            replace = gr.Checkbox(False, label="Thay thế kế hoạch đã có (cùng số hiệu hoặc cùng tên tệp)",
                                  elem_id="p-replace")
            remove = gr.Dropdown(_plan_choices(bot), value=None, label="Chọn kế hoạch để xác nhận hoặc xoá",
                                 elem_id="p-remove")
            with gr.Row():
                confirm_btn = gr.Button("Xác nhận kế hoạch tải lên", elem_id="p-confirm-btn")
                remove_btn = gr.Button("Xoá", variant="stop", elem_id="p-remove-btn")
    status = gr.Markdown(elem_id="p-status")
    report = gr.HTML(views.read_report_html(None), elem_id="p-report")  # the upload's, or a clicked plan's

    def add(file, replace_old, request: gr.Request, progress=gr.Progress()):
        if not file:
            return gr.update(), gr.update(), ""
        progress(0.1, desc="Đang đọc và đưa vào chỉ mục…")
        try:
            path = Path(file if isinstance(file, str) else file.name)
            data = path.read_bytes()
            path.unlink(missing_ok=True)  # Gradio's copy of the upload: the plan is kept in the upload folder
            job = bot.submit_upload(path.name, data, replace=bool(replace_old), user=_caller(request))
            while not job.finished.wait(0.5):  # questions go on being answered meanwhile
                share, stage = _UPLOAD_STAGES.get(job.status, _UPLOAD_STAGES["queued"])
                progress(share, desc=stage)
            if job.error is not None:
                raise job.error
            result, shown = job.result, views.read_report_html(ReadReport(**job.result["report"]), "Đã thêm")
            msg = f"Đã thêm **{views.markdown_text(result['ingested'][0])}** ({result['tasks']} nhiệm vụ, " \
                f"{result['sections']} mục)." + \
                (f" ⚠ **{result['warnings']} cảnh báo** — xem bên dưới." if result["warnings"] else "")
        except PlanbotError as err:
            msg, shown = f"**Lỗi:** {views.markdown_text(f'{err.vi} {err.hint_vi}')} Chỉ mục hiện có không bị thay đổi.", \
                gr.update()
        return _plan_rows(bot), gr.update(choices=_plan_choices(bot), value=None), msg, shown

    def drop(source):
        if not source:
            return gr.update(), gr.update(), "Hãy chọn kế hoạch cần xoá."
        name = dict((v, k) for k, v in _plan_choices(bot)).get(source, source)
        job = bot.jobs.run("remove", lambda: bot.remove(source))  # the one writer, like uploads
        removed = job.result or 0
        return (_plan_rows(bot), gr.update(choices=_plan_choices(bot), value=None),
                f"Đã xoá **{views.markdown_text(name)}** ({removed} đoạn).")  # the plan's own words

    def vouch(source, request: gr.Request):
        if not source:
            return gr.update(), gr.update(), "Hãy chọn kế hoạch cần xác nhận."
        try:
            entry = bot.confirm(source, _caller(request) or ANONYMOUS)
        except PlanbotError as err:
            return gr.update(), gr.update(), f"**Lỗi:** {views.markdown_text(f'{err.vi} {err.hint_vi}'.strip())}"
        name = dict((v, k) for k, v in _plan_choices(bot)).get(source, source)
        return (_plan_rows(bot), gr.update(choices=_plan_choices(bot), value=None),
                f"Đã xác nhận **{name}** (người xác nhận: {entry['confirmed_by']}).")

    def open_plan(event: gr.SelectData):  # a click on a plan's row shows what was read from it
        row = event.index[0] if isinstance(event.index, (list, tuple)) else event.index
        docs = bot.documents()
        try:
            return views.read_report_html(bot.report(docs[row]["source"])) if 0 <= row < len(docs) else gr.update()
        except PlanbotError as err:
            return f'<div class="read-report empty">{html.escape(err.vi)} {html.escape(err.hint_vi)}</div>'

    added = upload.upload(add, [upload, replace], [table, remove, status, report])
    dropped = remove_btn.click(drop, remove, [table, remove, status], js=CONFIRM_REMOVAL)
    vouched = confirm_btn.click(vouch, remove, [table, remove, status])
    table.select(open_plan, None, report)
    return [table, remove], [added.then, dropped.then, vouched.then]


# Runs in the browser before the removal: nothing is removed unless the person confirms the plan named
# as the list shows it (số hiệu, province, issuer); the file name is said last.
CONFIRM_REMOVAL = ("(source) => { const shown = (document.querySelector('#p-remove input') || {}).value || source;"
                   " return (source && confirm('Xoá khỏi chỉ mục ' + shown + ' cùng mọi nhiệm vụ, mục và chỉ tiêu"
                   " của nó? Thao tác này không hoàn tác được.')) ? source : null; }")


def _caller(request: gr.Request | None) -> str | None:
    """The key holder the gate named for this page's requests (bot/serving/gate.py); None while planbot is open."""
    scope = getattr(getattr(request, "request", None), "scope", None) or {}
    return scope.get("planbot_user") or (getattr(request, "username", None) if request else None)


def _plan_choices(bot: Planbot) -> list[tuple[str, str]]:
    """Plans named in words (số hiệu, province, issuer), the file last, in brackets."""
    return [(f"{plan_name(d)} — {d['issuer']} (tệp {d['source']})", d["source"]) for d in bot.documents()]


PLAN_COLUMNS = ["Kế hoạch", "Cơ quan ban hành", "Tệp", "Ngày", "Người ký", "Nhiệm vụ", "Chỉ tiêu", "Đoạn mục",
                "Cảnh báo", "Nguồn gốc", "Người thêm", "Thời điểm thêm", "SHA-256"]


def _plan_rows(bot: Planbot) -> list[list[str]]:
    """One row per plan; a plan read with warnings is flagged ('⚠ 2 cảnh báo'), its row opens them;
    who added it, when, from which file (sha256, shortened), and an upload not yet confirmed says so."""
    return [[d["plan"], d["issuer"], d["source"], d.get("issue_date", ""), d.get("signer", ""), str(d["tasks"]),
             str(d["indicators"]), str(d["sections"]), views.warnings_flag(int(d.get("warnings") or 0)),
             _status(d), d.get("added_by", ""), d.get("added_at", "").replace("T", " "), d.get("sha256", "")[:12]]
            for d in bot.documents()]


def _status(d: dict) -> str:
    return f"{d['status']} ({d['confirmed_by']})" if d.get("confirmed_by") else d.get("status", "")
