"""The README's numbers and settings table are checked, so the documentation cannot drift."""
import re

import pytest

from core.settings import PROJECT_ROOT, Settings
from ingest.chunk import chunk_document

pytestmark = pytest.mark.unit
README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_with_its_default():
    for name, field in Settings.model_fields.items():
        assert f"`PLANBOT_{name.upper()}`" in README, name
        assert field.description in README, name


def test_plan_yield_table_matches_the_parser(parsed):
    for source, doc in parsed.items():
        row = next(l for l in README.splitlines() if f"`{source}`" in l)
        numbers = [int(n) for n in re.findall(r"\|\s*(\d+)\s*(?=\|)", row)]
        assert numbers == [len(doc.tasks), len(doc.sections), len(doc.indicators),
                           len(chunk_document(doc)), doc.dropped_duplicate_lines], source


def test_readme_gives_exactly_the_two_commands_ci_uses():
    assert "make run" in README and "make test" in README
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text()
