"""OCR of one scanned page into text lines and ruled tables.

Official plans print their task tables with ruled borders. The rules are found in the image
(rows and columns of dark pixels far longer than any letter), erased, and the page is read by
tesseract; each recognised word then goes to the table cell its centre falls in, or to a text line.
"""
from __future__ import annotations

import csv
import io
import re
import subprocess
from dataclasses import dataclass

import numpy as np

from core.text import collapse, nfc
from ingest.pdf_layout import layout_lines, word_segments
from ingest.ocr_grid import BLACK, INK, deskew, despeckle, erase_rules, find_tables, ruled
from ingest.read import Block, TableBlock, TextBlock

COLUMN_GAP_HEIGHTS = 2.5  # a gap between words wider than this many word heights separates layout columns
OCR_SECONDS = 180
MIN_INK_PIXELS = 30  # a cell with fewer dark pixels is empty (specks, the end of a rule)


@dataclass
class Word:
    text: str
    left: int
    top: int
    right: int
    bottom: int
    line: tuple[int, int, int]

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


def ocr_page(image, languages: str = "vie") -> list[tuple[float, Block]]:
    gray = np.asarray(despeckle(deskew(image.convert("L"))))
    dark = gray < INK  # thin rules scan as grey, not black
    tables = find_tables(dark)
    clean = erase_rules(np.where(gray < BLACK, 0, 255).astype(np.uint8), dark, tables)
    words = _without_fragments(read_words(clean, languages))
    for word in words:
        restore_inequality(word, clean)
    items = _place(words, tables)
    for (rows, cols), (_, block) in zip(tables, items):
        _reread_empty_cells(block, rows, cols, clean, languages)
        _reread_row_numbers(block, rows, cols, clean, languages)
        _join_merged_rows(block, rows, cols, dark)
    return items


FRAGMENT_HEIGHT = 0.25  # of the page's median word height (~42 px at 300 dpi); a word of letters is at least
# its x-height (~0.55); the tops of accents left above an erased rule ('TẤT KẾ' under it) read 'l' at 2 px


def _without_fragments(words: list[Word]) -> list[Word]:
    """A 'word' of letters or digits far shorter than any letter is a sliver: an accent cut off by an
    erased rule ('thẻ. l l'). Punctuation stays, whatever its height ('-' bullets)."""
    heights = sorted(w.bottom - w.top for w in words)
    least = FRAGMENT_HEIGHT * (heights[len(heights) // 2] if heights else 0)
    return [w for w in words if w.bottom - w.top >= least or not any(ch.isalnum() for ch in w.text)]


SIGN_BAR_RATIO = 2.5  # '≥' at 300 dpi: a 19-20 px chevron over a 4-5 px bar; '=' is two bars of one height
SIGN_SPACE = 0.3  # of the word's height: a blank this wide after the sign is a space (~14 px of a ~40 px word)


def restore_inequality(word: Word, binary: np.ndarray) -> None:
    """Tesseract's Vietnamese model has no '≥' or '≤' (nor has its English one): it reads '>' or '='
    (5 of 135 cells of the round-trip scans, every '≥ 90'). The glyph tells them apart: a chevron
    over a thin bar is '≥' or '≤', whichever way the chevron points."""
    if word.text[:1] not in "<>=":
        return
    box = binary[word.top:word.bottom + 3, word.left:word.right] < 128
    ink = box.any(axis=0)
    if not ink.any():
        return
    start = int(np.argmax(ink))
    width = int(np.argmin(ink[start:])) or len(ink) - start  # the first glyph: the first run of inked columns
    glyph = box[:, start:start + width]
    edges = np.flatnonzero(np.diff(np.concatenate([[0], glyph.any(axis=1).astype(int), [0]])))
    if len(edges) != 4 or (edges[1] - edges[0]) < SIGN_BAR_RATIO * (edges[3] - edges[2]):
        return
    middle = glyph[(edges[0] + edges[1]) // 2]
    points_right = np.flatnonzero(middle).mean() > width / 2
    rest = word.text[1:]
    gap = int(np.argmax(ink[start + width:])) if ink[start + width:].any() else 0
    if rest[:1].isdigit() and gap >= SIGN_SPACE * box.shape[0]:  # '≥ 90' printed, glued by the model
        rest = " " + rest
    word.text = ("≥" if points_right else "≤") + rest


_ROW_NUMBER = re.compile(r"^(\d{1,3}(\.\d{1,3})*\.?|[IVXLC]{1,5}\.?|[A-ZĐ]\.?)$")
NUMBER_LINE_PX = 90  # the first printed line of a cell at 300 dpi: where its row number stands


def _reread_row_numbers(block: TableBlock, rows: list[int], cols: list[int], gray: np.ndarray,
                        languages: str) -> None:
    """A row number is one or two glyphs at the top of a tall cell, which page segmentation misreads
    ('lÌ' for '1') or drops: a short first cell that is not a label is read again, its first line
    alone, as digits. (Group labels I/A are letters and already read as labels.)"""
    if len(cols) < 3:
        return
    for r, row in enumerate(block.rows[1:], start=1):
        text = row[0].strip()
        if len(text) > 4 or _ROW_NUMBER.match(text):
            continue
        crop = gray[rows[r] + 4:min(rows[r + 1] - 3, rows[r] + NUMBER_LINE_PX), cols[0] + 4:cols[1] - 3]
        if crop.size == 0 or (crop < INK).sum() < MIN_INK_PIXELS:
            continue
        for psm in (7, 8, 10):  # a line, a word, a character: a lone digit is found by one of them
            digits = collapse(" ".join(w.text for w in read_words(np.pad(crop, 20, constant_values=255),
                                                                   languages, psm=psm, only="0123456789.")))
            if _ROW_NUMBER.match(digits):
                row[0] = digits
                break


def _join_merged_rows(block: TableBlock, rows: list[int], cols: list[int], dark: np.ndarray) -> None:
    """A row no inner column rule crosses is one cell merged across (a group row 'II. NHÓM …'): its
    words are its first cell, as the .docx reader gives it."""
    for r, row in enumerate(block.rows):
        if len(cols) > 2 and not any(ruled(dark, rows[r], rows[r + 1], x) for x in cols[1:-1]):
            block.rows[r] = [collapse(" ".join(c for c in row if c))] + [""] * (len(row) - 1)


def _reread_empty_cells(block: TableBlock, rows: list[int], cols: list[int], gray: np.ndarray,
                        languages: str) -> None:
    """Page segmentation drops a lone short word (a row number "3") as noise: a cell that came out
    empty but holds ink is read again on its own, as one line."""
    for r, row in enumerate(block.rows):
        for c, text in enumerate(row):
            crop = gray[rows[r] + 4:rows[r + 1] - 3, cols[c] + 4:cols[c + 1] - 3]
            if text or crop.size == 0 or (crop < INK).sum() < MIN_INK_PIXELS:
                continue
            row[c] = collapse(" ".join(w.text for w in read_words(np.pad(crop, 20, constant_values=255),
                                                                   languages, psm=7)))


def read_words(gray: np.ndarray, languages: str, psm: int = 3, only: str = "") -> list[Word]:
    from PIL import Image
    buffer = io.BytesIO()
    Image.fromarray(gray).save(buffer, format="PNG")
    config = ["-c", f"tessedit_char_whitelist={only}"] if only else []
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", languages, "--psm", str(psm), *config, "tsv"],
                          input=buffer.getvalue(), capture_output=True, timeout=OCR_SECONDS, check=True)
    words = []
    for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                              quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip().strip("_|")  # a rule's remnant glued to a word: '1/KH-UBND_'
        if row.get("level") == "5" and text:
            left, top = int(row["left"]), int(row["top"])
            words.append(Word(nfc(text), left, top, left + int(row["width"]), top + int(row["height"]),
                              (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))))
    return words


def _place(words: list[Word], tables) -> list[tuple[float, Block]]:
    cells: list[dict[tuple[int, int], list[Word]]] = [{} for _ in tables]
    free: list[dict] = []
    for word in words:
        spot = _cell_of(word, tables)
        if spot:
            t, r, c = spot
            cells[t].setdefault((r, c), []).append(word)
        else:
            free.append({"text": word.text, "x0": word.left, "x1": word.right, "top": word.top, "bottom": word.bottom})
    items: list[tuple[float, Block]] = []
    for (rows, cols), table_cells in zip(tables, cells):
        grid = [[_cell_text(table_cells.get((r, c), [])) for c in range(len(cols) - 1)] for r in range(len(rows) - 1)]
        items.append((rows[0], TableBlock(grid)))
    heights = sorted(w["bottom"] - w["top"] for w in free)
    gap = COLUMN_GAP_HEIGHTS * (heights[len(heights) // 2] if heights else 40)
    for top, text in layout_lines(word_segments(free, gap)):
        items.append((top, TextBlock([text])))
    return items


def _cell_of(word: Word, tables) -> tuple[int, int, int] | None:
    x, y = word.centre
    for t, (rows, cols) in enumerate(tables):
        if rows[0] < y < rows[-1] and cols[0] < x < cols[-1]:
            r = int(np.searchsorted(rows, y)) - 1
            c = int(np.searchsorted(cols, x)) - 1
            return t, r, c
    return None


# What is left of a rule read as a character, at a cell's edges: '2 —', '‘Tên', 'năm 2030 ~'. Only lone
# marks at the ends go; a '-' between words ('2026 - 2030') or a bullet '- Sở Y tế' stays.
_EDGE_JUNK_END = re.compile(r"(\s+[—–~_|‘’'`ˆ^:.\-]+)+$")
_NUMBER_MISREAD = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)[,;:]$")  # '1,' for the row number '1.'/'1' 
_EDGE_JUNK_START = re.compile(r"^([—–~_|‘’'`]+\s*)+")


def _cell_text(words: list[Word]) -> str:
    text = collapse(" ".join(w.text for line in _lines(words) for w in line))
    return _NUMBER_MISREAD.sub(r"\1", _EDGE_JUNK_START.sub("", _EDGE_JUNK_END.sub("", text)))


def _lines(words: list[Word]) -> list[list[Word]]:
    """A cell's words as lines top to bottom, each left to right, told apart by where the words stand:
    tesseract numbers lines within its own blocks, which may take a line of the next cell first
    ('Sở Văn hóa và Thể / thao' came back 'thao Sở Văn hóa và Thể')."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.centre[1]):
        if lines and lines[-1][0].top <= word.centre[1] <= max(w.bottom for w in lines[-1]):
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.left) for line in lines]
