"""A write reported failed is never found applied after a restart (issue 24, item 4c): the disk fills
while an upload is written (simulated: keeping the file raises ENOSPC once the plan is in the index,
and the disk then reads as full or not), and the index is opened again by a new `planbot` process."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ingest.lock
from bot.service import Planbot
from core.errors import StorageError
from tests.conftest import KIEN_HAI, PLANS_DIR

pytestmark = [pytest.mark.integration, pytest.mark.slow]
NOTHING_CHANGED = "Nothing was changed"


def listed_after_restart(settings) -> list[str]:
    """The plans a new process finds in the index (a restart: nothing of this process's state)."""
    env = dict(os.environ, PLANBOT_INDEX_DIR=str(settings.index_dir), PLANBOT_CACHE_DIR=str(settings.cache_dir),
               PLANBOT_SHOW_PROGRESS="false")
    done = subprocess.run([sys.executable, "-m", "cli", "documents"], env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.parametrize("disk_full_after", [True, False], ids=["disk-then-full", "only-the-file"])
def test_a_failed_upload_is_not_found_after_a_restart(tmp_path, test_settings, indexed, monkeypatch,
                                                               disk_full_after):
    settings = test_settings.model_copy(update={"index_dir": tmp_path / "index", "upload_dir": tmp_path / "up"})
    bot = Planbot(settings)
    full = {"now": False}
    real_replace = Path.replace

    def replace(self, target):
        if Path(target).parent == Path(settings.upload_dir):  # keeping the upload: the plan is indexed by now
            full["now"] = disk_full_after
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(self, target)
    real_free = ingest.lock._free_mb
    monkeypatch.setattr(Path, "replace", replace)
    monkeypatch.setattr(ingest.lock, "_free_mb", lambda folder: 0.0 if full["now"] else real_free(folder))
    with pytest.raises(StorageError) as failed:
        bot.ingest_upload(KIEN_HAI, (PLANS_DIR / KIEN_HAI).read_bytes())
    monkeypatch.undo()
    after = listed_after_restart(settings)
    found = any(KIEN_HAI in line for line in after)
    assert not (found and NOTHING_CHANGED in failed.value.en), (failed.value.en, after)  # the reply told the truth
    assert found == (KIEN_HAI in {d["source"] for d in bot.documents()})  # and this process agrees with the disk
    assert not found and NOTHING_CHANGED in failed.value.en  # taking back what it added needs no free space
