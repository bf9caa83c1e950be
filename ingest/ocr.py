"""OCR of one scanned page into text lines and ruled tables.

Official plans print their task tables with ruled borders. The rules are found in the image
(rows and columns of dark pixels far longer than any letter), erased, and the page is read by
tesseract; each recognised word then goes to the table cell its centre falls in, or to a text line.
"""
from __future__ import annotations

import csv
import io
import subprocess
from dataclasses import dataclass

import numpy as np

from core.text import collapse, nfc
from ingest.read import Block, TableBlock, TextBlock

RULE_SHARE = 0.25  # a rule covers at least this share of the page width (text rows stay below ~0.15)
COLUMN_SHARE = 0.6  # a column rule covers at least this share of its table's height
OCR_SECONDS = 180
MIN_INK_PIXELS = 30  # a cell with fewer dark pixels is empty (specks, the end of a rule)
INK = 180  # grey level below which a pixel counts as ink when looking for rules (0 black, 255 white)


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
    gray = np.asarray(image.convert("L"))
    dark = gray < INK  # thin rules scan as grey, not black
    tables = find_tables(dark)
    clean = gray.copy()
    for rows, cols in tables:
        for y in rows:
            clean[max(y - 3, 0):y + 4, cols[0]:cols[-1] + 1] = 255
        for x in cols:
            clean[rows[0]:rows[-1] + 1, max(x - 3, 0):x + 4] = 255
    words = read_words(clean, languages)
    items = _place(words, tables)
    for (rows, cols), (_, block) in zip(tables, items):
        _reread_empty_cells(block, rows, cols, clean, languages)
    return items


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


def find_tables(dark: np.ndarray) -> list[tuple[list[int], list[int]]]:
    """(row rule y's, column rule x's) of each ruled table on the page."""
    height, width = dark.shape
    rules = _centres(np.flatnonzero(_longest_runs(dark) >= RULE_SHARE * width))
    tables = []
    for group in _groups(rules, gap=height // 4):
        if len(group) < 2:
            continue
        span = dark[group[0]:group[-1] + 1]
        cols = _centres(np.flatnonzero(span.sum(axis=0) >= COLUMN_SHARE * span.shape[0]))
        if len(cols) >= 3:
            tables.append((group, cols))
    return tables


def _longest_runs(dark: np.ndarray) -> np.ndarray:
    """Per image row, the longest run of dark pixels (a rule is one long run, text many short ones)."""
    padded = np.pad(dark.astype(np.int8), ((0, 0), (1, 1)))
    edges = np.diff(padded, axis=1)
    longest = np.zeros(dark.shape[0], dtype=int)
    for y in np.flatnonzero(dark.sum(axis=1) >= RULE_SHARE * dark.shape[1]):
        starts, ends = np.flatnonzero(edges[y] == 1), np.flatnonzero(edges[y] == -1)
        longest[y] = (ends - starts).max()
    return longest


def _centres(indices: np.ndarray) -> list[int]:
    """Adjacent pixel rows/columns of one thick rule become its centre."""
    return [int(np.mean(g)) for g in _groups(list(indices), gap=3)]


def _groups(values: list[int], gap: int) -> list[list[int]]:
    groups: list[list[int]] = []
    for v in values:
        if groups and v - groups[-1][-1] <= gap:
            groups[-1].append(v)
        else:
            groups.append([v])
    return groups


def read_words(gray: np.ndarray, languages: str, psm: int = 3) -> list[Word]:
    from PIL import Image
    buffer = io.BytesIO()
    Image.fromarray(gray).save(buffer, format="PNG")
    done = subprocess.run(["tesseract", "stdin", "stdout", "-l", languages, "--psm", str(psm), "tsv"],
                          input=buffer.getvalue(), capture_output=True, timeout=OCR_SECONDS, check=True)
    words = []
    for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                              quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") == "5" and text:
            left, top = int(row["left"]), int(row["top"])
            words.append(Word(nfc(text), left, top, left + int(row["width"]), top + int(row["height"]),
                              (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))))
    return words


def _place(words: list[Word], tables) -> list[tuple[float, Block]]:
    cells: list[dict[tuple[int, int], list[Word]]] = [{} for _ in tables]
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for word in words:
        spot = _cell_of(word, tables)
        if spot:
            t, r, c = spot
            cells[t].setdefault((r, c), []).append(word)
        else:
            lines.setdefault(word.line, []).append(word)
    items: list[tuple[float, Block]] = []
    for (rows, cols), table_cells in zip(tables, cells):
        grid = [[_cell_text(table_cells.get((r, c), [])) for c in range(len(cols) - 1)] for r in range(len(rows) - 1)]
        items.append((rows[0], TableBlock(grid)))
    for line_words in lines.values():
        line_words.sort(key=lambda w: w.left)
        items.append((min(w.top for w in line_words), TextBlock([" ".join(w.text for w in line_words)])))
    return items


def _cell_of(word: Word, tables) -> tuple[int, int, int] | None:
    x, y = word.centre
    for t, (rows, cols) in enumerate(tables):
        if rows[0] < y < rows[-1] and cols[0] < x < cols[-1]:
            r = int(np.searchsorted(rows, y)) - 1
            c = int(np.searchsorted(cols, x)) - 1
            return t, r, c
    return None


def _cell_text(words: list[Word]) -> str:
    words = sorted(words, key=lambda w: (w.line, w.left))
    return collapse(" ".join(w.text for w in words))
