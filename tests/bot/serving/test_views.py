import re
import pytest
from markdown_it import MarkdownIt

from bot.serving import views
from core.types import Answer, Citation

pytestmark = pytest.mark.unit

ROW = Citation(marker=1, source="a.txt", ref="task:18", document="Kế hoạch 186/KH-UBND", province="An Giang",
               issuer="UBND tỉnh An Giang", label="nhiệm vụ 18",
               quote="Nhiệm vụ: Đề án cấp cứu ngoại viện\nCơ quan chủ trì: Sở Y tế\nThời gian hoàn thành: Quý II/2026",
               fields=[("Nhiệm vụ", "Đề án cấp cứu ngoại viện"), ("Cơ quan chủ trì", "Sở Y tế"),
                       ("Thời gian hoàn thành", "Quý II/2026: Sở Y tế")])  # a value may hold ': ' itself
TASKS = [{"plan": "Kế hoạch 186/KH-UBND", "task_number": "18", "task": "Đề án cấp cứu ngoại viện", "lead": "Sở Y tế",
          "time": "Quý II/2026", "deadline_to": 2026, "deadline_quarter": 2},
         {"plan": "Kế hoạch 186/KH-UBND", "task_number": "1", "task": "Truyền thông", "lead": "Các sở",
          "time": "Thường xuyên", "recurring": True},
         {"plan": "Kế hoạch 07/KH-UBND", "task_number": "14", "task": "Cấp cứu ngoại viện", "lead": "Sở Y tế",
          "time": "Từ năm 2026", "deadline_from": 2026},
         {"plan": "x", "task_number": "2", "task": "Khảo sát", "lead": "Sở Y tế", "time": ""}]


def test_markers_link_to_the_source_panel_and_html_is_escaped():
    a = Answer(question="q", answer="Sở Y tế chủ trì <b>x</b> [1].", answerable=True, citations=[ROW])
    out = views.answer_html(a)
    assert '<a href="#src-1-1" class="cite">[1]</a>' in out and "<b>" not in out
    assert 'href="#src-3-1"' in views.answer_html(Answer(question="q", answer="x [1].", answerable=True), turn=3)
    panel = views.sources_html([ROW])
    assert 'id="src-1-1"' in panel and "<th>Cơ quan chủ trì</th><td>Sở Y tế</td>" in panel and "task:18" in panel
    assert "<td>Quý II/2026: Sở Y tế</td>" in panel


def test_a_passage_source_shows_the_whole_passage_with_the_quote_marked():
    passage = "3. Tổ chức thực hiện\nSở Y tế tổng hợp <kết quả>. Các sở báo cáo trước ngày 15/11 hằng năm."
    c = Citation(marker=2, source="a.txt", ref="section:IV/3", document="Kế hoạch 186/KH-UBND", province="An Giang",
                 label="mục IV.3", quote="Các sở báo cáo trước ngày 15/11 hằng năm.", passage=passage,
                 sentences=["Các sở báo cáo trước ngày 15/11 hằng năm."])
    panel = views.sources_html([c])
    assert "3. Tổ chức thực hiện<br>Sở Y tế tổng hợp &lt;kết quả&gt;." in panel  # the rest of it, escaped
    assert "<mark>Các sở báo cáo trước ngày 15/11 hằng năm.</mark>" in panel


def test_not_found_state():
    out = views.answer_html(Answer(question="q", answer="Không tìm thấy thông tin này.", answerable=False))
    assert "Không tìm thấy trong các kế hoạch" in out


def test_search_ignores_accents_and_exports(tmp_path):
    rows = views.task_rows(TASKS, "cap cuu")
    assert [r[3] for r in rows] == ["18", "14"]
    csv_path = views.export_csv(rows, tmp_path)
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Kế hoạch,Tỉnh") and len(lines) == 3
    from openpyxl import load_workbook
    sheet = load_workbook(views.export_xlsx(rows, tmp_path)).active
    assert sheet.max_row == 3 and sheet.cell(2, 5).value == "Đề án cấp cứu ngoại viện"


def test_the_excel_export_is_ready_to_work_in(tmp_path):
    from openpyxl import load_workbook
    rows = views.task_rows(TASKS) + [["x", "", "", "I.3", "=1+1", "", "", "", ""]]
    sheet = load_workbook(views.export_xlsx(rows, tmp_path)).active
    assert all(cell.font.bold for cell in sheet[1]) and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:I{len(rows) + 1}"
    stt = [sheet.cell(r, 4).value for r in range(2, len(rows) + 2)]
    assert stt[:2] == [18, 1] and stt[-1] == "I.3"  # numbers sort as numbers; other labels stay text
    assert sheet.column_dimensions["E"].width > sheet.column_dimensions["D"].width
    assert sheet.cell(2, 5).alignment.wrap_text and sheet.cell(len(rows) + 1, 5).data_type == "s"


def test_deadline_chart_counts_in_time_order():
    counts = views.deadline_counts(TASKS)
    assert counts == [{"thời hạn": "2026", "số nhiệm vụ": 1}, {"thời hạn": "2026 · Quý II", "số nhiệm vụ": 1},
                      {"thời hạn": "Không ghi/khác", "số nhiệm vụ": 1},
                      {"thời hạn": "Thường xuyên/hằng năm", "số nhiệm vụ": 1}]


def test_deadline_chart_bars_start_at_zero_with_whole_number_ticks():
    figure = views.deadline_chart(TASKS)
    [axes] = figure.axes
    assert axes.get_ylim()[0] == 0
    ticks = [t for t in axes.get_yticks() if axes.get_ylim()[0] <= t <= axes.get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)  # one task each: 0, 1 — never 0.2, 0.4 …
    labels = [t.get_text() for t in axes.get_xticklabels()]
    assert "Không ghi/khác" in labels and axes.get_xticklabels()[0].get_rotation() > 0


def test_csv_for_excel_with_semicolons(tmp_path):
    lines = views.export_csv(views.task_rows(TASKS, "cap cuu"), tmp_path, ";").read_bytes()
    assert lines.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for diacritics
    assert lines.decode("utf-8-sig").splitlines()[0].startswith("Kế hoạch;Tỉnh;Cơ quan ban hành")


def test_task_cards_and_the_source_of_a_row_show_every_cell():
    task = dict(TASKS[0], province="An Giang", source="a.txt", ref="task:18", issuer="UBND tỉnh An Giang",
                fields='[["Nhiệm vụ", "Đề án <cấp cứu>"], ["Cơ quan chủ trì", "Sở Y tế"]]',
                extra='[["Ghi chú", "ưu tiên"]]')
    cards = views.task_cards_html([task, TASKS[1]])
    assert cards.count('<details class="t-card">') == 2 and "Chủ trì: Sở Y tế · Quý II/2026" in cards
    source = views.task_source_html(task)
    assert "<th>Cơ quan chủ trì</th><td>Sở Y tế</td>" in source and "<td>Đề án &lt;cấp cứu&gt;</td>" in source
    assert "<th>Ghi chú</th>" in source and "task:18" in source and "nhiệm vụ 18" in source
    assert "Bấm vào một dòng" in views.task_source_html(None)
    assert "Không có nhiệm vụ nào" in views.task_cards_html([])


def test_feedback_is_appended_as_jsonl(tmp_path):
    import json
    path = tmp_path / "fb" / "feedback.jsonl"
    views.save_feedback(path, "câu hỏi", "trả lời", True)
    views.save_feedback(path, "câu hỏi 2", "trả lời 2", False)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [(r["question"], r["liked"]) for r in records] == [("câu hỏi", True), ("câu hỏi 2", False)]


HOSTILE = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "cmd|' /C notepad'!A1",
           "- Triển khai bình thường"]


def test_exports_never_hold_a_live_formula(tmp_path):
    """OWASP CSV injection: cells starting with = + - @ tab or CR are text in both exports."""
    import csv

    from openpyxl import load_workbook
    rows = [[v, "Sở Y tế"] + [""] * (len(views.TASK_COLUMNS) - 2) for v in HOSTILE]
    with views.export_csv(rows, tmp_path).open(encoding="utf-8-sig") as fh:
        cells = [r[0] for r in list(csv.reader(fh))[1:]]
    assert all(not c.startswith(views.FORMULA_STARTS) for c in cells)
    assert cells[0] == "'" + HOSTILE[0] and cells[-2] == HOSTILE[-2]  # only leading characters count
    sheet = load_workbook(views.export_xlsx(rows, tmp_path)).active
    values = [sheet.cell(row=i + 2, column=1) for i in range(len(HOSTILE))]
    assert [c.value for c in values] == HOSTILE and all(c.data_type == "s" for c in values)


def test_exports_do_not_pile_up(tmp_path):
    rows = [["1", "Việc"] + [""] * (len(views.TASK_COLUMNS) - 2)]
    for _ in range(views.KEEP_EXPORTS + 15):
        views.export_csv(rows, tmp_path)
        views.export_xlsx(rows, tmp_path)
    assert len(list(tmp_path.glob("*.csv"))) == views.KEEP_EXPORTS == len(list(tmp_path.glob("*.xlsx")))


def _read_report(**over):
    from core.types import ReadWarning
    from ingest.report import ReadReport, TableReport
    base = dict(source="a<b>.txt", doc_type="Kế hoạch", number="", number_display="không đọc được", draft=False,
                title="", issue_date="", issuer="UBND tỉnh An Giang", province="An Giang", scope="", signer="",
                sections=3, headings=["I. MỤC ĐÍCH"], tasks=37, indicators=0,
                tables=[TableReport(index=1, kind="task", kind_vi="bảng nhiệm vụ", rows=38, columns=5, tasks=37,
                                    indicators=0)],
                warnings=[ReadWarning(code="no_number", message_vi="Không đọc được số hiệu văn bản.", message_en="x"),
                          ReadWarning(code="numbering_gap", message_vi="số thứ tự nhảy từ 2 sang 9 <script>",
                                      message_en="y", where="bảng 1")])
    return ReadReport(**(base | over))


def test_the_read_report_shows_warnings_first_then_what_was_read():
    shown = views.read_report_html(_read_report(), "Đã thêm")
    assert shown.index("⚠ 2 cảnh báo") < shown.index("Số hiệu") and "Đã thêm: a&lt;b&gt;.txt" in shown
    assert '<li data-code="numbering_gap">bảng 1: số thứ tự nhảy từ 2 sang 9 &lt;script&gt;</li>' in shown
    assert "Bảng 1: bảng nhiệm vụ, 38 dòng × 5 cột → 37 nhiệm vụ" in shown and "<script>" not in shown
    assert "không đọc được" in shown  # the number, the date and the signer
    calm = views.read_report_html(_read_report(warnings=[], scope="toàn quốc", province=""))
    assert "Không có cảnh báo." in calm and "Phạm vi" in calm and "toàn quốc" in calm and "⚠" not in calm
    assert "Bấm vào một kế hoạch" in views.read_report_html(None)
    assert (views.warnings_flag(0), views.warnings_flag(2)) == ("", "⚠ 2 cảnh báo")


def test_the_panel_shows_the_current_answers_sources_and_folds_the_earlier_ones():
    named = ROW.model_copy(update={"name": "Kế hoạch 186/KH-UBND – An Giang, nhiệm vụ 18"})
    first = views.turn_sources([named], 1)
    panel = views.sources_html([named.model_copy(update={"marker": 1})], turn=2, earlier=[first])
    current, folded = panel.split('<details class="earlier">')
    assert 'id="src-2-1"' in current and 'id="src-1-1"' not in current and 'id="src-1-1"' in folded
    assert "Nguồn của các câu trả lời trước (1)" in folded
    summary = re.search(r"<summary[^>]*>(.*?)</summary>", current).group(1)
    assert "Kế hoạch 186/KH-UBND – An Giang, nhiệm vụ 18" in summary and "a.txt" not in summary  # file on demand
    assert 'title="Tệp a.txt · task:18"' in current and '<summary>Tệp gốc</summary>' in current
    nothing = views.sources_html([], turn=3, earlier=[first], answered=False)
    assert "không có nguồn" in nothing.split('<details class="earlier">')[0] and 'id="src-1-1"' in nothing


def test_an_answer_citing_an_unconfirmed_upload_says_so():
    flagged = ROW.model_copy(update={"unconfirmed": True, "added_by": "ana"})
    a = Answer(question="q", answer="Sở Y tế chủ trì [1].", answerable=True, citations=[flagged])
    shown = MarkdownIt("commonmark", {"html": True}).render(views.answer_html(a))  # as the chat renders it
    assert "tải lên, chưa xác nhận: Kế hoạch 186/KH-UBND – An Giang" in shown
    assert "chưa xác nhận" not in views.answer_html(a.model_copy(update={"citations": [ROW]}))
    panel = views.sources_html([flagged])
    assert "(tải lên, chưa xác nhận)" in panel and "Người thêm: ana" in panel


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_the_ui_download_is_the_one_task_csv_the_api_sends(tmp_path, delimiter):
    """One writer for both exports: the file the UI offers holds task_csv's text byte for byte, so a fix
    to escaping or encoding reaches GET /tasks?format=csv too."""
    rows = views.task_rows(TASKS) + [[v] + [""] * (len(views.TASK_COLUMNS) - 1) for v in HOSTILE]
    labels = [label for _, label in views.TASK_COLUMNS]
    path = views.export_csv(rows, tmp_path, delimiter)
    assert path.read_bytes() == views.task_csv(labels, rows, delimiter).encode("utf-8")
    import csv
    import io
    table = list(csv.reader(io.StringIO(views.task_csv(["a", "b"], [[h, None] for h in HOSTILE], delimiter)[1:]),
                            delimiter=delimiter))
    assert table[0] == ["a", "b"] and all(not a.startswith(views.FORMULA_STARTS) and b == "" for a, b in table[1:])
