"""List answers in the real Gradio app, headless Chromium (issue 23, item 5): they arrive fast and in one piece,
and a block's link opens the whole list in the 'Tra cứu nhiệm vụ' tab with the same filters."""
import re
import statistics

import pytest

from tests.bot.server import serving
from tests.browser.test_ui_browser import browser, shot  # noqa: F401 (the fixture, shared)

pytestmark = [pytest.mark.browser, pytest.mark.integration]
LISTS = ["Sở Y tế chủ trì những nhiệm vụ nào?", "Sở Tài chính phối hợp những nhiệm vụ nào?",
         "Những nhiệm vụ nào có thời hạn hoàn thành năm 2026?", "Liệt kê các nhiệm vụ về dinh dưỡng",
         "Trạm Y tế chủ trì những nhiệm vụ nào ở đặc khu Kiên Hải?"]
ROUNDS = 3  # 15 timed answers: p95 is the second slowest, not one outlier
P95_LIMIT_S = 1.5  # issue 23 item 5: a long list answer is on screen within 1.5 s of the click
# In the page: the click on 'Hỏi' starts the clock; the clock stops on the first change of the chat after
# which its last bot message holds a citation link (the placeholder 'Đang tìm …' holds none) and no later
# change alters it within the frame (an answer streamed line by line would stop the clock at its first line,
# so the test also checks the message is whole when the clock stops).
TIMER = """
window.__listTimer = {start: null, end: null, text: null};
const ask = document.querySelector('#ask');
ask.addEventListener('click', () => { window.__listTimer = {start: performance.now(), end: null, text: null}; }, true);
new MutationObserver(() => {
  const t = window.__listTimer;
  if (t.start === null || t.end !== null) return;
  const bots = document.querySelectorAll('#chat [data-testid="bot"]');
  const last = bots[bots.length - 1];
  if (last && last.querySelector('a.cite')) { t.end = performance.now(); t.text = last.innerText; }
}).observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true});
"""


def _open(driver, url: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
    driver.get(url)
    wait = WebDriverWait(driver, 90)
    wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#question textarea")))
    wait.until(lambda d: d.execute_script("return document.documentElement.lang") == "vi")  # the page script ran
    return wait


def _ask_timed(driver, wait, question: str) -> tuple[float, str]:
    """Seconds from the click to the whole answer on screen, and that answer's text."""
    from selenium.webdriver.common.by import By
    driver.find_element(By.CSS_SELECTOR, "#clear").click()  # each list on its own, not a follow-up
    wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, '#chat [data-testid="bot"] a.cite'))
    box = driver.find_element(By.CSS_SELECTOR, "#question textarea")
    box.send_keys(question)
    wait.until(lambda d: box.get_attribute("value") == question)
    driver.find_element(By.CSS_SELECTOR, "#ask").click()
    wait.until(lambda d: d.execute_script("return window.__listTimer.end !== null"))
    timer = driver.execute_script("return window.__listTimer")
    return (timer["end"] - timer["start"]) / 1000, timer["text"]


def test_list_answers_render_whole_within_the_limit(planbot, browser):  # noqa: F811
    from app import create_app
    driver, _ = browser
    seconds = []
    with serving(create_app(planbot)) as url:
        wait = _open(driver, url)
        driver.execute_script(TIMER)
        for _ in range(ROUNDS):
            for question in LISTS:
                took, text = _ask_timed(driver, wait, question)
                whole = planbot.ask(question)
                markers = re.findall(r"\[\d+\]", text)
                assert len(markers) == len(whole.citations) > 0, (question, text)  # whole at the first paint
                assert text.count("\n") <= 40, text  # fits about a screen, not tens of lines per plan
                seconds.append(took)
        shot(driver, "list-answer.png")
    p50 = statistics.median(seconds)
    p95 = sorted(seconds)[min(len(seconds) - 1, round(0.95 * (len(seconds) - 1)))]
    print(f"\nlist answers, click to rendered answer: n={len(seconds)} p50={p50:.3f}s p95={p95:.3f}s "
          f"max={max(seconds):.3f}s")
    assert p95 < P95_LIMIT_S, seconds


def _stays_filtered(driver, link, settle_s: float = 3.0) -> None:
    """The task tab shows the link's list and still shows it a while later: a table drawn from filters
    read back before the dropdowns took the link's values arrived last and showed every plan (CI,
    2026-12-07), so reaching the right count once is not enough."""
    import time

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def count(d) -> str:
        found = d.find_elements(By.CSS_SELECTOR, "#t-count")
        return found[0].text if found and found[0].is_displayed() else ""
    want = f"{link.total} nhiệm vụ trong 1 kế hoạch"
    seen = []
    WebDriverWait(driver, 30).until(lambda d: seen.append(count(d)) or want in seen[-1],
                                    message=f"{want!r} never shown; last: {seen[-3:]}")
    end = time.monotonic() + settle_s
    while time.monotonic() < end:
        assert want in count(driver), (want, count(driver))
        time.sleep(0.1)
    assert driver.find_element(By.CSS_SELECTOR, "#t-plan input").get_attribute("value") == link.name


def test_a_blocks_link_opens_the_whole_list_in_the_task_tab_and_keeps_the_chat(planbot, browser):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    from app import create_app
    driver, _ = browser
    answer = planbot.ask(LISTS[0])
    link = answer.lists[0]
    assert link.total > link.shown
    with serving(create_app(planbot)) as url:
        wait = _open(driver, url)
        driver.find_element(By.CSS_SELECTOR, "#question textarea").send_keys(LISTS[0])
        driver.find_element(By.CSS_SELECTOR, "#ask").click()
        first = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#chat a.task-link")))
        assert f"Xem đủ {link.total} nhiệm vụ" in first.text
        first.click()
        _stays_filtered(driver, link)
        shot(driver, "list-link-tasks.png")
        driver.find_element(By.XPATH, "//button[@role='tab' and contains(., 'Hỏi đáp')]").click()
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#chat a.task-link").is_displayed())  # the chat is kept


def test_a_blocks_address_opened_on_its_own_shows_the_same_filtered_tab(planbot, browser):  # noqa: F811
    from app import create_app
    driver, _ = browser
    link = planbot.ask(LISTS[0]).lists[0]
    with serving(create_app(planbot)) as url:
        driver.get(url + "/" + link.url)  # a new tab, an API client's URL
        _stays_filtered(driver, link)
