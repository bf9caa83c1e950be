"""Round trips of generated plans through the official .docx layout and the text PDF LibreOffice
makes of it: header and signature tables, landscape appendix, group rows merged across, leads merged
down, the header row repeated on every page; read back, the plan must be the same.

LibreOffice's start-up is most of a conversion's cost, so each example is a batch of plans
converted in one call.
"""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.gen.compare import all_diffs, read_back
from tests.gen.profiles import examples
from tests.gen.render_docx import write_docx
from tests.gen.render_pdf import office, write_pdfs
from tests.gen.strategies import plans

pytestmark = [pytest.mark.integration, pytest.mark.slow]
BATCH = 8


def _diffs(plan, path) -> list[str]:
    return [line for v in all_diffs(plan, read_back(path)).values() for line in v]


def test_docx_reads_back(tmp_path_factory):
    @examples(40)
    @given(plans())
    def check(plan):
        path = write_docx(plan, tmp_path_factory.mktemp("docx") / "plan.docx")
        assert not _diffs(plan, path)
    check()


@pytest.mark.skipif(not office(), reason="LibreOffice is not installed (make reader-deps installs "
                                         "libreoffice-writer-nogui)")
def test_text_pdf_reads_back(tmp_path_factory):
    @examples(3)
    @given(st.lists(plans(), min_size=BATCH, max_size=BATCH))
    def check(batch):
        folder = tmp_path_factory.mktemp("pdf")
        failures = {i: d for i, (plan, path) in enumerate(zip(batch, write_pdfs(batch, folder)))
                    if (d := _diffs(plan, path))}
        assert not failures, failures
    check()
