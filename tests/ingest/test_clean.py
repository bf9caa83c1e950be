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


def _in_order_share(keys: list[str], segment: list[str], again: int) -> float:
    """How much of the segment recurs in order from `again` on, each line within the gap of the last."""
    from ingest.clean import _MAX_COPY_GAP
    at, found = again, 0
    for x in segment:
        hit = next((p for p in range(at, min(at + _MAX_COPY_GAP + 1, len(keys))) if keys[p] == x), None)
        if hit is not None:
            at, found = hit + 1, found + 1
    return found / len(segment)


def _reference(lines: list[str]) -> tuple[list[str], int]:
    """The definition, written plainly (quadratic: for tiny inputs only)."""
    from ingest.clean import _PREVIEW_ZONE, _key
    keys = [_key(l) for l in lines]
    for start, k in enumerate(keys[:int(len(keys) * _PREVIEW_ZONE) + 1]):
        later = [p for p in range(start + 1, len(keys)) if k and keys[p] == k]
        if later:
            segment = [x for x in keys[start:later[0]] if x]
            if len(segment) >= 3 and _in_order_share(keys, segment, later[0]) >= 0.8:
                return lines[:start] + lines[later[0]:], later[0] - start
    return lines, 0


from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

_LINES = st.lists(st.sampled_from(OFFICIAL + ["", "ngắn", OFFICIAL[4] + " 2"]), max_size=40)


@hsettings(max_examples=300, deadline=None)
@given(_LINES)
def test_the_linear_search_finds_what_the_definition_finds(lines):
    assert drop_duplicate_preamble(lines) == _reference(lines)


def test_repeated_content_is_searched_in_linear_time():
    """Every line repeats, none starts a copy: 21,000 lines took 18.7 s when each candidate rebuilt
    the set of later lines; a linear search takes well under a second."""
    import time
    text = [line for i in range(7000) for line in
            (OFFICIAL[4], f"Nội dung riêng số {i} của kế hoạch năm nay", f"Kết quả riêng số {i} đạt được")]
    start = time.perf_counter()
    drop_duplicate_preamble(text)
    assert time.perf_counter() - start < 5  # 18.7 s before, on this machine


# Issue 22: a procedures table whose rows restate the row above was taken for a preview and a row
# dropped (numbering 1 -> 3). The scrape puts each cell on its own lines between '|' lines.
_CHANNELS = ["- Nộp hồ sơ trực tiếp tại Trung tâm Phục vụ hành chính công tỉnh",
             "- Nộp hồ sơ qua dịch vụ bưu chính công ích đến Trung tâm",
             "- Nộp hồ sơ trực tuyến qua Cổng dịch vụ công quốc gia",
             "- Kiểm tra tính đầy đủ của thành phần hồ sơ tiếp nhận",
             "- Cấp giấy tiếp nhận hồ sơ và hẹn ngày trả kết quả",
             "- Chuyển hồ sơ đến phòng chuyên môn để thẩm định",
             "- Thẩm định hồ sơ và trình lãnh đạo phê duyệt kết quả",
             "- Trả kết quả trực tiếp hoặc qua dịch vụ bưu chính",
             "- Lưu trữ hồ sơ điện tử trên hệ thống thông tin",
             "- Công khai kết quả giải quyết trên cổng thông tin điện tử"]
_PROSE = [f"Nội dung riêng số {i} của văn bản hướng dẫn thủ tục" for i in range(120)]


def _row(number: int, title: str, cell: list[str]) -> list[str]:
    return ["|", str(number), "|", title, "|", *cell, "|", "Trong thời hạn 15 ngày làm việc", "|"]


def test_table_rows_that_restate_the_row_above_are_kept():
    titles = ["Cấp giấy phép hành nghề khoan nước dưới đất", "Gia hạn giấy phép hành nghề khoan nước",
              "Cấp lại giấy phép hành nghề khoan nước", "Điều chỉnh nội dung giấy phép hành nghề"]
    table = [line for n, title in enumerate(titles, 1) for line in _row(n, title, _CHANNELS)]
    lines = ["Danh mục thủ tục hành chính"] + table + _PROSE
    kept, dropped = drop_duplicate_preamble(lines)
    assert dropped == 0 and kept == lines


def test_a_cell_whose_lines_recur_far_apart_is_not_a_copy():
    """Two bullets of one cell open alike; the first one's other lines recur only rows later (an
    address every row repeats): that is no copy of the text that follows."""
    address = ["ích đến Trung tâm Phục vụ hành chính công tỉnh (số 16, đường Trường Thi,",
               "phường Trường Vinh, tỉnh Nghệ An);"]
    opening = "- Nộp hồ sơ trực tiếp hoặc qua dịch vụ bưu chính công"
    cell = [opening, *address, opening, "ích đến Trung tâm Phục vụ hành chính công các xã, phường;"]
    lines = ["Danh mục thủ tục hành chính", "|", "1", "|", *cell, "|"] + _PROSE[:40] + address + _PROSE[40:]
    assert drop_duplicate_preamble(lines) == (lines, 0)
