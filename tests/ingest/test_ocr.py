"""OCR's placement of words in a table cell, on words as tesseract reports them (no image needed)."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.ocr import Word, _cell_text, _without_fragments, restore_inequality

pytestmark = pytest.mark.unit

LINE_HEIGHT = 40


def _words(lines: list[list[str]], line_ids: list[int]) -> list[Word]:
    """The words of a cell laid out line under line; tesseract's (block, par, line) ids as given."""
    words = []
    for n, (line, line_id) in enumerate(zip(lines, line_ids)):
        x = 10
        for text in line:
            words.append(Word(text, x, 100 + n * LINE_HEIGHT, x + 12 * len(text), 130 + n * LINE_HEIGHT, (1, 1, line_id)))
            x += 12 * len(text) + 15
    return words


_WORD = st.sampled_from(["Sở", "Văn", "hóa", "và", "Thể", "thao", "Ủy", "ban", "nhân", "dân", "tỉnh", "2026"])


@given(st.lists(st.lists(_WORD, min_size=1, max_size=5), min_size=1, max_size=5), st.randoms())
def test_a_cell_reads_its_lines_top_to_bottom_whatever_tesseracts_line_numbers(lines, rnd):
    ids = list(range(len(lines)))
    rnd.shuffle(ids)  # page segmentation may number a cell's second line before its first
    words = _words(lines, ids)
    rnd.shuffle(words)
    assert _cell_text(words) == " ".join(w for line in lines for w in line)


def _drawn(text: str) -> tuple[Word, "np.ndarray"]:
    """`text` printed black on white at about 13 pt and 300 dpi, and the word box around it."""
    import matplotlib
    import numpy as np
    from pathlib import Path
    from PIL import Image, ImageDraw, ImageFont
    font = ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSerif.ttf"), 54)
    image = Image.new("L", (400, 120), 255)
    ImageDraw.Draw(image).text((20, 20), text, font=font, fill=0)
    binary = np.where(np.asarray(image) < 160, 0, 255).astype(np.uint8)
    ys, xs = np.nonzero(binary == 0)
    return Word("", int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1, (1, 1, 1)), binary


@pytest.mark.parametrize("printed, read, expected", [
    ("≥ 90", "> 90", "≥ 90"), ("≥90", "=90", "≥90"), ("≤ 5", "< 5", "≤ 5"), ("≤ 5", "= 5", "≤ 5"),
    ("≥ 90", ">90", "≥ 90"), ("≤ 5", "=5", "≤ 5"),
    ("> 90", "> 90", "> 90"), ("< 5", "< 5", "< 5"), ("= 90", "= 90", "= 90"), ("90", "90", "90")])
def test_a_sign_the_model_lacks_is_told_by_its_shape(printed, read, expected):
    word, binary = _drawn(printed)
    word.text = read
    restore_inequality(word, binary)
    assert word.text == expected


@given(st.lists(_WORD, min_size=3, max_size=8), st.sampled_from(["l", "I", "i", "1"]))
def test_a_sliver_left_by_an_erased_rule_is_no_word_but_a_dash_stays(line, sliver):
    words = _words([line], [0])
    words += [Word(sliver, 500, 128, 506, 130, (1, 1, 1)), Word("-", 520, 112, 530, 116, (1, 1, 0))]
    kept = [w.text for w in _without_fragments(words)]
    assert kept == line + ["-"]
