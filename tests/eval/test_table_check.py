"""CI gate: the share of real tables passing all four label-free checks may not fall below the floor
in eval/thresholds-tables.toml (it reads the 504 real documents of ../shared/corpus/tables)."""
import tomllib

import pytest

from core.settings import PROJECT_ROOT, get_settings
from eval.table_check import check_corpus, summary

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_real_tables_pass_the_checks_at_the_floor():
    corpus = get_settings().tables_corpus_dir
    if not corpus.is_dir():
        pytest.skip(f"table corpus not found at {corpus} (set PLANBOT_TABLES_CORPUS_DIR): gate skipped")
    floor = tomllib.loads((PROJECT_ROOT / "eval" / "thresholds-tables.toml").read_text())["tables"]["pass_all"]
    results, _ = check_corpus(corpus)
    s = summary(results)
    assert s["documents"] >= 500 and s["errors"] == 0, s
    assert s["pass_all"] >= floor, s
