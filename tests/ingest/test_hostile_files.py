"""Hostile files end within their limits, with a clear error or a correct reading, and the process
that asked survives. Each file is generated here (tests/ingest/hostile.py), parsed in the limited
child process exactly as an upload or `planbot ingest` parses it, and a table of file, size, outcome,
seconds and the child's peak memory is printed for CI."""
from __future__ import annotations

import pytest

from core.settings import Settings
from ingest.pipeline import ingest_paths
from ingest.sandbox import run_worker, warm_up
from tests.conftest import PLANS_DIR
from tests.ingest.hostile import make_all

pytestmark = [pytest.mark.integration, pytest.mark.slow]

SETTINGS = Settings(show_progress=False, parse_seconds=120)  # server defaults; a shorter deadline for CI
# file -> (outcomes allowed, words the English message must hold; "" when the file is read)
EXPECTED = {
    "bom-zip.docx": ({"refused"}, "zip bomb"),
    "bom-flate.pdf": ({"refused"}, "inflate to more than"),
    "no-chu.pdf": ({"refused"}, "draws more than"),
    "form-lap.pdf": ({"refused"}, "draws more than"),
    "form-de-quy.pdf": ({"ok", "refused", "killed: memory", "killed: time"}, ""),
    "300-trang-day.pdf": ({"refused", "killed: time"}, ""),
    "lap-lai.txt": ({"ok"}, ""),
    "lap-lai-dong.txt": ({"ok", "refused"}, ""),
    "pdf-ten-docx.docx": ({"refused"}, "not a valid Word"),
    "zip-ten-pdf.pdf": ({"refused"}, "Cannot read PDF"),
    "nhi-phan.txt": ({"refused"}, "is binary"),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory, pytestconfig):
    warm_up()
    files = make_all(tmp_path_factory.mktemp("hostile"))
    results = {name: (path.stat().st_size, run_worker(path, SETTINGS)) for name, path in files.items()}
    _print_table(pytestconfig, results)
    return results


def _print_table(config, results) -> None:
    """Written to the terminal even when output is captured, so every CI log shows the costs."""
    out = config.pluginmanager.getplugin("terminalreporter")
    with config.pluginmanager.getplugin("capturemanager").global_and_fixture_disabled():
        _write_table(out, results)


def _write_table(out, results) -> None:
    head = f"{'file':20} {'size':>10} {'outcome':15} {'seconds':>8} {'peak MiB':>9}  message"
    out.write_line("\nHostile files (limits: %d MiB, %g s)\n%s" % (SETTINGS.worker_memory_mb, SETTINGS.parse_seconds, head))
    for name, (size, run) in results.items():
        message = run.error.en[:90] if run.error else f"{len(run.doc.tasks)} tasks, {len(run.chunks)} chunks"
        out.write_line(f"{name:20} {size:>10,} {run.outcome:15} {run.seconds:>8.1f} {run.peak_mb:>9.0f}  {message}")


@pytest.mark.parametrize("name", EXPECTED)
def test_each_hostile_file_ends_in_its_limits_with_a_clear_outcome(runs, name):
    size, run = runs[name]
    allowed, says = EXPECTED[name]
    assert run.outcome in allowed, (run.outcome, run.error)
    assert run.seconds < SETTINGS.parse_seconds + 10
    if run.error is not None:
        assert run.error.file == name and name in run.error.vi and run.error.hint_vi and run.error.hint_en
        assert says in run.error.en, run.error.en
    else:
        assert run.doc.metadata.source == name and run.chunks  # read as what it holds


def test_a_repeated_plan_reads_as_the_plan_within_seconds(runs):
    """Pasted over and over, the plan is read (its first copy dropped as a preview, the rest kept)
    in bounded time."""
    _, run = runs["lap-lai.txt"]
    assert run.outcome == "ok" and run.doc.tasks and run.seconds < 120


def test_a_killed_worker_rejects_the_file_and_loses_nothing(indexed, test_settings, tmp_path):
    """The memory limit met for real (a tiny one), through `planbot ingest`'s own path."""
    index, _ = indexed
    before = {c.id for c in index.all_chunks()}
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text((PLANS_DIR / sorted(p.name for p in PLANS_DIR.glob("*.txt"))[0]).read_text(encoding="utf-8"))
    tight = test_settings.model_copy(update={"worker_memory_mb": 64})
    report = ingest_paths([plan], index, tight)
    assert [e.file for e in report.errors] == ["ke-hoach.txt"] and "PLANBOT_WORKER_MEMORY_MB" in report.errors[0].hint_en
    assert not report.rows and {c.id for c in index.all_chunks()} == before
