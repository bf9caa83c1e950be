"""The formats plans really come in, rendered from real corpus plans: .docx with real Word tables
(a lead merged vertically over rows), text PDFs with ruled tables, image-only (scanned) PDFs through
OCR, legacy .doc, and text in the old TCVN3/VNI fonts. Each must give the tasks and metadata the
plain text gives."""
import os
import shutil

import pytest

from core.errors import IngestError
from core.settings import PROJECT_ROOT, get_settings
from eval.parse_check import norm
from ingest.parse import parse_document
from ingest.read import read_document
from tests.ingest.plan_fixtures import write_docx, write_pdf, write_scanned_pdf

CORPUS = get_settings().corpus_dir
WITH_TABLES = ["31786b0833a4130d.md", "192068354fd1ffe5.md", "001c610b2efdcf0c.md", "8718801c503045f9.md"]
FIELDS = ("number", "task", "lead", "coordinating", "time")
META = ("number", "issuer", "locality")


def need(tool: str, package: str):
    if not shutil.which(tool):
        message = f"{tool} is needed (Debian {package}; make installs it as root)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)


@pytest.fixture(scope="module", params=WITH_TABLES)
def original(request):
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    return parse_document(read_document(CORPUS / request.param))


def rows(doc):
    return [tuple(getattr(t, f) for f in FIELDS) for t in doc.tasks]


def meta(doc):
    return tuple(getattr(doc.metadata, f) for f in META)


@pytest.mark.unit
def test_docx_with_merged_lead_cells_gives_the_same_plan(original, tmp_path):
    converted = parse_document(read_document(write_docx(original, tmp_path / "plan.docx", group_row_at=None,
                                                        merge_leads=True)))
    assert rows(converted) == rows(original) and meta(converted) == meta(original)


@pytest.mark.unit
def test_text_pdf_with_ruled_table_gives_the_same_plan(original, tmp_path):
    converted = parse_document(read_document(write_pdf(original, tmp_path / "plan.pdf")))
    assert rows(converted) == rows(original) and meta(converted) == meta(original)


@pytest.mark.slow
@pytest.mark.integration
def test_scanned_pdf_is_read_through_ocr(tmp_path):
    need("tesseract", "tesseract-ocr tesseract-ocr-vie")
    if not CORPUS.is_dir():
        pytest.skip(f"corpus not found at {CORPUS}")
    original = parse_document(read_document(CORPUS / "192068354fd1ffe5.md"))
    original = original.model_copy(update={"sections": original.sections[:2]})  # two pages: the table
    scanned = parse_document(read_document(write_scanned_pdf(original, tmp_path / "scan.pdf")))
    exact = sum(norm(a.lead) == norm(b.lead) and norm(a.time) == norm(b.time)
                for a, b in zip(original.tasks, scanned.tasks))
    assert len(scanned.tasks) == len(original.tasks) and exact >= 0.9 * len(original.tasks)
    assert meta(scanned) == meta(original)


@pytest.mark.unit
def test_legacy_doc_through_antiword():
    need("antiword", "antiword")
    doc = parse_document(read_document(PROJECT_ROOT / "tests" / "ingest" / "fixtures" / "plan-310-KH-UBND.doc"))
    assert doc.metadata.number == "310/KH-UBND" and len(doc.tasks) == 6
    assert doc.tasks[1].time == "Quý IV/2025- Quý II/2026"
    assert doc.tasks[4].lead == "Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư"


@pytest.mark.unit
def test_scanned_pdf_without_tesseract_says_what_to_install(tmp_path, monkeypatch):
    from tests.conftest import PLANS_DIR, KIEN_HAI
    original = parse_document(read_document(PLANS_DIR / KIEN_HAI))
    path = write_scanned_pdf(original.model_copy(update={"sections": original.sections[:1], "tasks": []}),
                             tmp_path / "scan.pdf")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(IngestError, match="tesseract") as err:
        read_document(path)
    assert "tesseract-ocr-vie" in err.value.hint_vi and err.value.file == "scan.pdf"


TCVN3 = "KÕ ho¹ch triÓn khai c«ng t¸c y tÕ. Së Y tÕ chñ tr×, phèi hîp víi c¸c së, ngµnh. Thêi gian: Quý II/2026."
VNI = "Keá hoaïch trieån khai coâng taùc y teá. Sôû Y teá chuû trì, phoái hôïp vôùi caùc sôû, ngaønh."


@pytest.mark.unit
@pytest.mark.parametrize("text,encoding,raw", [(TCVN3, "TCVN3", False), (VNI, "VNI", False),
                                               (TCVN3, "TCVN3", True)], ids=["tcvn3", "vni", "tcvn3-bytes"])
def test_legacy_font_text_is_refused_naming_the_encoding(tmp_path, text, encoding, raw):
    path = tmp_path / "cu.txt"
    path.write_bytes(text.encode("cp1252", "replace") if raw else ("Số: 5/KH-UBND\n" + text).encode("utf-8"))
    with pytest.raises(IngestError, match=encoding) as err:
        read_document(path)
    assert "Unikey" in err.value.hint_vi or "Unicode" in err.value.hint_vi
