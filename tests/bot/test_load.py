"""A short bounded load (loopback only) with a concurrent re-ingest: no errors, index intact.
The full 20-client, 60-second run is bench/load.py."""
import pytest

from bench.load import run_load
from bot.api import create_api
from tests.bot.server import serving
from tests.conftest import PLANS_DIR

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_concurrent_asks_during_an_ingest(planbot):
    import threading
    before = {c.id for c in planbot.index.all_chunks()}
    with serving(create_api(planbot)) as url:
        ingest = threading.Thread(target=lambda: planbot.ingest([PLANS_DIR]))
        ingest.start()
        result = run_load(url, clients=8, seconds=8, max_requests=400)
        ingest.join()
    assert result["errors"] == 0 and result["requests"] > 8
    assert {c.id for c in planbot.index.all_chunks()} == before
