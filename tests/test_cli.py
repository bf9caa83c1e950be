"""`planbot` as a user runs it: a separate process, offline (no network namespace access)."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import PLANS_DIR

pytestmark = pytest.mark.integration


def _offline_prefix() -> list[str]:
    """Run in a new network namespace (no network at all) where the machine allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


@pytest.fixture
def run(tmp_path, test_settings, indexed):
    env = dict(os.environ, PLANBOT_INDEX_DIR=str(tmp_path / "index"), PLANBOT_CACHE_DIR=str(test_settings.cache_dir),
               PLANBOT_SHOW_PROGRESS="false")

    def _run(*args, **more_env):
        cmd = _offline_prefix() + [sys.executable, "-m", "cli", *args]
        return subprocess.run(cmd, capture_output=True, text=True, env={**env, **more_env}, timeout=600)
    return _run


def test_ingest_bundled_plans_offline_prints_summary(run):
    result = run("ingest")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Kế hoạch: 5, nhiệm vụ: 136, mục: 211, chỉ tiêu: 26, dòng trùng bỏ qua: 67" in out
    assert "nhúng mới: 0" in out  # every vector came from the cache filled by the session index
    again = run("ingest", str(PLANS_DIR))
    rows = [line.split() for line in again.stdout.splitlines() if line.split() and line.split()[0].endswith(".txt")]
    assert len(rows) == 5
    assert all((r[-4], r[-3]) == ("0", "0") for r in rows)  # nothing added, nothing removed


def test_documents_and_search(run):
    run("ingest")
    docs = run("documents").stdout.strip().splitlines()
    assert len(docs) == 5 and any("186/KH-UBND" in d for d in docs)
    hits = json.loads(run("search", "Ai chủ trì đề án cấp cứu ngoại viện?", "--json", "--k", "8").stdout)
    assert {"source", "ref", "score", "text"} <= set(hits[0])
    assert any(h["ref"] == "task:18" for h in hits)


def test_bad_file_gives_clear_error_and_exit_code(run, tmp_path):
    bad = tmp_path / "ke-hoach.xlsx"
    bad.write_bytes(b"PK\x03\x04")
    result = run("ingest", str(bad))
    assert result.returncode == 1
    assert "ke-hoach.xlsx" in result.stdout and "Không hỗ trợ định dạng" in result.stdout


def test_a_second_writer_waits_then_stops_with_a_message(run, tmp_path):
    """Two writers on one index: the second one (a real `planbot` process) waits, then says why it stops."""
    from ingest.lock import writer_lock
    with writer_lock(tmp_path / "index", 0):
        result = run("ingest", str(PLANS_DIR / sorted(p.name for p in PLANS_DIR.iterdir())[2]),
                     PLANBOT_WRITER_WAIT_SECONDS="1")
    assert result.returncode == 1 and "Another process is writing to the index" in result.stdout + result.stderr


def test_the_server_follows_ingest_and_remove_done_in_a_shell(run, tmp_path, test_settings):
    """`planbot remove` / `planbot ingest` from another process while a Planbot serves: it answers from
    the changed index at its next request (version stamp), never from the stale one."""
    from bot.service import Planbot
    kien_hai = sorted(p.name for p in PLANS_DIR.iterdir())[2]
    assert run("ingest", str(PLANS_DIR / kien_hai)).returncode == 0
    settings = test_settings.model_copy(update={"index_dir": tmp_path / "index"})
    server = Planbot(settings)
    assert [d["source"] for d in server.documents()] == [kien_hai]
    assert run("remove", kien_hai).returncode == 0
    assert server.documents() == [] and not server.ask("Ai chủ trì đề án cấp cứu ngoại viện ở Kiên Hải?").citations
    assert run("ingest", str(PLANS_DIR / kien_hai)).returncode == 0
    assert [d["source"] for d in server.documents()] == [kien_hai]


def test_planbot_serve_finds_the_app_from_any_folder(tmp_path):
    """`planbot` is cli.py and `planbot serve` imports app.py: the install must provide both top-level
    modules, not the working directory (after a layout change: `pip install -e .`, which `make` does)."""
    probe = "import app, cli; print(callable(app.main) and callable(cli.main))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": ""})
    assert result.returncode == 0 and result.stdout.strip() == "True", result.stderr


READ_REPORT_KEYS = {"source", "doc_type", "number", "number_display", "draft", "title", "issue_date", "issuer",
                    "province", "scope", "signer", "sections", "headings", "tables", "tasks", "indicators", "warnings"}


@pytest.fixture
def inspect(tmp_path):
    """`planbot inspect` in its own process, offline, with an index folder it must never create."""
    env = dict(os.environ, PLANBOT_INDEX_DIR=str(tmp_path / "index"), PLANBOT_CACHE_DIR=str(tmp_path / "cache"))

    def _run(*args):
        return subprocess.run(_offline_prefix() + [sys.executable, "-m", "cli", "inspect", *args],
                              capture_output=True, text=True, env=env, timeout=300)
    return _run


def _lost_number(tmp_path):
    """A bundled draft whose 'Số: /KH-UBND' line was lost on the way: no number, no date, not a draft."""
    from tests.conftest import KIEN_HAI
    text = (PLANS_DIR / KIEN_HAI).read_text(encoding="utf-8")
    path = tmp_path / "mat-so-hieu.txt"
    path.write_text("\n".join(line for line in text.split("\n") if not line.startswith("Số:")), encoding="utf-8")
    return path


def test_inspect_reports_what_is_read_without_touching_the_index(inspect, tmp_path):
    from tests.conftest import AN_GIANG
    lost = _lost_number(tmp_path)
    result = inspect(str(PLANS_DIR / AN_GIANG), str(lost), "--json")
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stdout)
    assert [r["source"] for r in reports] == [AN_GIANG, lost.name]
    assert all(set(r) == READ_REPORT_KEYS for r in reports)
    assert (reports[0]["number"], reports[0]["issue_date"]) == ("186/KH-UBND", "11/11/2025")
    assert not {"no_number", "no_date"} & {w["code"] for w in reports[0]["warnings"]}
    assert [(t["kind"], t["rows"], t["tasks"]) for t in reports[0]["tables"] if t["kind"] == "task"] == [("task", 50, 50)]
    assert {"no_number", "no_date"} <= {w["code"] for w in reports[1]["warnings"]} and reports[1]["tasks"] == 37
    text = inspect(str(lost))
    assert text.returncode == 0 and "Số hiệu: không đọc được" in text.stdout
    assert f"Cảnh báo ({len(reports[1]['warnings'])}):" in text.stdout
    assert "⚠ Không đọc được số hiệu văn bản." in text.stdout
    assert not (tmp_path / "index").exists() and not (tmp_path / "cache").exists()


def test_inspect_a_bad_file_says_why_and_the_exit_code_says_so(inspect, tmp_path):
    from tests.conftest import QUANG_NGAI
    bad = tmp_path / "ke-hoach.xlsx"
    bad.write_bytes(b"PK\x03\x04")
    result = inspect(str(bad), str(PLANS_DIR / QUANG_NGAI), "--json")
    assert result.returncode == 1
    assert "ke-hoach.xlsx" in result.stderr and "Không hỗ trợ định dạng" in result.stderr
    assert [r["number"] for r in json.loads(result.stdout)] == ["07/KH-UBND"]  # the good file is still reported
    assert not (tmp_path / "index").exists()
