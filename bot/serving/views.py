"""What the web UI shows, computed from Planbot results: answer HTML with linked [n] markers, the
source panel, the task table, exports and the deadline chart. Pure functions, so they are tested
without a browser."""
from __future__ import annotations

import csv
import html
import io
import json
import re
import time
from pathlib import Path

from bot.serving.provenance import UNCONFIRMED
from core.text import fold
from core.types import Answer, Citation
from ingest.report import ReadReport, table_line, warning_line

TASK_COLUMNS = [("plan", "Kế hoạch"), ("province", "Tỉnh"), ("issuer", "Cơ quan ban hành"), ("task_number", "STT"),
                ("task", "Nhiệm vụ"), ("lead", "Cơ quan chủ trì"), ("coordinating", "Cơ quan phối hợp"),
                ("result", "Kết quả"), ("time", "Thời gian")]
# Share of the task table's width per column (same order), so all of them fit a 1440 px screen, wrapped.
TABLE_WIDTHS = [11, 7, 11, 4, 27, 12, 14, 8, 6]
NOT_FOUND = "Không tìm thấy trong các kế hoạch"
TASK_LINK = "Xem đủ {total} nhiệm vụ ở thẻ «Tra cứu nhiệm vụ»"  # a list answer's link (bot/serving/links.py)


# Markdown's escapable punctuation but the HTML-special & < > " ' (html.escape turns those into entities,
# which a backslash would break): escaped, '![](…)', '[x](…)', '*', '#' and lists show as typed, and ':',
# '.', '@' broken by a backslash stop the chat's GitHub-style autolinks of 'http://…', 'www.…', 'a@b'.
_MARKDOWN_PUNCTUATION = re.compile(r"([!#$%()*+,\-./:;=?@\[\\\]^_`{|}~])")


def markdown_text(text: str) -> str:
    """Plan-derived text for a place that renders Markdown with HTML (the chat, the status lines): it
    shows as typed, and nothing in it becomes an image, a link or a tag the browser would fetch or follow."""
    return html.escape(_MARKDOWN_PUNCTUATION.sub(r"\\\1", text))


def answer_html(answer: Answer, turn: int = 1) -> str:
    """The answer with each [n] linked to its own source in the panel: ids carry the answer's turn, so
    after a follow-up the first answer's [1] still opens the first answer's source. The chat renders
    Markdown, so the plan's words are escaped for Markdown as well as HTML (issue 24, item 5)."""
    text = "<br>".join(_with_links(markdown_text(answer.answer).split("\n"), answer))
    text = re.sub(r"\\\[(\d+)\\\]", rf'<a href="#src-{turn}-\1" class="cite">[\1]</a>', text)
    text += _unconfirmed_note(answer)
    if answer.outcome == "candidates":  # not sure: the text says so, and the units it shows are cited
        return f'<div class="candidates">{text}</div>'
    if not answer.answerable:
        return f'<div class="not-found"><b>{NOT_FOUND}.</b> {text}</div>'
    return text


def _with_links(lines: list[str], answer: Answer) -> list[str]:
    """A list answer's '… và N nhiệm vụ khác' line ends with the link that opens the plan's whole list in
    the task tab (Answer.lists: the line is a field, the text is not read back); a link whose line is
    not known follows the answer."""
    lines = list(lines)
    for link in answer.lists:
        a = (f' <a class="task-link" href="{html.escape(link.url)}" target="_blank">{TASK_LINK.format(total=link.total)}'
             '</a>')
        if 0 <= link.line < len(lines):
            lines[link.line] += a
        else:
            lines.append(html.escape(link.name) + ":" + a)
    return lines


def _unconfirmed_note(answer: Answer) -> str:
    """An answer citing an uploaded plan nobody has confirmed says so under the answer, naming the plan."""
    plans = list(dict.fromkeys(f"{c.document} – {c.province}".rstrip(" –") for c in answer.citations if c.unconfirmed))
    if not plans:
        return ""
    return (f'<br><span class="unconfirmed-note">⚠ Dẫn từ kế hoạch {UNCONFIRMED}: '
            f'{markdown_text("; ".join(plans))}.</span>')


def answer_text(answer: Answer) -> str:
    """Plain-text answer with its numbered sources, for API clients of the UI."""
    lines = [answer.answer] + [f"[{c.marker}] {c.document} — {c.issuer} — {c.label} ({c.source}, {c.ref})"
                               for c in answer.citations]
    return "\n".join(lines)


def sources_html(citations: list[Citation], turn: int = 1, earlier: list[str] | None = None,
                 answered: bool = True) -> str:
    """The current answer's sources, one openable block per citation (its name, the exact row or
    passage); the earlier answers' sources folded below, so the panel stays the size of one answer.
    An answer without sources (nothing found) says so instead of sitting beside older ones."""
    earlier = list(earlier or [])
    if citations:
        current = turn_sources(citations, turn)
    elif not answered:
        current = '<p class="no-sources">Câu trả lời này không có nguồn trích dẫn.</p>'
    else:
        current = "" if earlier else '<p class="no-sources">Chưa có nguồn trích dẫn.</p>'
    folded = (f'<details class="earlier"><summary>Nguồn của các câu trả lời trước ({len(earlier)})</summary>'
              + "".join(earlier) + "</details>") if earlier else ""
    return f'<div class="sources{"" if citations else " empty"}">{current}{folded}</div>'


def turn_sources(citations: list[Citation], turn: int) -> str:
    blocks = "".join(_source_block(c, turn) for c in citations)
    return f'<section class="turn" id="turn-{turn}"><h4>Nguồn của câu trả lời {turn}</h4>{blocks}</section>'


def source_title(c: Citation) -> str:
    """The source's name; a citation made before names existed is named from its fields."""
    return c.name or f"{c.document} – {c.province or c.issuer}, {c.label}"


def _source_block(c: Citation, turn: int = 1) -> str:
    flag = f' <span class="unconfirmed">({UNCONFIRMED})</span>' if c.unconfirmed else ""
    head = f"[{c.marker}] {html.escape(source_title(c))}{flag}"
    if c.fields:  # a task or indicator row: its cells as a table
        body = "<table>" + "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                                   for k, v in c.fields) + "</table>"
    else:
        body = f"<blockquote>{_highlighted(c.passage, c.sentences) if c.passage else html.escape(c.quote)}</blockquote>"
    added = f"Người thêm: {html.escape(c.added_by)}" if c.added_by else ""
    return (f'<details id="src-{turn}-{c.marker}" class="source"><summary title="{_file_words(c.source, c.ref)}">'
            f'{head}</summary>{body}{_file_toggle(c.source, c.ref, added)}</details>')


def _file_words(source: str, ref: str) -> str:
    return html.escape(f"Tệp {source} · {ref}", quote=True)


def _file_toggle(source: str, ref: str, added: str = "") -> str:
    """The file and the ref are there for whoever asks (a toggle), not in the source's name."""
    return (f'<details class="file"><summary>Tệp gốc</summary><p class="meta">{added + " · " if added else ""}'
            f"tệp <code>{html.escape(source)}</code> · <code>{html.escape(ref)}</code></p></details>")


def _place(province: str, scope: str = "") -> str:
    """'Tỉnh: Nghệ An · ', 'Phạm vi: toàn quốc · ' for a national document, nothing when neither is known."""
    if province:
        return f"Tỉnh: {html.escape(province)} · "
    return f"Phạm vi: {html.escape(scope)} · " if scope else ""


def _highlighted(passage: str, sentences: list[str]) -> str:
    """The whole passage, line by line, with the sentences the answer quotes marked."""
    text = html.escape(passage)
    for part in sorted({p.strip() for p in sentences if p.strip()}, key=len, reverse=True):
        escaped = html.escape(part)
        text = text.replace(escaped, f"<mark>{escaped}</mark>", 1)
    return text.replace("\n", "<br>")


def warnings_flag(count: int) -> str:
    """The plan table's flag: a plan read with warnings is indexed, but flagged until someone looks."""
    return f"⚠ {count} cảnh báo" if count else ""


def read_report_html(report: ReadReport | None, title: str = "Đã đọc từ tệp") -> str:
    """What was read from one plan: facts, sections, every table (rows × columns → tasks) and the
    warnings in plain Vietnamese, first when there are any."""
    if report is None:
        return '<div class="read-report empty">Bấm vào một kế hoạch trong bảng để xem những gì đã đọc được.</div>'
    e = html.escape
    warned = (f'<div class="rr-warnings"><b>⚠ {len(report.warnings)} cảnh báo</b><ul>'
              + "".join(f'<li data-code="{e(w.code)}">{e(warning_line(w))}</li>' for w in report.warnings)
              + "</ul></div>") if report.warnings else '<p class="rr-ok">Không có cảnh báo.</p>'
    facts = [("Loại văn bản", report.doc_type), ("Số hiệu", report.number_display),
             ("Ngày ban hành", report.issue_date or ("dự thảo, chưa có ngày" if report.draft else "không đọc được")),
             ("Cơ quan ban hành", report.issuer or "không đọc được"),
             ("Phạm vi" if report.scope else "Tỉnh/thành phố", report.scope or report.province or "không đọc được"),
             ("Người ký", report.signer or "không đọc được"),
             ("Mục", f"{report.sections}" + (f" — {'; '.join(report.headings)}" if report.headings else "")),
             ("Nhiệm vụ · chỉ tiêu", f"{report.tasks} · {report.indicators}")]
    rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts)
    tables = "".join(f"<li>{e(table_line(t))}</li>" for t in report.tables) or "<li>Không có bảng.</li>"
    return (f'<div class="read-report"><h4>{e(title)}: {e(report.source)}</h4>{warned}<table>{rows}</table>'
            f'<p><b>Bảng ({len(report.tables)})</b></p><ul class="rr-tables">{tables}</ul></div>')


def matching(tasks: list[dict], query: str = "") -> list[dict]:
    """Tasks whose row contains the search text, ignoring accents and case ('cap cuu' finds 'cấp cứu')."""
    needle = fold(query)
    return [t for t in tasks if not needle or needle in fold(" ".join(_row(t)))]


def task_rows(tasks: list[dict], query: str = "") -> list[list[str]]:
    return [_row(t) for t in matching(tasks, query)]


def _row(task: dict) -> list[str]:
    return [str(task.get(key, "") or "") for key, _ in TASK_COLUMNS]


# OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """A cell a spreadsheet will show as text: a leading formula character gets a ' in front."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


KEEP_EXPORTS = 20  # newest export files kept per kind; a download link is used within seconds of a filter change


def _export_path(folder: Path, suffix: str) -> Path:
    """A new export file; older ones beyond KEEP_EXPORTS are deleted, so filtering never fills the disk."""
    folder = Path(folder)
    for old in sorted(folder.glob(f"nhiem-vu-*{suffix}"))[:-(KEEP_EXPORTS - 1)]:  # names hold the time
        old.unlink(missing_ok=True)
    return folder / f"nhiem-vu-{time.time_ns()}{suffix}"


def task_csv(header: list[str], rows: list[list], delimiter: str = ",") -> str:
    """The one task CSV, for the UI's downloads and the API's GET /tasks?format=csv: UTF-8 with a
    byte-order mark, so Excel reads the diacritics, and every cell through csv_safe. Excel set to a
    Vietnamese or other comma-decimal locale splits columns on ';', hence the `delimiter` choice."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows([[csv_safe(v) for v in row] for row in rows])
    return out.getvalue()


def export_csv(rows: list[list[str]], folder: Path, delimiter: str = ",") -> Path:
    """The task table as a CSV file to download (the UI offers ',' and ';')."""
    path = _export_path(folder, ".csv")
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(task_csv([label for _, label in TASK_COLUMNS], rows, delimiter))
    return path


# Column widths in the Excel export (characters), by column: long text columns wrap within them.
XLSX_WIDTHS = {"plan": 22, "province": 12, "issuer": 24, "task_number": 6, "task": 60, "lead": 28,
               "coordinating": 40, "result": 30, "time": 16}


def export_xlsx(rows: list[list[str]], folder: Path) -> Path:
    """A sheet to work in: bold frozen header with a filter, set widths, wrapped text, STT as a number;
    every other cell is stored as text, so nothing in a plan can become a live formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    path = _export_path(folder, ".xlsx")
    book = Workbook()
    sheet = book.active
    sheet.title = "Nhiệm vụ"
    sheet.append([label for _, label in TASK_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_number_or_text(v) if key == "task_number" else v for (key, _), v in zip(TASK_COLUMNS, row)])
        for cell in sheet[sheet.max_row]:
            if not isinstance(cell.value, int):
                cell.data_type = "s"  # text as typed: openpyxl would store "=…" as a live formula
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, (key, _) in enumerate(TASK_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = XLSX_WIDTHS.get(key, 16)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(path)
    return path


def _number_or_text(value: str) -> int | str:
    return int(value) if value.isdigit() else value  # '18' sorts as a number; '2.1' or 'I.3' stay text


def deadline_chart(tasks: list[dict]):
    """Tasks per deadline as bars from 0 with whole-number ticks (a count has no halves), labels slanted
    to stay readable; the undated are a bar of their own ('Không ghi/khác')."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator
    counts = deadline_counts(tasks)
    figure = Figure(figsize=(9, 3.4), layout="constrained")
    axes = figure.add_subplot()
    axes.bar([c["thời hạn"] for c in counts], [c["số nhiệm vụ"] for c in counts], color="#2f6db5")
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("số nhiệm vụ")
    axes.set_title("Số nhiệm vụ theo thời hạn")
    axes.tick_params(axis="x", labelrotation=35, labelsize=8)
    return figure


def task_cards_html(tasks: list[dict]) -> str:
    """The task table as cards for a phone: one per task, tapped open to its full row and source."""
    if not tasks:
        return '<div class="t-cards empty">Không có nhiệm vụ nào khớp bộ lọc.</div>'
    return '<div class="t-cards">' + "".join(_card(t) for t in tasks) + "</div>"


def _card(task: dict) -> str:
    e = {k: html.escape(str(task.get(k, "") or "")) for k, _ in TASK_COLUMNS}
    return (f'<details class="t-card"><summary><b>{e["task_number"]}. {e["task"]}</b><br>'
            f'<span>Chủ trì: {e["lead"] or "không ghi"} · {e["time"] or "không ghi thời hạn"}</span><br>'
            f'<small>{e["plan"]} — {e["province"]}</small></summary>{_task_record(task)}</details>')


def task_source_html(task: dict | None) -> str:
    """A task row opened from the table: its plan, file, place in the plan and every cell."""
    if not task:
        return '<div class="t-source empty">Bấm vào một dòng để xem nguồn của nhiệm vụ.</div>'
    head = html.escape(f"{task.get('plan', '')} — {task.get('issuer', '')} — nhiệm vụ {task.get('task_number', '')}")
    return f'<div class="t-source"><h4>{head}</h4>{_task_record(task)}</div>'


def _task_record(task: dict) -> str:
    cells = json.loads(task.get("fields") or "[]") + json.loads(task.get("extra") or "[]")
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in cells)
    place = _place(str(task.get("province") or ""), str(task.get("scope") or "")).rstrip(" ·")
    meta = f'<p class="meta">{place}</p>' if place else ""
    return f'{meta}<table>{rows}</table>{_file_toggle(str(task.get("source", "")), str(task.get("ref", "")))}'


def deadline_counts(tasks: list[dict]) -> list[dict]:
    """Tasks per deadline: 'Quý II/2026', '2026', 'Thường xuyên', 'Không ghi' … for the chart."""
    counts: dict[str, int] = {}
    for t in tasks:
        label = _deadline_label(t)
        counts[label] = counts.get(label, 0) + 1
    return [{"thời hạn": k, "số nhiệm vụ": counts[k]} for k in sorted(counts)]


def _deadline_label(t: dict) -> str:
    """Labels that sort in time order as plain text: '2026' < '2026 · Quý II' < '2027' < 'Không ghi' …"""
    year, quarter = t.get("deadline_to") or t.get("deadline_from"), t.get("deadline_quarter")
    if quarter and year:
        return f"{year} · Quý {['I', 'II', 'III', 'IV'][quarter - 1]}"
    if year:
        return str(year)
    return "Thường xuyên/hằng năm" if t.get("recurring") else "Không ghi/khác"


def message_text(content) -> str:
    """A chat message's text: Gradio 6 hands messages back as a list of typed parts."""
    if isinstance(content, list):
        return " ".join(str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content)
    return str(content)


def answer_key(shown: str) -> str:
    """The words of an answer as shown, whatever markup the chat component added or dropped."""
    words = html.unescape(re.sub(r"<[^>]+>", " ", str(shown)))
    return " ".join(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", words).split())  # Markdown escapes as the reader sees them


def save_feedback(path: Path, question: str, answer: str, liked: bool, citations: list[dict] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"time": time.strftime("%Y-%m-%dT%H:%M:%S"), "question": question, "answer": answer, "liked": liked,
              "citations": citations or []}
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
