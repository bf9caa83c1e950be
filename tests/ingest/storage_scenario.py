"""Real storage faults, run in a private mount namespace (`unshare -rm`) by test_storage_faults.py.

A tmpfs of a few MB holds the index and the upload folder; it is filled to the last ~150 KB, then made
read-only. Every step records what the assistant said and what the index and folders hold afterwards,
as JSON on stdout, so the test can check that a failure reported as failed did not happen.

    unshare -rm python -m tests.ingest.storage_scenario WORK_DIR EMBEDDING_CACHE_DIR
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

from bot.serving.api import create_api
from bot.service import Planbot
from core.errors import StorageError
from core.settings import Settings
from tests.bot.server import serving
from tests.conftest import AN_GIANG, KIEN_HAI, PLANS_DIR


def main(work: Path, cache: Path) -> dict:
    disk = work / "disk"
    disk.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(disk)], check=True)
    settings = Settings(plans_dir=PLANS_DIR, index_dir=disk / "index", upload_dir=disk / "uploads",
                        cache_dir=cache, show_progress=False)
    bot = Planbot(settings)
    bot.ingest([PLANS_DIR / KIEN_HAI])
    out: dict = {"before": _state(bot)}
    _fill(disk)
    out["ingest"] = _attempt(lambda: bot.ingest([PLANS_DIR / AN_GIANG]))
    out["after_ingest"] = _state(bot)
    with serving(create_api(bot)) as url:
        text = (PLANS_DIR / AN_GIANG).read_bytes()
        r = httpx.post(f"{url}/documents", params={"wait": "true"}, files={"file": ("an-giang.txt", text)}, timeout=120)
        out["upload"] = {"status": r.status_code, "body": r.json()}
        out["ask_status"] = httpx.post(f"{url}/ask", json={"question": "Ai chủ trì đề án cấp cứu ngoại viện ở Kiên Hải?"},
                                       timeout=60).status_code
    out["after_upload"] = _state(bot)
    out["remove"] = _attempt(lambda: bot.remove(KIEN_HAI))
    out["after_remove"] = _state(bot)
    (disk / "filler").unlink()
    out["ingest_with_space"] = _attempt(lambda: bot.ingest([PLANS_DIR / AN_GIANG]))
    out["after_space"] = _state(bot)
    read_only = work / "read-only-index"  # the same index, seen through a read-only mount
    read_only.mkdir(exist_ok=True)
    subprocess.run(["mount", "--bind", str(settings.index_dir), str(read_only)], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(read_only)], check=True)
    out["open_read_only"] = _attempt(lambda: Planbot(settings.model_copy(update={"index_dir": read_only})))
    cli = subprocess.run([sys.executable, "-m", "cli", "documents"], capture_output=True, text=True,
                         env=os.environ | {"PLANBOT_INDEX_DIR": str(read_only), "PLANBOT_CACHE_DIR": str(cache)})
    out["cli_read_only"] = {"code": cli.returncode, "stderr": cli.stderr, "stdout": cli.stdout}
    return out


def _fill(disk: Path, leave: int = 1_000_000) -> None:
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with (disk / "filler").open("wb") as fh:
        fh.write(b"\0" * max(free - leave, 0))


def _attempt(call) -> dict:
    try:
        call()
        return {"ok": True}
    except StorageError as err:
        return {"ok": False, "cause": err.cause, "vi": err.vi, "en": err.en}


def _state(bot: Planbot) -> dict:
    uploads = Path(bot.settings.upload_dir)
    return {"documents": sorted(d["source"] for d in bot.documents()), "chunks": bot.index.count(),
            "uploads": sorted(p.name for p in uploads.iterdir() if p.is_file()) if uploads.is_dir() else []}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2])), ensure_ascii=False))
