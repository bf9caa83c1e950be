"""How a quote is written into the answer (bot/answering/compose.py)."""
import pytest

from bot.answering.lines import _joined

pytestmark = pytest.mark.unit


def test_an_ellipsis_marks_only_text_left_out():
    sentences = ["Các sở xây dựng kế hoạch triển khai.", "Thời gian hoàn thành trước ngày 31/01/2026.",
                 "Báo cáo định kỳ hằng năm.", "Sở Y tế tổng hợp."]
    assert _joined(sentences[:2], sentences) == "Các sở xây dựng kế hoạch triển khai. Thời gian hoàn thành trước ngày 31/01/2026."
    assert _joined([sentences[0], sentences[2]], sentences) == "Các sở xây dựng kế hoạch triển khai. … Báo cáo định kỳ hằng năm."
