"""Load shedding on /ask over real HTTP: a bounded number in flight, a bounded line, a clear 429 beyond."""

import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

import bot.service
from bot.serving.admission import Admission, BusyError
from bot.serving.api import create_api
from bot.service import Planbot
from tests.bot.server import serving

pytestmark = pytest.mark.integration
ERROR_KEYS = {"code", "message_vi", "message_en", "hint_vi", "hint_en", "file"}
QUESTION = {"question": "Ai chủ trì đề án cấp cứu ngoại viện ở An Giang?"}


def limited(test_settings, indexed, **limits) -> Planbot:
    return Planbot(test_settings.model_copy(update=limits), index=indexed[0])


def assert_busy(response) -> None:
    assert response.status_code == 429, response.text
    assert int(response.headers["Retry-After"]) >= 1
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == ERROR_KEYS
    assert body["error"]["code"] == "too_many_questions"
    assert "câu hỏi" in body["error"]["message_vi"] and "questions" in body["error"]["message_en"]


def test_a_full_line_is_answered_429_and_the_admitted_questions_are_answered(test_settings, indexed, monkeypatch):
    """One answer running (held until released), one waiting: the third question is refused at once."""
    release, started = threading.Event(), threading.Semaphore(0)
    real_answer = bot.service.answer

    def held(*args, **kw):  # the real answer, started only when the test says so
        started.release()
        assert release.wait(30)
        return real_answer(*args, **kw)

    monkeypatch.setattr(bot.service, "answer", held)
    planbot = limited(test_settings, indexed, answer_workers=1, answer_queue=1, answer_wait_seconds=30)
    with serving(create_api(planbot)) as url, httpx.Client(base_url=url, timeout=60) as http, \
            ThreadPoolExecutor(2) as pool:
        running = pool.submit(http.post, "/ask", json=QUESTION)
        assert started.acquire(timeout=30)  # the first holds the only worker
        waiting = pool.submit(http.post, "/ask", json=QUESTION)
        while planbot.admission.waiting < 1:  # the second is in line
            threading.Event().wait(0.01)
        assert_busy(http.post("/ask", json=QUESTION))
        release.set()
        for future in (running, waiting):
            assert future.result().status_code == 200 and future.result().json()["answerable"]
        assert http.post("/ask", json=QUESTION).status_code == 200  # the line is free again


def test_a_question_that_waits_too_long_is_refused_not_left_hanging():
    admission = Admission(slots=1, queue=5, wait_seconds=0.05)
    with admission.slot():
        with pytest.raises(BusyError) as refused:
            with admission.slot():
                pass
    assert refused.value.retry_after >= 1 and admission.running == admission.waiting == 0
    with admission.slot():  # both places were given back
        assert admission.running == 1


def test_many_real_askers_get_answers_or_429_and_never_500(test_settings, indexed):
    """The real answer on a real server with a tiny bound: every reply is an answer or a well-formed 429."""
    planbot = limited(test_settings, indexed, answer_workers=1, answer_queue=1)
    with serving(create_api(planbot)) as url, httpx.Client(base_url=url, timeout=60) as http, \
            ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(lambda _: http.post("/ask", json=QUESTION), range(16)))
    assert {r.status_code for r in replies} <= {200, 429}
    assert any(r.status_code == 200 for r in replies)
    for r in replies:
        if r.status_code == 429:
            assert_busy(r)
    assert planbot.admission.running == planbot.admission.waiting == 0


def test_the_line_is_first_come_first_served():
    """A freed slot goes to the oldest waiter, never to a question that arrived later."""
    admission, order, lock = Admission(slots=1, queue=3, wait_seconds=30), [], threading.Lock()
    gate = admission.slot()
    gate.__enter__()

    def ask(n: int) -> None:
        with admission.slot():
            with lock:
                order.append(n)

    threads = []
    for n in range(3):
        threads.append(threading.Thread(target=ask, args=(n,)))
        threads[-1].start()
        while admission.waiting < n + 1:
            threading.Event().wait(0.005)
    gate.__exit__(None, None, None)
    for t in threads:
        t.join(10)
    assert order == [0, 1, 2] and admission.running == admission.waiting == 0
