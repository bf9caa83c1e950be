"""Readers: every format gives the same plan; bad files get a clear error naming the file."""
import pytest

from core.errors import IngestError
from ingest.parse import parse_document
from ingest.read import Limits, read_document
from tests.conftest import AN_GIANG, KIEN_HAI
from tests.ingest.plan_fixtures import write_docx, write_pdf

FIELDS = ("number", "task", "lead", "coordinating", "time")


def _rows(doc):
    return [tuple(getattr(t, f) for f in FIELDS) for t in doc.tasks]


@pytest.mark.unit
@pytest.mark.parametrize("write", [write_docx, write_pdf], ids=["docx", "pdf"])
@pytest.mark.parametrize("source", [AN_GIANG, KIEN_HAI])
def test_docx_and_pdf_give_same_plan_as_text(parsed, tmp_path, source, write):
    original = parsed[source]
    suffix = ".docx" if write is write_docx else ".pdf"
    converted = parse_document(read_document(write(original, tmp_path / f"plan{suffix}")))
    assert _rows(converted) == _rows(original)
    assert {s.ref for s in original.sections} <= {s.ref for s in converted.sections}
    assert (converted.metadata.number, converted.metadata.locality) == (
        original.metadata.number, original.metadata.locality)


@pytest.mark.unit
def test_docx_merged_group_row_labels_following_tasks(parsed, tmp_path):
    converted = parse_document(read_document(write_docx(parsed[AN_GIANG], tmp_path / "plan.docx")))
    assert converted.tasks[1].group == ""
    assert converted.tasks[2].group == "II. Nhóm nhiệm vụ về y tế cơ sở"


@pytest.mark.unit
@pytest.mark.parametrize("name, content, says", [
    ("plan.xlsx", b"PK\x03\x04", "Unsupported file type"),
    ("empty.txt", b"", "is empty"),
    ("binary.txt", bytes(range(256)) * 4, "is binary"),
    ("latin.txt", "Kế hoạch số 1".encode("utf-8") + b"\xff\xfe\xfa" + b" abc", "is not UTF-8"),
    ("broken.docx", b"not a zip file at all", "not a valid Word"),
    ("broken.pdf", b"%PDF-1.4 garbage", "Cannot read PDF"),
    ("notes.txt", "Danh sách đi chợ: rau, thịt, cá.\nGọi điện cho mẹ.".encode(), "is not a plan"),
])
def test_bad_files_get_a_clear_error_naming_the_file(tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        parse_document(read_document(path))
    assert err.value.file == name
    assert says in err.value.en and name in err.value.vi
    assert err.value.hint_vi and err.value.hint_en


@pytest.mark.unit
def test_missing_file_and_oversize(tmp_path):
    with pytest.raises(IngestError, match="not found"):
        read_document(tmp_path / "missing.txt")
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2 * 1024 * 1024)
    with pytest.raises(IngestError, match="too large"):
        read_document(big, Limits(max_mb=1))


@pytest.mark.unit
def test_utf16_with_bom_is_read(tmp_path, parsed):
    from tests.conftest import PLANS_DIR
    path = tmp_path / "plan16.txt"
    path.write_bytes((PLANS_DIR / KIEN_HAI).read_text(encoding="utf-8").encode("utf-16"))
    assert _rows(parse_document(read_document(path))) == _rows(parsed[KIEN_HAI])


@pytest.mark.unit
def test_a_pdf_whose_first_pages_project_far_over_the_character_limit_is_refused_early(tmp_path):
    """300 light pages of 600 characters: over a 20,000-character limit in all, refused once the first
    pages show it (each pdfminer character costs ~0.05 ms; a dense file took 110 s to reach the limit)."""
    from ingest.read_pdf import PROJECT_AFTER_PAGES
    from tests.ingest.hostile import dense_pages_pdf
    path = dense_pages_pdf(tmp_path / "day.pdf", pages=300, lines=4)
    with pytest.raises(IngestError) as caught:
        read_document(path, Limits(max_chars=20_000))
    assert f"its first {PROJECT_AFTER_PAGES} pages draw" in caught.value.en and "would draw about" in caught.value.en
    assert caught.value.file == "day.pdf" and "PLANBOT_MAX_CHARS" in caught.value.hint_en
    few = dense_pages_pdf(tmp_path / "it.pdf", pages=20, lines=4)  # 20 such pages are within the limit: read
    assert read_document(few, Limits(max_chars=20_000)).blocks
