"""CI gate: the dev evaluation over the real index must reach the minimums in eval/thresholds.toml."""
import pytest

from core.settings import PROJECT_ROOT
from eval.run import build_report, check_thresholds, load_dataset, run, write_report

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_dev_evaluation_meets_thresholds(planbot):
    items = load_dataset(PROJECT_ROOT / "eval" / "datasets" / "dev.jsonl")
    report = build_report(run(planbot, items))
    write_report(report, PROJECT_ROOT / "test-artifacts" / "eval")
    assert report["overall"]["questions"] == len(items)
    assert check_thresholds(report) == [], report["overall"]
