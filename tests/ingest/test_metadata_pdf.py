"""The official layout printed to PDF (LibreOffice): the header and signature cells side by side in the
text layer, the motto and the date wrapped by narrow cells; read back exactly like the Word file."""
import pytest

from ingest.parse import parse_document
from ingest.read import read_document
from tests.ingest.official_layout import Official, build_docx


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize("doc", [Official(), Official(issuer_lines=["BỘ Y TẾ"], number="15/KH-BYT", place="Hà Nội",
                                                    signing=["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"])])
def test_pdf_of_the_official_layout_reads_back(tmp_path, doc):
    """The same Word file printed to PDF by LibreOffice (the header cells side by side in the text layer)."""
    import shutil
    import subprocess

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        pytest.skip("LibreOffice is not installed (make reader-deps)")
    source = build_docx(doc, tmp_path / "plan.docx")
    subprocess.run([office, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True,
                   timeout=180)
    meta = parse_document(read_document(tmp_path / "plan.pdf")).metadata
    assert (meta.number, meta.issue_date, meta.signer) == (doc.number, doc.date, doc.signer)
    national = doc.issuer_lines == ["BỘ Y TẾ"]
    assert (meta.province, meta.scope) == (("", "toàn quốc") if national else (doc.place, ""))
