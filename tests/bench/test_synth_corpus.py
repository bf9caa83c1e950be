"""The synthetic corpus of the scale benchmark: variants must parse like real plans and really vary."""
import random

import numpy as np
import pytest

from bench.bench_scale import noise_for_cosine
from bench.synth_corpus import PROVINCES, Variant, apply_variant, drop_rows, generate
from core.types import PlanMetadata
from ingest.parse import parse_document
from ingest.read import read_document
from tests.conftest import PLANS_DIR

pytestmark = pytest.mark.unit
SOURCES = sorted(PLANS_DIR.glob("*.txt"))


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    pairs = generate(SOURCES, 10, out, seed=7)
    return [(parse_document(read_document(v)), parse_document(read_document(s)), v) for v, s in pairs]


def test_every_variant_parses_as_a_plan_of_its_new_place(variants):
    for i, (doc, source, _) in enumerate(variants):
        assert doc.metadata.province == PROVINCES[i % len(PROVINCES)]
        assert (doc.metadata.locality_level, bool(doc.metadata.number)) == \
            (source.metadata.locality_level, bool(source.metadata.number))
        assert len(doc.sections) == len(source.sections)
        assert len(doc.tasks) <= len(source.tasks) and len(doc.indicators) <= len(source.indicators)


def test_variants_differ_from_their_sources(variants):
    numbered = [(d, s) for d, s, _ in variants if s.metadata.number]
    assert numbered and all(d.metadata.number != s.metadata.number for d, s in numbered)
    assert any(len(d.tasks) < len(s.tasks) for d, s, _ in variants)  # rows were dropped
    assert any(d.metadata.year != s.metadata.year for d, s, _ in variants)  # years shifted
    sub = [d for d, s, _ in variants if s.metadata.locality != s.metadata.province]
    assert sub and all(d.metadata.locality != d.metadata.province for d in sub)


def test_generation_is_reproducible_from_its_seed(tmp_path, variants):
    _, _, first = variants[0]
    again = generate(SOURCES, 1, tmp_path / "a", seed=7)[0][0]
    other = generate(SOURCES, 1, tmp_path / "b", seed=8)[0][0]
    assert again.read_bytes() == first.read_bytes() != other.read_bytes()


@pytest.mark.parametrize("table", [
    "STT\tNội dung\tChủ trì\n1\tViệc một\tSở Y tế\n2\tViệc hai\tSở Tài chính\n",
    "| STT | Nội dung |\n|---|---|\n| <b>1</b> | Việc một |\n| 2 | Việc hai |\n",
    "STT |\nNội dung |\n|\n1 |\nViệc một |\nSở Y tế |\n|\n2 |\nViệc hai |\n|\n",
])
def test_drop_rows_removes_whole_numbered_rows_in_each_layout(table):
    rng = random.Random(0)
    assert drop_rows(table, 0.0, rng) == table
    left = drop_rows(table, 1.0, rng)
    assert "Nội dung" in left and "Việc" not in left and "Sở Y tế" not in left


def test_renames_happen_in_one_pass():
    meta = PlanMetadata(source="x.txt", number="5/KH-UBND", locality="An Giang", province="An Giang")
    variant = Variant(0, "Cà Mau", "Cà Mau", "77/KH-UBND", 1, 1, 0.0,
                      {"Sở Tài chính": "Sở Nội vụ", "Sở Nội vụ": "Sở Tài chính"})
    text = "Số: 5/KH-UBND. TỈNH AN GIANG, An Giang: Sở Tài chính, Sở Nội vụ; Quý IV/2026."
    assert apply_variant(text, meta, variant, random.Random(0)) == \
        "Số: 77/KH-UBND. TỈNH CÀ MAU, Cà Mau: Sở Nội vụ, Sở Tài chính; Quý I/2027."


def test_proxy_noise_gives_the_measured_cosine():
    rng = np.random.default_rng(0)
    base = rng.normal(size=384)
    base /= np.linalg.norm(base)
    sigma = noise_for_cosine(0.95, 384)
    proxies = base + rng.normal(0, sigma, (200, 384))
    cosines = proxies @ base / np.linalg.norm(proxies, axis=1)
    assert abs(cosines.mean() - 0.95) < 0.01
