"""Which sentences of a passage are quoted (bot/answering/relevance.py)."""
import pytest

from bot.answering.corpus import Corpus
from bot.answering.relevance import best_sentences
from core.text import fold, syllables
from core.types import Chunk

pytestmark = pytest.mark.unit


def passage(lines: list[str]) -> Chunk:
    text = "\n".join(lines)
    return Chunk(id="s", source="p.txt", ref="section:V/12", kind="section", text=text,
                 metadata={"heading": "", "title_line": "", "passage_at": 0})


def test_a_quoted_list_item_keeps_the_line_that_introduces_its_list():
    chunk = passage(["Các đơn vị gửi báo cáo về UBND đặc khu (qua Phòng Văn hóa - Xã hội), cụ thể:",
                     "- Báo cáo quý gửi trước ngày 10 của tháng cuối.",
                     "- Báo cáo năm gửi trước ngày 05 tháng 11.",
                     "Đề nghị các cơ quan phối hợp thực hiện nghiêm túc kế hoạch."])
    corpus = Corpus([chunk])
    quoted = [s for s, _ in best_sentences(chunk, syllables(fold("báo cáo năm gửi trước ngày")), corpus,
                                           need_time=True)]
    assert quoted[0].startswith("Các đơn vị gửi báo cáo") and "- Báo cáo năm gửi trước ngày 05 tháng 11." in quoted
    assert "Đề nghị các cơ quan phối hợp thực hiện nghiêm túc kế hoạch." not in quoted


def test_a_sentence_that_is_not_a_list_item_is_quoted_alone():
    filler = [f"Nội dung thứ {n} về truyền thông, giáo dục sức khỏe cho người dân tại cộng đồng dân cư." for n in range(12)]
    chunk = passage(["Kế hoạch gồm các nội dung sau:", "Sở Y tế chủ trì theo dõi, đôn đốc thực hiện kế hoạch."] + filler)
    quoted = [s for s, _ in best_sentences(chunk, syllables(fold("sở y tế đôn đốc")), Corpus([chunk]))]
    assert quoted == ["Sở Y tế chủ trì theo dõi, đôn đốc thực hiện kế hoạch."]


def test_a_numbered_item_written_as_a_sentence_is_quoted_not_taken_for_a_heading():
    title = ("6. Trong quá trình tổ chức thực hiện, nếu cần sửa đổi, bổ sung kế hoạch, các sở chủ động đề xuất "
             "gửi Sở Y tế để tổng hợp.")
    text = "\n".join(["Kế hoạch 186 — mục IV.6", title, "Trên đây là Kế hoạch thực hiện Chương trình hành động số 05."])
    chunk = Chunk(id="s", source="p.txt", ref="section:IV/6", kind="section", text=text,
                  metadata={"heading": "Kế hoạch 186 — mục IV.6", "title_line": title,
                            "passage_at": text.index("Trên đây")})
    quoted = [s for s, _ in best_sentences(chunk, syllables(fold("sửa đổi bổ sung kế hoạch gửi đề xuất")),
                                           Corpus([chunk]))]
    assert any("gửi Sở Y tế để tổng hợp" in s for s in quoted)


def test_a_deadline_sentence_is_read_with_the_duty_it_closes():
    """'… xây dựng Kế hoạch triển khai …. Thời gian hoàn thành trước ngày 31/01/2026.': asked by when the
    plans must be drafted, the date sentence alone names nothing asked; read with the sentence it closes
    it is the answer, and both are quoted. A dated sentence of its own does not borrow its neighbour."""
    chunk = passage(["1. Các sở, ngành xây dựng Kế hoạch triển khai thực hiện các nội dung được giao. "
                     "Thời gian hoàn thành trước ngày 31/01/2026.",
                     "2. Các đơn vị tổ chức sơ kết vào năm 2028 và báo cáo định kỳ hằng năm."])
    topic = syllables(fold("các sở ngành xây dựng kế hoạch triển khai"))
    quoted = [s for s, _ in best_sentences(chunk, topic, Corpus([chunk]), need_time=True, floor=0.0)]
    assert quoted[:2] == ["Các sở, ngành xây dựng Kế hoạch triển khai thực hiện các nội dung được giao.",
                          "Thời gian hoàn thành trước ngày 31/01/2026."]
    quoted = [s for s, _ in best_sentences(chunk, syllables(fold("tổ chức định kỳ hằng năm")), Corpus([chunk]),
                                           need_time=True, floor=0.0)]
    assert "Các đơn vị tổ chức sơ kết vào năm 2028 và báo cáo định kỳ hằng năm." in quoted
    assert not any("xây dựng Kế hoạch" in s for s in quoted)
