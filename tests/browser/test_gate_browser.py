"""The key in a real browser: log in, use the Gradio UI, survive a page on another port of the same
host that posts with the browser's cookie, and log out. Headless Chromium, real uvicorn."""
import json
import time

import httpx
import pytest

from tests.bot.server import serving
from tests.browser.test_ui_browser import ask_in_chat, browser, shot  # noqa: F401 (browser is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.integration]
KEY = "khóa-bí-mật-2026"  # non-ASCII on purpose: typed into the login form by the browser


def attacker_app(target: str, plan_name: str, plan_text: str):
    """A page on another port: on load it uploads a plan to `target` with the browser's cookie (fetch
    no-cors, as any page can), then offers a plain form that posts to `target`'s /logout."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route
    page = f"""<!doctype html><html><body><p id="state">sending</p>
<form id="out" method="post" action="{target}/logout"><button id="go">go</button></form>
<script>
const body = new FormData();
body.append("file", new Blob([{json.dumps(plan_text)}], {{type: "text/plain"}}), {json.dumps(plan_name)});
Promise.allSettled([
  fetch("{target}/documents?replace=true&wait=true", {{method: "POST", mode: "no-cors", credentials: "include", body}}),
  fetch("{target}/gradio_api/upload", {{method: "POST", mode: "no-cors", credentials: "include", body}}),
]).then(() => document.getElementById("state").textContent = "sent");
</script></body></html>"""
    return Starlette(routes=[Route("/", lambda request: HTMLResponse(page))])


def test_login_ui_cross_port_page_and_logout_in_a_real_browser(indexed, test_settings, browser, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    from app import create_app
    from bot.service import Planbot
    from ingest.lock import index_version
    from tests.conftest import AN_GIANG, PLANS_DIR
    driver, _ = browser
    settings = test_settings.model_copy(update={"api_key": KEY, "upload_dir": tmp_path / "uploads"})
    with serving(create_app(Planbot(settings, index=indexed[0]))) as url:
        wait = WebDriverWait(driver, 90)
        driver.get(url)
        wait.until(EC.element_to_be_clickable((By.ID, "key"))).send_keys(KEY)
        driver.find_element(By.ID, "login").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#question textarea")))
        cookie = driver.get_cookie("planbot_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        ask_in_chat(driver, url, "Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?", "Quý II/2026")  # Gradio's POSTs pass

        before, version = httpx.get(url + "/documents", headers={"X-API-Key": KEY.encode()}).json(), \
            index_version(settings.index_dir)
        plan_text = (PLANS_DIR / AN_GIANG).read_text(encoding="utf-8").replace("Quý II/2026", "Quý IV/2099")
        with serving(attacker_app(url, AN_GIANG, plan_text)) as evil:
            assert evil.rsplit(":", 1)[0] == url.rsplit(":", 1)[0]  # same host, another port
            driver.get(evil)
            wait.until(lambda d: d.find_element(By.ID, "state").text == "sent")
            time.sleep(1)
            assert httpx.get(url + "/documents", headers={"X-API-Key": KEY.encode()}).json() == before
            assert index_version(settings.index_dir) == version
            assert [p for p in (tmp_path / "uploads").rglob("*") if p.is_file()] == []
            driver.find_element(By.ID, "go").click()  # a plain form post with the cookie: refused
            wait.until(lambda d: "forbidden_origin" in d.page_source)
            shot(driver, "cross-port-refused.png")

        ask_in_chat(driver, url, "Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?", "Quý II/2026")  # still logged in
        wait.until(EC.element_to_be_clickable((By.ID, "logout-button"))).click()
        wait.until(EC.presence_of_element_located((By.ID, "key")))
        driver.get(url)
        wait.until(EC.presence_of_element_located((By.ID, "key")))  # the session is gone
        assert "/login" in driver.current_url
