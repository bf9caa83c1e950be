import pytest

from core.text import (agency_key, agency_label, content_hash, fold, split_agencies, strip_accents, strip_markup,
                       toned_syllables)

pytestmark = pytest.mark.unit


def test_fold_removes_accents_case_and_spaces():
    assert fold("  Sở   Y TẾ  ") == "so y te"
    assert fold("Đề án cấp cứu ngoại viện") == "de an cap cuu ngoai vien"


def test_fold_treats_tone_placement_variants_alike():
    # 'khoẻ' (tone on e) and 'khỏe' (tone on o) are written both ways in the plans
    assert fold("sức khoẻ") == fold("sức khỏe") == "suc khoe"


def test_strip_accents_keeps_case():
    assert strip_accents("Đặc khu Kiên Hải") == "Dac khu Kien Hai"


def test_agency_key_drops_parentheses_and_expands_abbreviations():
    assert agency_key("Sở Giáo dục và Đào tạo (trường học)") == "so giao duc va dao tao"
    assert agency_key("BHXH tỉnh") == "bao hiem xa hoi tinh"
    assert agency_key("UBND các xã") == "uy ban nhan dan cac xa"


def test_split_agencies_keeps_names_with_va_and_splits_va_cac():
    assert split_agencies("Sở Nông nghiệp và Môi trường, Sở Y tế; Công an tỉnh") == [
        "Sở Nông nghiệp và Môi trường", "Sở Y tế", "Công an tỉnh"]
    assert split_agencies("Sở Y tế và các sở, ngành") == ["Sở Y tế", "các sở", "ngành"]
    assert split_agencies("") == []


def test_a_name_that_lists_its_fields_keeps_its_commas():
    """'Sở Văn hóa, Thể thao và Du lịch' is one department; 'Tỉnh đoàn', 'Thống kê tỉnh' after a comma
    are agencies of their own, and 'phường' a fragment of 'các xã, phường'."""
    assert split_agencies("Sở Văn hóa, Thể thao và Du lịch (cộng đồng); Sở Y tế") == [
        "Sở Văn hóa, Thể thao và Du lịch (cộng đồng)", "Sở Y tế"]
    assert split_agencies("Sở Y tế, Sở Giáo dục và Đào tạo, Tỉnh đoàn, Thống kê tỉnh") == [
        "Sở Y tế", "Sở Giáo dục và Đào tạo", "Tỉnh đoàn", "Thống kê tỉnh"]
    assert split_agencies("UBND các xã, phường") == ["UBND các xã", "phường"]
    assert agency_label("Sở Nội vụ (nơi làm việc)") == "Sở Nội vụ"


def test_strip_markup_removes_bold_tags_and_emphasis():
    assert strip_markup("<b>Chỉ số đầu vào</b>") == "Chỉ số đầu vào"
    assert strip_markup("**KT. CHỦ TỊCH**") == "KT. CHỦ TỊCH"
    assert strip_markup("*a) Huy động nguồn tài chính*") == "a) Huy động nguồn tài chính"


def test_content_hash_is_stable_and_sensitive():
    assert content_hash("a", "b") == content_hash("a", "b")
    assert content_hash("a", "b") != content_hash("ab", "")


def test_hang_and_hang_with_its_other_tone_are_one_spelling_of_every_month_or_year():
    """'định kỳ hàng tháng' (a plan) and 'hằng tháng' (a question) say the same."""
    assert toned_syllables("hằng tháng") == toned_syllables("hàng tháng")
    assert toned_syllables("hằng năm") != toned_syllables("hàng nam")  # the other syllable keeps its tone


# --- clean_question: the one form every question is read in (bot/service.py Planbot.ask) ---
import unicodedata  # noqa: E402

from hypothesis import given, strategies as st  # noqa: E402

from core.text import clean_question  # noqa: E402

VIETNAMESE = st.text(alphabet=st.sampled_from(list("aăâeêioôơuưyđAĐ áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩị"
                                                  "óòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ?,.\n\t\u00a0")), max_size=60)
FORMAT_CHARS = st.sampled_from(["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202a"])


@given(VIETNAMESE)
def test_a_decomposed_question_reads_as_the_composed_one(text):
    assert clean_question(unicodedata.normalize("NFD", text)) == clean_question(text)


@given(VIETNAMESE, FORMAT_CHARS, st.integers(min_value=0))
def test_a_format_character_anywhere_changes_nothing(text, mark, at):
    decomposed = unicodedata.normalize("NFD", text)
    at = at % (len(decomposed) + 1)  # also between a letter and its accent
    assert clean_question(decomposed[:at] + mark + decomposed[at:]) == clean_question(text)


@given(VIETNAMESE)
def test_a_cleaned_question_is_nfc_without_format_characters_or_runs_of_spaces(text):
    cleaned = clean_question(text)
    assert unicodedata.is_normalized("NFC", cleaned) and clean_question(cleaned) == cleaned
    assert not any(unicodedata.category(ch) == "Cf" for ch in cleaned)
    assert "  " not in cleaned and cleaned == cleaned.strip()


def test_line_breaks_between_sentences_stay_one_line_break():
    assert clean_question("Kính gửi anh,  \r\n\n Cho hỏi\u00a0 ai  chủ trì?") == "Kính gửi anh,\nCho hỏi ai chủ trì?"
