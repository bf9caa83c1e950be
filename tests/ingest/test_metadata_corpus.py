"""Metadata properties over every real document (../shared/corpus/real-plans and ../shared/corpus/tables):
a real province in its usual spelling or none, national codes national, the printed số hiệu found, no
header rule in an issuer, no authority line in a title. eval.metadata_check prints the counts."""
import pytest

from eval.metadata_check import check, default_dirs

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tallies():
    dirs = [d for d in default_dirs() if d.is_dir()]
    if not dirs:
        pytest.skip("the real corpus is not here (set PLANBOT_CORPUS_DIR to ../shared/corpus/real-plans)")
    parsed, tallies = check(dirs)
    assert parsed > 0
    return tallies


@pytest.mark.parametrize("name", ["province is empty or a real province in its usual spelling",
                                  "national code → scope 'toàn quốc', no province",
                                  "a 'Số:' line → số hiệu found", "issuer carries no rule or 'Số:'",
                                  "title has no authority line glued on"])
def test_property_holds_for_every_document(tallies, name):
    tally = tallies[name]
    assert tally.applies > 0, "the property applies to no document: the check cannot fail"
    assert tally.failures == [], "\n".join(tally.failures[:20])
