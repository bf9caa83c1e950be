"""Grounding check of the optional generative mode (deterministic), and an opt-in real-model test."""
import os

import pytest

from bot.answering.generate import Generator, claims, grounded
from core.types import Citation

CITES = [Citation(marker=1, source="a.txt", ref="task:18", document="Kế hoạch 186/KH-UBND", province="An Giang",
                  issuer="UBND tỉnh An Giang", quote="Nhiệm vụ: Xây dựng Đề án cấp cứu ngoại viện\n"
                  "Cơ quan chủ trì: Sở Y tế\nCơ quan phối hợp: Công an tỉnh\nThời gian hoàn thành: Quý II/2026")]


@pytest.mark.unit
def test_claims_finds_agencies_dates_numbers():
    found = claims("Sở Y tế chủ trì, phối hợp Công an tỉnh, hạn Quý II/2026, đạt 95% [1].")
    assert "Sở Y tế" in found and "Quý II/2026" in found and "95" in found and "1" not in found


@pytest.mark.unit
@pytest.mark.parametrize("answer, ok", [
    ("Theo Kế hoạch 186/KH-UBND, Sở Y tế chủ trì, hạn Quý II/2026 [1].", True),
    ("Theo Kế hoạch 186/KH-UBND, Sở Tài chính chủ trì, hạn Quý II/2026 [1].", False),  # invented agency
    ("Sở Y tế chủ trì, hạn Quý III/2027 [1].", False),  # invented date
    ("Sở Y tế chủ trì, hạn Quý II/2026.", False),  # no citation marker
    ("Sở Y tế chủ trì [2].", False),  # marker that cites nothing
])
def test_grounding(answer, ok):
    assert grounded(answer, CITES) is ok


@pytest.mark.integration
@pytest.mark.skipif(not os.environ.get("PLANBOT_TEST_LLM_URL"), reason="set PLANBOT_TEST_LLM_URL (and "
                    "PLANBOT_TEST_LLM_MODEL) to an OpenAI-compatible server to run the real generative test")
def test_generative_mode_against_a_real_server(planbot):
    gen = Generator(os.environ["PLANBOT_TEST_LLM_URL"], os.environ.get("PLANBOT_TEST_LLM_MODEL", "default"))
    composed = planbot.ask("Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?")
    out = gen.rewrite(composed.question, composed.answer, composed.citations)
    assert out["generation"] in {"grounded", "rejected"}
    if out["generation"] == "grounded":
        assert grounded(out["text"], composed.citations)
