"""The chat as testers found it in a real browser: a new conversation forgets the old one, sources are
named in the plan's own terms (the file only on demand), the panel holds the current answer's sources,
and nothing on the page is in English. Headless Chromium; every wait is for a condition."""
import re

import pytest

from tests.bot.server import serving
from tests.browser.test_ui_browser import ask_in_chat, browser, shot  # noqa: F401  (browser is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.integration]
AN_GIANG_Q = "Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?"
# Words of Gradio's English interface a tester met or could meet; none may be seen or read aloud.
ENGLISH = re.compile(r"\b(processing|Info|Copy conversation|Copied conversation|Scroll down|Clear|Like|Dislike|"
                     r"Submit|Loading|Error|Share|Retry|Undo|Drop File|Click to Upload|Built with|Use via API|"
                     r"Settings|Close|queue)\b")
RECORD = """window.__seen = new Set();
const keep = (el) => { if (!el || el.nodeType !== 1) return;
  window.__seen.add(el.innerText || "");
  el.querySelectorAll("[aria-label],[title]").forEach((e) => window.__seen.add(
      (e.getAttribute("aria-label") || "") + " " + (e.getAttribute("title") || ""))); };
// What is about to be painted, read just before the next frame: the page's own observer (bot/serving/ui.py HEAD)
// says Gradio's English in Vietnamese in the same turn, whichever of the two observers the page made first.
let changed = new Set();
new MutationObserver((cs) => {
  if (!changed.size) requestAnimationFrame(() => { changed.forEach(keep); changed = new Set(); });
  cs.forEach((c) => changed.add(c.target.nodeType === 3 ? c.target.parentElement : c.target));
}).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});"""


def _bots(driver) -> list[str]:
    """The answers' texts, read in one step (the chat re-renders while an answer streams)."""
    return driver.execute_script("return [...document.querySelectorAll('#chat [data-testid=\"bot\"]')]"
                                 ".map((e) => e.innerText);")


def _done(driver, turn: int) -> bool:
    """Answer `turn` is complete: its sources reached the panel (sent with its last line), or it has none."""
    return driver.execute_script(
        "const p = document.querySelector('#sources');"
        "return !!(document.getElementById(arguments[0]) || (p && p.innerText.includes('không có nguồn')));",
        f"src-{turn}-1") and len(_bots(driver)) == turn


def _answered(driver, count: int) -> bool:
    bots = _bots(driver)
    return len(bots) == count and bool(bots[-1].strip()) and "Đang tìm" not in bots[-1]


@pytest.mark.parametrize("how", ["#clear", "#chat button[aria-label='Cuộc hội thoại mới']"])
def test_a_new_conversation_clears_the_screen_and_the_follow_up_context(planbot, browser, how):  # noqa: F811
    """After 'Cuộc hội thoại mới' (the button, or the chat's own trash icon, named the same) the
    follow-up 'Còn ở Quảng Ngãi thì sao?' is a question of its own, not about cấp cứu ngoại viện."""
    from selenium.webdriver.common.by import By

    from app import create_app
    driver, _ = browser
    with serving(create_app(planbot)) as url:
        wait, box = ask_in_chat(driver, url, AN_GIANG_Q, "Quý II/2026")
        wait.until(lambda d: _answered(d, 1) and d.find_elements(By.CSS_SELECTOR, "#src-1-1"))
        driver.execute_script("arguments[0].click();", driver.find_element(By.CSS_SELECTOR, how))
        wait.until(lambda d: not _bots(d) and not d.find_elements(By.CSS_SELECTOR, "#sources .source"))
        box.send_keys("Còn ở Quảng Ngãi thì sao?")
        driver.find_element(By.CSS_SELECTOR, "#ask").click()
        wait.until(lambda d: _done(d, 1))
        assert "cấp cứu ngoại viện" not in _bots(driver)[0].lower() and "Từ năm 2026" not in _bots(driver)[0]


def test_sources_are_named_in_the_plans_terms_and_only_the_current_answers_are_open(planbot, browser):  # noqa: F811
    from selenium.webdriver.common.by import By

    from app import create_app
    driver, _ = browser
    with serving(create_app(planbot)) as url:
        wait, box = ask_in_chat(driver, url, AN_GIANG_Q, "Quý II/2026")
        summary = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#src-1-1 summary"))[0]
        assert summary.text == "[1] Kế hoạch 186/KH-UBND – An Giang, nhiệm vụ 18"
        panel = driver.find_element(By.CSS_SELECTOR, "#sources").text
        assert ".txt" not in panel and "task:" not in panel  # the file is no name …
        assert ".txt" in summary.get_attribute("title")  # … but is there on demand (tooltip, toggle)
        summary.click()
        toggle = wait.until(lambda d: [e for e in d.find_elements(By.CSS_SELECTOR, "#src-1-1 details.file summary")
                                       if e.is_displayed()])[0]
        toggle.click()
        wait.until(lambda d: ".txt" in d.find_element(By.CSS_SELECTOR, "#src-1-1 details.file").text)

        box.send_keys("Còn ở Quảng Ngãi thì sao?")
        driver.find_element(By.CSS_SELECTOR, "#ask").click()
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#src-2-1"))
        assert "07/KH-UBND – Quảng Ngãi" in driver.find_element(By.CSS_SELECTOR, "#src-2-1 summary").text
        assert not driver.find_element(By.CSS_SELECTOR, "#src-1-1").is_displayed()  # folded with the earlier ones
        assert "Nguồn của các câu trả lời trước (1)" in driver.find_element(By.CSS_SELECTOR, "#sources").text

        box.send_keys("Kế hoạch nói gì về nuôi cá sấu trên sao Hỏa?")  # nothing to find
        driver.find_element(By.CSS_SELECTOR, "#ask").click()
        wait.until(lambda d: _answered(d, 3))
        panel = driver.find_element(By.CSS_SELECTOR, "#sources")
        if "Không tìm thấy" in _bots(driver)[-1]:
            wait.until(lambda d: "không có nguồn" in panel.text)
            assert not any(e.is_displayed() for e in panel.find_elements(By.CSS_SELECTOR, ".source"))
        shot(driver, "sources-named.png")


def test_no_english_is_seen_while_asking_liking_and_browsing_the_tabs(planbot, browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from app import create_app
    from bot.service import Planbot
    bot = Planbot(planbot.settings.model_copy(update={"feedback_path": tmp_path / "f.jsonl"}), index=planbot.index)
    driver, _ = browser
    with serving(create_app(bot)) as url:
        driver.get(url)
        wait = WebDriverWait(driver, 90)
        wait.until(lambda d: "Xin chào" in d.find_element(By.TAG_NAME, "body").text)
        wait.until(lambda d: d.execute_script("return document.documentElement.lang") == "vi")  # its script ran
        driver.execute_script(RECORD)
        box = driver.find_element(By.CSS_SELECTOR, "#question textarea")
        for turn, q in enumerate(("Sở Y tế chủ trì những nhiệm vụ nào hạn năm 2026 ở An Giang?", AN_GIANG_Q), 1):
            box.send_keys(q)
            driver.find_element(By.CSS_SELECTOR, "#ask").click()
            wait.until(lambda d: _done(d, turn))
        driver.execute_script("document.querySelector('#chat [data-testid=\"bot\"]').scrollIntoView();")  # scrolled up
        like = driver.find_elements(By.CSS_SELECTOR, "#chat button[aria-label='Câu trả lời hữu ích']")[-1]
        driver.execute_script("arguments[0].click();", like)
        wait.until(lambda d: "Cảm ơn" in d.find_element(By.TAG_NAME, "body").text)
        for tab in ("Tra cứu nhiệm vụ", "Kế hoạch", "Hỏi đáp"):
            driver.find_element(By.XPATH, f"//button[@role='tab' and contains(., '{tab}')]").click()
            wait.until(lambda d: d.find_element(By.XPATH, f"//button[@role='tab' and contains(., '{tab}')]")
                       .get_attribute("aria-selected") == "true")
        seen = driver.execute_script(
            "const s = [...window.__seen, document.body.innerText];"
            "document.querySelectorAll('[aria-label],[title],[placeholder]').forEach((e) => s.push("
            "[e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('placeholder')].join(' ')));"
            "return s;")
        english = sorted({text[max(0, m.start() - 40):m.end() + 40] for text in seen for m in ENGLISH.finditer(text or "")})
        shot(driver, "no-english.png")
        assert english == [], english
