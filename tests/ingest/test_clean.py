import pytest

from ingest.clean import drop_duplicate_preamble

pytestmark = pytest.mark.unit

OFFICIAL = ["ỦY BAN NHÂN DÂN TỈNH XYZ", "KẾ HOẠCH THỰC HIỆN NGHỊ QUYẾT",
            "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
            "a) Quán triệt sâu kỹ và đẩy mạnh tuyên truyền về nghị quyết",
            "b) Góp phần vào mục tiêu chung xây dựng một nước khỏe mạnh",
            "c) Phát huy sức mạnh tổng hợp của cả hệ thống chính trị",
            "II. MỤC TIÊU", "- Nâng cao thể lực, trí lực, tầm vóc của Nhân dân"]


def test_partial_copy_before_official_text_is_dropped():
    preview = [l for l in OFFICIAL if not l.startswith(("I.", "II.", "1."))]  # headings stripped
    lines = ["Tiêu đề trang web về kế hoạch"] + preview + OFFICIAL
    kept, dropped = drop_duplicate_preamble(lines)
    assert dropped == len(preview)
    assert kept == ["Tiêu đề trang web về kế hoạch"] + OFFICIAL


def test_text_without_copy_is_untouched():
    kept, dropped = drop_duplicate_preamble(OFFICIAL)
    assert (kept, dropped) == (OFFICIAL, 0)


def test_repeated_table_headers_are_not_a_copy():
    header = "STT\tTên nhiệm vụ cụ thể\tCơ quan chủ trì\tThời gian hoàn thành"
    lines = [header, "1\tTruyền thông giáo dục sức khỏe\tTrạm Y tế\t2026",
             "2\tLồng ghép các chỉ tiêu sức khỏe\tPhòng Kinh tế\t2027",
             "3\tXây dựng kế hoạch ngày sức khỏe\tTrạm Y tế\t2026", header,
             "4\tTriển khai chiến lược dinh dưỡng\tTrạm Y tế\tThường xuyên"]
    assert drop_duplicate_preamble(lines) == (lines, 0)
