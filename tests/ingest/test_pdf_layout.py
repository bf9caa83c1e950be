"""PDF layout helpers: a borderless two-column header read column by column, merged cells filled."""
from __future__ import annotations

import pytest

from ingest.pdf_layout import layout_lines, word_segments
from ingest.read import TableBlock, TextBlock
from ingest.read_pdf import fill_merged, join_split_row

pytestmark = pytest.mark.unit


def _words(line: str, x: float, top: float) -> list[dict]:
    out = []
    for word in line.split():
        out.append({"text": word, "x0": x, "x1": x + 6 * len(word), "top": top, "bottom": top + 11})
        x += 6 * len(word) + 3
    return out


def test_header_columns_are_read_one_after_the_other():
    words = (_words("ỦY BAN NHÂN DÂN", 90, 72) + _words("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 300, 72)
             + _words("TỈNH AN GIANG", 90, 85) + _words("Độc lập - Tự do - Hạnh phúc", 300, 85)
             + _words("Số: 186/KH-UBND", 90, 110) + _words("An Giang, ngày 11 tháng 11 năm", 300, 110)
             + _words("2025", 300, 123))
    lines = [text for _, text in sorted(layout_lines(word_segments(words, 18)))]
    # as the .docx reader gives the layout table: row by row, each row's cells left to right
    assert lines == ["ỦY BAN NHÂN DÂN TỈNH AN GIANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Số: 186/KH-UBND", "An Giang, ngày 11 tháng 11 năm 2025"]


def test_a_single_column_paragraph_stays_line_by_line():
    words = _words("I. MỤC ĐÍCH, YÊU CẦU", 90, 72) + _words("1. Mục đích", 90, 85)
    assert [t for _, t in sorted(layout_lines(word_segments(words, 18)))] == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]


def test_a_lead_merged_down_over_a_page_break_fills_every_row():
    header = ["STT", "Nội dung", "Chủ trì"]
    page1 = TableBlock([list(header), ["1", "a", "Sở Y tế"], ["2", "b", None]])
    page2 = [TableBlock([list(header), ["", "b tiếp", ""], ["3", "c", None]]), TextBlock(["II. TỔ CHỨC"])]
    blocks = [page1] + join_split_row(page1, page2)
    fill_merged(blocks)
    assert blocks[0].rows[1:] == [["1", "a", "Sở Y tế"], ["2", "b b tiếp", "Sở Y tế"]]
    assert blocks[1].rows == [header, ["3", "c", "Sở Y tế"]]
