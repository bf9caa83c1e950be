"""Role verbs, agency names and the asked field over the real index of the bundled plans (issue 23)."""
import pytest

from bot.answering.roles import verbs
from core.text import agency_key, split_agencies
from tests.conftest import AN_GIANG, NGHE_AN, QUANG_NGAI

pytestmark = pytest.mark.integration


def cited(answer):
    return {(c.source, c.ref) for c in answer.citations}


def led_by(parsed, source: str, name: str) -> set[tuple[str, str]]:
    key = agency_key(name)
    return {(source, t.cite_ref) for t in parsed[source].tasks if key in {agency_key(a) for a in split_agencies(t.lead)}}


@pytest.mark.parametrize("typed", ["sở văn hóa, thể thao và du lịch", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
                                   "so van hoa, the thao va du lich"])
def test_an_agency_in_any_case_gets_every_row_that_names_it_and_a_true_count(planbot, parsed, typed):
    """Quảng Ngãi types the agency 'Sở Văn hóa, Thể thao và du lịch' in one cell and capitalised in another:
    both rows are the same body's, and the count is of the whole list."""
    rows = led_by(parsed, QUANG_NGAI, "Sở Văn hóa, Thể thao và Du lịch")
    assert len(rows) >= 2
    a = planbot.ask(f"{typed} chủ trì những nhiệm vụ nào ở Quảng Ngãi?")
    shown = {c for c in cited(a) if c[1].startswith("task:")}
    assert shown <= rows and len(shown) == min(len(rows), planbot.settings.answer_list_rows)
    assert f"có {len(rows)} nhiệm vụ" in a.answer


@pytest.mark.parametrize("verb", [v.phrase for v in verbs("lead") if v.kind == "alone"])
def test_every_lead_verb_of_the_table_asks_who_leads(planbot, verb):
    """The same task row answers 'cơ quan nào <verb> …' whichever lead verb of prompts/roles.toml is used."""
    a = planbot.ask(f"Ở An Giang, cơ quan nào {verb} triển khai Chiến lược quốc gia về dinh dưỡng đến năm 2030?")
    assert (AN_GIANG, "task:6") in cited(a) and "Sở Y tế chủ trì" in a.answer


def test_a_date_inside_a_duty_sentence_answers_when_not_the_plans_own_date(planbot):
    """'báo cáo định kỳ vào ngày nào': 'kỳ' (a period) is not 'ký' (signed), so the reporting duty's sentence
    answers, not the document's date."""
    a = planbot.ask("Sở Y tế Nghệ An phải báo cáo định kỳ vào ngày nào?")
    assert (NGHE_AN, "document") not in cited(a)
    assert (NGHE_AN, "section:V/2/2.2") in cited(a) and "trước ngày 25 tháng 11 hằng năm" in a.answer


def test_the_time_column_keeps_the_plans_name(planbot, parsed):
    """Quảng Ngãi's table names its column 'Thời gian thực hiện': the answer says so, not 'thời gian hoàn thành'."""
    a = planbot.ask("Thời gian thực hiện kế hoạch chương trình sức khỏe học đường, y tế trường học của Quảng Ngãi là khi nào?")
    assert (QUANG_NGAI, "task:5") in cited(a)
    assert "thời gian thực hiện: Từ năm 2026" in a.answer and "thời gian hoàn thành" not in a.answer.lower()
