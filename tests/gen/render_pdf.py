"""PDF renderings of the official .docx: a text PDF through LibreOffice headless, and a scan (the PDF
rasterised at ~200 dpi, turned by up to 1°, with speckle noise, put back into a PDF of images)."""
from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.gen.model import Plan
from tests.gen.render_docx import write_docx

CONVERT_SECONDS = 180


def office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_path: Path, out_dir: Path) -> Path:
    return docx_to_pdfs([docx_path], out_dir)[0]


def docx_to_pdfs(docx_paths: list[Path], out_dir: Path) -> list[Path]:
    """One LibreOffice start for many files (its start-up is most of the cost), with its own profile
    so parallel runs never share a lock."""
    with tempfile.TemporaryDirectory(prefix="gen-lo-") as profile:
        subprocess.run([office(), "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_paths)],
                       capture_output=True, timeout=CONVERT_SECONDS * len(docx_paths), check=True)
    return [out_dir / (p.stem + ".pdf") for p in docx_paths]


def write_pdfs(plans: list[Plan], out_dir: Path) -> list[Path]:
    return docx_to_pdfs([write_docx(p, out_dir / f"plan{i}.docx") for i, p in enumerate(plans)], out_dir)


def write_pdf(plan: Plan, path: Path) -> Path:
    docx_path = write_docx(plan, path.with_suffix(".docx"))
    made = docx_to_pdf(docx_path, path.parent)
    if made != path:
        made.replace(path)
    return path


def write_scan(plan: Plan, path: Path, seed: int = 0, dpi: int = 200) -> Path:
    return scan_pdf(write_pdf(plan, path.with_name(path.stem + "-text.pdf")), path, seed, dpi)


def write_scans(plans: list[Plan], out_dir: Path, dpi: int = 200) -> list[Path]:
    return [scan_pdf(pdf, pdf.with_name(pdf.stem + "-scan.pdf"), i, dpi)
            for i, pdf in enumerate(write_pdfs(plans, out_dir))]


def scan_pdf(text_pdf: Path, path: Path, seed: int = 0, dpi: int = 200) -> Path:
    import pypdfium2
    rng = random.Random(seed)
    document = pypdfium2.PdfDocument(str(text_pdf))
    try:
        pages = [_scanned(document[i].render(scale=dpi / 72).to_pil(), rng) for i in range(len(document))]
    finally:
        document.close()
    pages[0].save(str(path), "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return path


def _scanned(image, rng: random.Random):
    """Grey, turned by at most 1°, with sparse dark specks: what an office scanner gives."""
    import numpy as np
    from PIL import Image
    gray = image.convert("L").rotate(rng.uniform(-1.0, 1.0), resample=Image.BICUBIC, expand=False, fillcolor=255)
    pixels = np.asarray(gray).copy()
    noise = np.random.default_rng(rng.randrange(2**32)).random(pixels.shape)
    pixels[noise < 0.0008] = 60
    return Image.fromarray(pixels)
