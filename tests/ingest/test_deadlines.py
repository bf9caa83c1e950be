import pytest

from ingest.deadlines import parse_deadline

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("text, kind, lo, hi, quarter, recurring, conditional", [
    ("Quý II/2026", "quarter", 2026, 2026, 2, False, False),
    ("Quý IV/2026, triển khai thường xuyên", "quarter", 2026, 2026, 4, True, False),
    ("2026", "year", 2026, 2026, None, False, False),
    ("Năm 2026", "year", 2026, 2026, None, False, False),
    ("2025-2030", "range", 2025, 2030, None, False, False),
    ("Giai đoạn từ năm 2030- 2045", "range", 2030, 2045, None, False, False),
    ("Từ năm 2026", "from", 2026, None, None, False, False),
    ("Đến năm 2030", "until", None, 2030, None, False, False),
    ("Thường xuyên", "recurring", None, None, None, True, False),
    ("Hằng năm và từng giai đoạn", "recurring", None, None, None, True, False),
    ("Hàng năm", "recurring", None, None, None, True, False),
    ("Sau khi có văn bản triển khai của Trung ương", "conditional", None, None, None, False, True),
    ("Hằng năm, khi có quyết định của Trung ương", "recurring", None, None, None, True, True),
    ("", "none", None, None, None, False, False),
])
def test_parse_deadline(text, kind, lo, hi, quarter, recurring, conditional):
    d = parse_deadline(text)
    assert (d.text, d.kind, d.year_from, d.year_to, d.quarter, d.recurring, d.conditional) == (
        text, kind, lo, hi, quarter, recurring, conditional)


def test_covers_year():
    assert parse_deadline("2025-2030").covers(2027)
    assert not parse_deadline("2025-2030").covers(2031)
    assert parse_deadline("Quý II/2026").covers(2026)
    assert parse_deadline("Từ năm 2026").covers(2026)
    assert not parse_deadline("Thường xuyên").covers(2026)
