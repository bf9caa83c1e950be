"""A short bounded load (loopback only) with a concurrent re-ingest: no errors, index intact.
The full run (1-50 askers, three conditions) is bench/load.py."""
import pytest

import itertools

from bench.load import QUESTIONS, run_level
from bot.serving.api import create_api
from tests.bot.server import serving
from tests.conftest import PLANS_DIR

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_concurrent_asks_during_an_ingest(planbot):
    import threading
    before = {c.id for c in planbot.index.all_chunks()}
    with serving(create_api(planbot)) as url:
        ingest = threading.Thread(target=lambda: planbot.ingest([PLANS_DIR]))
        ingest.start()
        result = run_level(url, clients=8, seconds=8, questions=itertools.cycle(QUESTIONS))
        ingest.join()
    assert result["errors"] == {} and result["answers"] > 8  # 8 askers fit the default line: no 429
    assert {c.id for c in planbot.index.all_chunks()} == before
