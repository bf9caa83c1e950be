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
from ingest.parse import parse_document
from ingest.pipeline import ingest_paths
from ingest.read import read_document
from tests.conftest import KIEN_GIANG, KIEN_HAI, NGHE_AN, PLANS_DIR

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def cached_vectors(path) -> int:
    try:
        with sqlite3.connect(path) as db:
            return db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0]
    except sqlite3.Error:
        return 0


# Three of the bundled plans, the shortest first (a plan indexed whole before the kill, the next cut in the
# middle of its embedding, the last untouched); the whole folder cost CI ~120 s of embedding here.
PLANS = {"a.txt": NGHE_AN, "b.txt": KIEN_HAI, "c.txt": KIEN_GIANG}  # 37, 69 and 107 chunks
KILL_AFTER = 60  # vectors cached when the ingest is killed


def _plans(folder):
    folder.mkdir()
    for name, bundled in PLANS.items():
        (folder / name).write_bytes((PLANS_DIR / bundled).read_bytes())
    return folder


def test_killed_ingest_leaves_a_usable_index_and_the_next_run_completes(tmp_path):
    plans = _plans(tmp_path / "plans")
    settings = Settings(plans_dir=plans, index_dir=tmp_path / "index", cache_dir=tmp_path / "cache",
                        show_progress=False)
    env = dict(os.environ, PLANBOT_PLANS_DIR=str(plans), PLANBOT_INDEX_DIR=str(settings.index_dir), PLANBOT_CACHE_DIR=str(settings.cache_dir),
               PLANBOT_SHOW_PROGRESS="false")
    child = subprocess.Popen([sys.executable, "-m", "cli", "ingest"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 240
    while cached_vectors(settings.cache_dir / "embeddings.sqlite") < KILL_AFTER and time.time() < deadline:
        time.sleep(0.5)
    child.kill()  # in the middle: some plans indexed, one half-embedded, the rest untouched
    child.wait()
    before = cached_vectors(settings.cache_dir / "embeddings.sqlite")

    expected = {c.id for p in sorted(plans.iterdir()) for c in chunk_document(parse_document(read_document(p)))}
    index = open_index(settings)
    partial = {c.id for c in index.all_chunks()}
    assert partial < expected  # usable, consistent, and really interrupted
    report = ingest_paths([plans], index, settings)
    assert not report.errors and {c.id for c in index.all_chunks()} == expected
    # chunks indexed, or vectors cached, before the kill are not computed again
    assert report.embedded <= len(expected) - before, (report.embedded, report.cached, before, len(expected))
