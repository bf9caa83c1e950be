"""A killed ingest (power cut, OOM, Ctrl-C) leaves a usable index, and the next ingest completes it."""
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from core.settings import Settings
from ingest.chunk import chunk_document
from ingest.index import open_index
from ingest.pipeline import ingest_paths
from tests.conftest import PLANS_DIR

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def cached_vectors(path) -> int:
    try:
        with sqlite3.connect(path) as db:
            return db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_killed_ingest_leaves_a_usable_index_and_the_next_run_completes(tmp_path, parsed):
    settings = Settings(plans_dir=PLANS_DIR, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache",
                        show_progress=False)
    env = dict(os.environ, PLANBOT_INDEX_DIR=str(settings.index_dir), PLANBOT_CACHE_DIR=str(settings.cache_dir),
               PLANBOT_SHOW_PROGRESS="false")
    child = subprocess.Popen([sys.executable, "-m", "cli", "ingest"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 240
    while cached_vectors(settings.cache_dir / "embeddings.sqlite") < 150 and time.time() < deadline:
        time.sleep(0.5)
    child.kill()  # in the middle: some plans indexed, one half-embedded, the rest untouched
    child.wait()

    expected = {c.id for doc in parsed.values() for c in chunk_document(doc)}
    index = open_index(settings)
    partial = {c.id for c in index.all_chunks()}
    assert partial < expected  # usable, consistent, and really interrupted
    report = ingest_paths([PLANS_DIR], index, settings)
    assert not report.errors and {c.id for c in index.all_chunks()} == expected
    kept = sum(r.result.unchanged for r in report.rows) + report.cached
    assert kept >= 100  # chunks indexed, or vectors cached, before the kill were not computed again
