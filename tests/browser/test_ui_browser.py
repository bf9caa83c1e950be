"""The real Gradio app in headless Chromium: ask, see the cited answer, open the source, filter the
task explorer, download the CSV. Screenshots go to test-artifacts/screenshots/."""
import os
import re
import shutil
import time
from contextlib import contextmanager

import pytest

from core.settings import PROJECT_ROOT
from tests.bot.server import serving

pytestmark = [pytest.mark.browser, pytest.mark.integration]
SHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
CHROME_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
               "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--window-size=1400,1100"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        message = "Debian packages chromium and chromium-driver are needed (make test installs them as root)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must never fetch a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    downloads = tmp_path_factory.mktemp("downloads")
    options = Options()
    options.binary_location = chromium
    for arg in CHROME_ARGS + [f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}"]:
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    yield driver, downloads
    driver.quit()


def ask_in_chat(driver, url: str, question: str, shown: str):
    """Open the UI, ask in the chat, wait until the answer shows `shown`; returns (wait, question box)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
    driver.get(url)
    wait = WebDriverWait(driver, 90)
    box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#question textarea")))
    box.send_keys(question)
    driver.find_element(By.CSS_SELECTOR, "#ask").click()
    wait.until(lambda d: shown in d.find_element(By.CSS_SELECTOR, "#chat").text)
    return wait, box


def two_questions(driver, url: str, follow_up: str, shown: str):
    """Ask about An Giang's cấp cứu ngoại viện, then `follow_up`; wait for `shown`. Returns the wait."""
    from selenium.webdriver.common.by import By
    wait, box = ask_in_chat(driver, url, "Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?", "Quý II/2026")
    box.send_keys(follow_up)
    driver.find_element(By.CSS_SELECTOR, "#ask").click()
    wait.until(lambda d: shown in d.find_element(By.CSS_SELECTOR, "#chat").text)
    return wait


WIDTHS = [(1440, 900), (400, 800)]  # a desktop and a phone


@contextmanager
def sized(driver, width: int, height: int):
    driver.set_window_size(width, height)
    try:
        yield
    finally:
        driver.set_window_size(1400, 1100)


def shot(driver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SHOTS / name))


def test_ask_open_source_filter_tasks_and_download_csv(planbot, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    from app import create_app
    driver, downloads = browser
    with serving(create_app(planbot)) as url:
        wait, box = ask_in_chat(driver, url, "Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?", "Quý II/2026")
        chat = lambda: driver.find_element(By.CSS_SELECTOR, "#chat").text  # noqa: E731
        assert "Sở Y tế chủ trì" in chat() and "[1]" in chat()

        summary = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#src-1-1 summary")))
        summary.click()
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#src-1-1").get_attribute("open") is not None)
        source = driver.find_element(By.CSS_SELECTOR, "#src-1-1").text
        assert "Cơ quan chủ trì" in source and "Kế hoạch 186/KH-UBND – An Giang, nhiệm vụ 18" in source
        assert "task:18" not in source and "Tệp gốc" in source  # the file and ref only on demand
        shot(driver, "chat.png")

        box.send_keys("Còn ở Quảng Ngãi thì sao?")  # a follow-up resolved against the previous question
        driver.find_element(By.CSS_SELECTOR, "#ask").click()
        wait.until(lambda d: "Từ năm 2026" in chat() and "07/KH-UBND" in chat())

        driver.find_element(By.XPATH, "//button[@role='tab' and contains(., 'Tra cứu nhiệm vụ')]").click()
        search = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#t-search textarea")))
        search.send_keys("cap cuu ngoai vien")
        table = lambda: driver.find_element(By.CSS_SELECTOR, "#t-table").text  # noqa: E731
        wait.until(lambda d: "cấp cứu ngoại viện" in table() and "Truyền thông" not in table())
        edges = driver.execute_script(  # every column readable without scrolling sideways
            "const h=[...document.querySelectorAll('#t-table th')].filter(e=>e.innerText.includes('Thời gian'));"
            "return [h.length ? h[0].getBoundingClientRect().right : 1e9, window.innerWidth];")
        assert edges[0] <= edges[1], edges
        shot(driver, "task-explorer.png")

        time.sleep(1)  # the export files are prepared by the same change event
        driver.find_element(By.CSS_SELECTOR, "#t-csv").click()
        wait.until(lambda d: any(p.suffix == ".csv" for p in downloads.iterdir()))
        csv_file = next(p for p in downloads.iterdir() if p.suffix == ".csv")
        lines = csv_file.read_text(encoding="utf-8-sig").strip().splitlines()
        assert lines[0].startswith("Kế hoạch,Tỉnh") and 2 <= len(lines) - 1 <= 5
        assert f"{len(lines) - 1} nhiệm vụ" in driver.find_element(By.CSS_SELECTOR, "#t-count").text  # the row count
        assert all("cấp cứu ngoại viện" in line for line in lines[1:])


@pytest.mark.parametrize("width,height", WIDTHS)
def test_a_citation_marker_opens_its_own_answers_source(planbot, browser, width, height):
    """[1] opens and scrolls to that answer's source, on a desktop and on a phone; after a follow-up
    the first answer's [1] still opens the first answer's source, not the newest one's."""
    from selenium.webdriver.common.by import By

    from app import create_app
    driver, _ = browser
    driver.set_window_size(width, height)
    try:
        with serving(create_app(planbot)) as url:
            wait = two_questions(driver, url, "Còn ở Quảng Ngãi thì sao?", "Từ năm 2026")
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#src-2-1"))
            first = driver.find_elements(By.CSS_SELECTOR, "#chat a.cite")[0]  # the first answer's [1]
            driver.execute_script("arguments[0].click();", first)
            source = driver.find_element(By.CSS_SELECTOR, "#src-1-1")
            wait.until(lambda d: source.get_attribute("open") is not None)
            assert "186/KH-UBND" in source.text and "07/KH-UBND" not in source.text
            assert driver.find_element(By.CSS_SELECTOR, "#src-2-1").get_attribute("open") is None
            top = lambda: driver.execute_script("return arguments[0].getBoundingClientRect().top;", source)  # noqa: E731
            assert 0 <= top() < height, "the opened source is scrolled into view"
            time.sleep(0.6)  # and stays there: the answer's own scroll to its start must not take it away
            assert 0 <= top() < height, "the opened source stays in view"
            assert "#src" not in driver.current_url
            shot(driver, f"chat-source-{width}.png")
    finally:
        driver.set_window_size(1400, 1100)


@pytest.mark.parametrize("width,height", WIDTHS)
def test_thumbs_up_saves_feedback_with_a_vietnamese_confirmation(indexed, test_settings, browser, tmp_path, width, height):
    """Clicking the thumb under an answer appends it to PLANBOT_FEEDBACK_PATH and says so in Vietnamese."""
    import json

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    from app import create_app
    from bot.service import Planbot
    feedback = tmp_path / "feedback.jsonl"
    bot = Planbot(test_settings.model_copy(update={"feedback_path": feedback}), index=indexed[0])
    driver, _ = browser
    with sized(driver, width, height), serving(create_app(bot)) as url:
        wait, _ = ask_in_chat(driver, url, "Ai chủ trì đề án cấp cứu ngoại viện ở Kiên Hải?", "Quý II/2026")
        # The answer arrives in one piece, then the sources panel is filled: a thumb clicked before that may
        # be re-rendered by the panel's update and lost, so the click waits for the panel.
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#src-1-1")))
        like = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#chat button[aria-label='Câu trả lời hữu ích']")))
        like.click()
        wait.until(lambda d: feedback.exists() and feedback.read_text(encoding="utf-8").strip())
        record = json.loads(feedback.read_text(encoding="utf-8").splitlines()[-1])
        assert record["liked"] is True and "Kiên Hải" in record["question"] and "Trung tâm Y tế" in record["answer"]
        assert record["citations"][0]["ref"] == "task:18" and record["citations"][0]["source"].startswith("002_")
        wait.until(lambda d: "Cảm ơn" in d.find_element(By.TAG_NAME, "body").text)
        assert "NoneType" not in driver.find_element(By.TAG_NAME, "body").text


@pytest.mark.parametrize("width,height", WIDTHS)
def test_the_page_is_vietnamese_with_a_welcome_and_no_gradio_footer(planbot, browser, width, height):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from app import create_app
    driver, _ = browser
    with sized(driver, width, height), serving(create_app(planbot)) as url:
        driver.get(url)
        wait = WebDriverWait(driver, 90)
        wait.until(lambda d: "Xin chào" in d.find_element(By.TAG_NAME, "body").text)
        assert driver.execute_script("return document.documentElement.lang") == "vi"
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "Built with Gradio" not in body and "Use via API" not in body and "Settings" not in body
        shot(driver, "welcome.png" if width > 1000 else f"welcome-{width}.png")
        examples = [b for b in driver.find_elements(By.TAG_NAME, "button") if b.text.startswith(
            ("Ai chủ trì", "Sở Y tế chủ trì", "Số bác sĩ", "Kinh phí"))]
        assert len(examples) >= 3  # example questions to click
        driver.execute_script("arguments[0].click();", examples[0])
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#question textarea").get_attribute("value")
                   == examples[0].text)


@pytest.mark.parametrize("width,height", WIDTHS)
def test_gradio_own_strings_are_vietnamese_even_in_an_english_browser(planbot, browser, width, height):
    """The upload box and the thumbs' tooltips come from Gradio; the headless browser's locale is English."""
    from selenium.webdriver.common.by import By

    from app import create_app
    driver, _ = browser
    with sized(driver, width, height), serving(create_app(planbot)) as url:
        wait, _ = ask_in_chat(driver, url, "Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?", "Quý II/2026")
        labels = lambda: " ".join((b.get_attribute("aria-label") or "") + " " + (b.get_attribute("title") or "")  # noqa: E731
                                  for b in driver.find_elements(By.CSS_SELECTOR, "#chat button"))
        wait.until(lambda d: "Câu trả lời hữu ích" in labels())
        assert "Like" not in labels().split() and "Dislike" not in labels()
        driver.find_element(By.XPATH, "//button[@role='tab' and contains(., 'Kế hoạch')]").click()
        upload = lambda: driver.find_element(By.CSS_SELECTOR, "#p-upload").text  # noqa: E731
        wait.until(lambda d: "Thả tệp vào đây" in upload())
        assert "Drop File Here" not in upload() and "Click to Upload" not in upload()


@pytest.mark.parametrize("width,height", WIDTHS)
def test_removing_a_plan_asks_first_and_names_it(indexed, test_settings, browser, tmp_path, width, height):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from app import create_app
    from bot.service import Planbot
    from ingest.index import open_index
    from ingest.pipeline import ingest_paths
    from tests.conftest import KIEN_HAI, PLANS_DIR
    settings = test_settings.model_copy(update={"index_dir": tmp_path / "index"})
    index = open_index(settings)
    ingest_paths([PLANS_DIR / KIEN_HAI], index, settings)
    driver, _ = browser
    with sized(driver, width, height), serving(create_app(Planbot(settings, index=index))) as url:
        driver.get(url)
        wait = WebDriverWait(driver, 90)
        wait.until(EC.element_to_be_clickable((By.XPATH, "//button[@role='tab' and contains(., 'Kế hoạch')]"))).click()
        wait.until(lambda d: "Kiên Hải" in d.find_element(By.CSS_SELECTOR, "#p-table").text)
        time.sleep(1)  # the tab's refresh of the lists is done
        box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#p-remove input")))
        assert box.get_attribute("value") == ""  # nothing pre-selected
        box.click()
        box.send_keys("Kiên Hải")
        box.send_keys(Keys.ENTER)
        wait.until(lambda d: "Kiên Hải" in box.get_attribute("value") and "dự thảo" in box.get_attribute("value"))
        shot(driver, f"plans-{width}.png")
        driver.find_element(By.CSS_SELECTOR, "#p-remove-btn").click()
        alert = wait.until(EC.alert_is_present())
        assert KIEN_HAI in alert.text and "không hoàn tác" in alert.text
        assert re.search(r"Kế hoạch \(dự thảo, chưa có số\) – Kiên Hải, An Giang .*tệp " + re.escape(KIEN_HAI),
                         alert.text), alert.text  # the plan in words: số hiệu (or dự thảo), province; file last
        alert.dismiss()
        time.sleep(1)
        assert [d["source"] for d in Planbot(settings, index=index).documents()] == [KIEN_HAI]
        driver.find_element(By.CSS_SELECTOR, "#p-remove-btn").click()
        wait.until(EC.alert_is_present()).accept()
        wait.until(lambda d: "Đã xoá" in d.find_element(By.CSS_SELECTOR, "#p-status").text)
        assert "Kiên Hải" in driver.find_element(By.CSS_SELECTOR, "#p-status").text
        assert index.ids_of(KIEN_HAI) == set()


@pytest.mark.parametrize("width,height", WIDTHS)
def test_place_and_plan_lists_follow_the_index(indexed, test_settings, browser, tmp_path, width, height):
    """A plan ingested from a shell shows in the filter lists at the next tab change; one removed in
    the UI leaves them at once."""
    from selenium.common.exceptions import ElementClickInterceptedException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from app import create_app
    from bot.service import Planbot
    from ingest.index import open_index
    from ingest.pipeline import ingest_paths
    from tests.conftest import NGHE_AN, PLANS_DIR, QUANG_NGAI
    settings = test_settings.model_copy(update={"index_dir": tmp_path / "index"})
    index = open_index(settings)
    ingest_paths([PLANS_DIR / NGHE_AN], index, settings)
    driver, _ = browser

    def options(css: str) -> str:
        box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, f"{css} input")))
        box.click()
        text = " | ".join(li.text for li in driver.find_elements(By.CSS_SELECTOR, "ul.option-list li"))
        driver.find_element(By.TAG_NAME, "h2").click()  # close the list
        return text

    def tab(name: str) -> None:
        driver.find_element(By.XPATH, f"//button[@role='tab' and contains(., '{name}')]").click()

    with sized(driver, width, height), serving(create_app(Planbot(settings, index=index))) as url:
        driver.get(url)
        # while the tab refreshes, Gradio's loading overlay may take a click: try again, as a user would
        wait = WebDriverWait(driver, 90, ignored_exceptions=[ElementClickInterceptedException])
        assert "Nghệ An" in options("#f-place") and "Quảng Ngãi" not in options("#f-place")
        ingest_paths([PLANS_DIR / QUANG_NGAI], open_index(settings), settings)  # `planbot ingest` in a shell
        tab("Tra cứu nhiệm vụ")
        wait.until(lambda d: "Quảng Ngãi" in options("#t-place"))
        tab("Kế hoạch")
        wait.until(lambda d: "Quảng Ngãi" in d.find_element(By.CSS_SELECTOR, "#p-table").text)
        time.sleep(1)  # the tab's refresh has re-drawn the lists
        box = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#p-remove input")))
        box.click()
        option = wait.until(lambda d: next((li for li in d.find_elements(By.CSS_SELECTOR, "ul.option-list li")
                                            if "Quảng Ngãi" in li.text), None))  # the list may still be refreshing
        option.click()
        driver.find_element(By.CSS_SELECTOR, "#p-remove-btn").click()
        wait.until(EC.alert_is_present()).accept()
        wait.until(lambda d: "Đã xoá" in d.find_element(By.CSS_SELECTOR, "#p-status").text)
        tab("Hỏi đáp")
        wait.until(lambda d: "Quảng Ngãi" not in options("#f-place"))
        assert "Nghệ An" in options("#f-place")



LAST_ANSWER = """const bots = document.querySelectorAll('#chat [data-testid="bot"]'); const last = bots[bots.length - 1];
const r = last.getBoundingClientRect(), box = document.querySelector('#chat').getBoundingClientRect();
return [last.innerText.slice(0, 40), r.top, box.top, box.bottom];"""


@pytest.mark.parametrize("width,height", WIDTHS)
def test_a_passage_source_shows_the_whole_paragraph_with_the_quote_marked(planbot, browser, width, height):
    from selenium.webdriver.common.by import By

    from app import create_app
    driver, _ = browser
    with sized(driver, width, height), serving(create_app(planbot)) as url:
        wait, _ = ask_in_chat(driver, url, "Báo cáo quý của kế hoạch Kiên Hải phải gửi trước ngày nào?", "ngày 10")
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#src-1-1"))
        driver.execute_script("arguments[0].click();", driver.find_elements(By.CSS_SELECTOR, "#chat a.cite")[0])
        source = driver.find_element(By.CSS_SELECTOR, "#src-1-1")
        wait.until(lambda d: source.get_attribute("open") is not None)
        marked = [m.text for m in source.find_elements(By.TAG_NAME, "mark")]
        assert any("Báo cáo quý" in m for m in marked)  # the quoted sentence, marked
        assert "Báo cáo năm" in source.text and "Phòng Văn hóa - Xã hội" in source.text  # the rest of the paragraph


@pytest.mark.parametrize("width,height", WIDTHS)
def test_a_long_answer_is_shown_from_its_start(planbot, browser, width, height):
    """After a follow-up whose answer is longer than the chat box, its first line ('Có 4 kế hoạch …')
    is in sight, in the chat box and on the page, not its last line."""
    from selenium.webdriver.common.by import By

    from app import create_app
    driver, _ = browser
    driver.set_window_size(width, height)
    try:
        with serving(create_app(planbot)) as url:
            two_questions(driver, url, "Ai chủ trì đề án cấp cứu ngoại viện và hạn khi nào?", "[4]")
            time.sleep(1)  # the scroll runs once the answer is complete
            text, top, box_top, box_bottom = driver.execute_script(LAST_ANSWER)
            assert text.startswith("Có 4 kế hoạch")
            assert box_top - 2 <= top < box_bottom - 20 and -2 <= top < height - 20, (top, box_top, box_bottom)
            shot(driver, f"chat-long-answer-{width}.png")
    finally:
        driver.set_window_size(1400, 1100)


@pytest.mark.parametrize("width,height", WIDTHS)
def test_a_task_opens_its_source_as_a_row_on_a_desktop_and_as_a_card_on_a_phone(planbot, browser, width, height):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    from app import create_app
    driver, _ = browser
    driver.set_window_size(width, height)
    try:
        with serving(create_app(planbot)) as url:
            driver.get(url)
            from selenium.webdriver.support.ui import WebDriverWait
            wait = WebDriverWait(driver, 90)
            wait.until(EC.element_to_be_clickable((By.XPATH, "//button[@role='tab' and contains(., 'Tra cứu nhiệm vụ')]"))).click()
            search = wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, "#t-search textarea")))
            search.send_keys("cap cuu ngoai vien")
            visible = lambda css: driver.find_element(By.CSS_SELECTOR, css).is_displayed()  # noqa: E731
            if width >= 1000:
                wait.until(lambda d: "Truyền thông" not in d.find_element(By.CSS_SELECTOR, "#t-table").text)
                assert visible("#t-table") and not visible("#t-cards")
                cell = next(c for c in driver.find_elements(By.CSS_SELECTOR, "#t-table .cell-wrap")
                            if c.is_displayed() and "cấp cứu ngoại viện" in c.text)  # a task name cell
                cell.click()
                wait.until(lambda d: "Cơ quan chủ trì" in d.find_element(By.CSS_SELECTOR, "#t-source").text)
                source = driver.find_element(By.CSS_SELECTOR, "#t-source").text
                assert "cấp cứu ngoại viện" in source and "Tệp gốc" in source  # file and ref on demand
            else:
                wait.until(lambda d: "Truyền thông" not in d.find_element(By.CSS_SELECTOR, "#t-cards").text
                           and "cấp cứu ngoại viện" in d.find_element(By.CSS_SELECTOR, "#t-cards").text)
                assert visible("#t-cards") and not visible("#t-table")
                card = driver.find_elements(By.CSS_SELECTOR, "#t-cards details.t-card")[0]
                assert card.rect["x"] + card.rect["width"] <= width  # a card fits the phone's width
                card.find_element(By.CSS_SELECTOR, "summary").click()
                wait.until(lambda d: card.get_attribute("open") is not None)
                assert "Cơ quan chủ trì" in card.text and "Tệp gốc" in card.text
            chart = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#t-chart img"))[0]  # matplotlib's picture
            wait.until(lambda d: chart.size["width"] > 0)
            assert chart.rect["x"] + chart.size["width"] <= width + 1  # the whole chart on screen, phone too
            shot(driver, f"task-explorer-{width}.png")
    finally:
        driver.set_window_size(1400, 1100)


def test_an_upload_shows_what_was_read_and_a_plan_with_warnings_is_flagged(indexed, test_settings, browser, tmp_path):
    """Upload, in the Kế hoạch tab, a plan whose số hiệu line was lost: the tab says what was read
    (tables rows × columns → tasks) and the two warnings, the plan table flags it, and a click on a
    plan's row shows that plan's report."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from app import create_app
    from bot.service import Planbot
    from ingest.index import open_index
    from ingest.pipeline import ingest_paths
    from tests.conftest import AN_GIANG, KIEN_HAI, PLANS_DIR
    settings = test_settings.model_copy(update={"index_dir": tmp_path / "index", "upload_dir": tmp_path / "uploads"})
    index = open_index(settings)
    ingest_paths([PLANS_DIR / AN_GIANG], index, settings)
    text = (PLANS_DIR / KIEN_HAI).read_text(encoding="utf-8").replace("Kiên Hải", "Phú Quý")
    lost = tmp_path / "phu-quy.txt"
    lost.write_text("\n".join(line for line in text.split("\n") if not line.startswith("Số:")), encoding="utf-8")
    driver, _ = browser
    element = lambda css: driver.find_element(By.CSS_SELECTOR, css)  # noqa: E731
    bot = Planbot(settings, index=index)
    with serving(create_app(bot)) as url:
        driver.get(url)
        wait = WebDriverWait(driver, 240)
        wait.until(EC.element_to_be_clickable((By.XPATH, "//button[@role='tab' and contains(., 'Kế hoạch')]"))).click()
        wait.until(lambda d: "An Giang" in element("#p-table").text)
        element("#p-upload input[type=file]").send_keys(str(lost))
        wait.until(lambda d: "Đã thêm" in element("#p-status").text)
        assert "phu-quy.txt" in element("#p-status").text and "cảnh báo" in element("#p-status").text
        report = element("#p-report").text
        assert "Không đọc được số hiệu văn bản." in report and "Không đọc được ngày ban hành." in report
        assert "bảng nhiệm vụ, 38 dòng × 5 cột → 37 nhiệm vụ" in report and "UBND đặc khu Phú Quý" in report
        row = lambda has: next((r for r in driver.find_elements(By.CSS_SELECTOR, "#p-table .virtual-row")  # noqa: E731
                                if has in r.text), None)
        wait.until(lambda d: row("Phú Quý") and re.search(r"⚠ \d+ cảnh báo", row("Phú Quý").text))
        flagged = {d["source"]: d["warnings"] for d in bot.documents()}
        assert f"⚠ {flagged['phu-quy.txt']} cảnh báo" in row("Phú Quý").text and flagged["phu-quy.txt"] >= 2
        assert ("⚠" in row("186/KH-UBND").text) == bool(flagged[AN_GIANG])  # flagged only with warnings
        shot(driver, "plans-upload-report.png")
        row("186/KH-UBND").find_elements(By.CSS_SELECTOR, "[role=gridcell]")[0].click()
        wait.until(lambda d: "186/KH-UBND" in element("#p-report").text)
        assert "→ 50 nhiệm vụ" in element("#p-report").text
        assert ("Không có cảnh báo." in element("#p-report").text) == (not flagged[AN_GIANG])
        row("Phú Quý").find_elements(By.CSS_SELECTOR, "[role=gridcell]")[-1].click()  # the flag opens the warnings
        wait.until(lambda d: "Không đọc được số hiệu văn bản." in element("#p-report").text)
