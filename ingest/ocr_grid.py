"""The ruled grid of a scanned page: the page levelled and cleaned, its tables' rules found (rows
and columns of dark pixels far longer than any letter) and erased, so OCR reads only the cells' text
and each word can go to the cell its centre falls in.
"""
from __future__ import annotations

import numpy as np

RULE_SHARE = 0.25  # a rule covers at least this share of the page width (text rows stay below ~0.15)
COLUMN_SHARE = 0.6  # a column rule covers at least this share of its table's height
INK = 180  # grey level below which a pixel counts as ink when looking for rules (0 black, 255 white)
RULE_RUN = 70  # pixels (300 dpi): a straight dark run this long is a rule; the tallest glyph with its
# accents ('Ộ' at 13 pt) is ~55, the lowest row (a group label) ~50 between rules that go on through the crossings
TABLE_MARGIN = 12  # pixels around a table's outer rules still cleared of rule pixels (the rules' own width)


def ruled(dark: np.ndarray, top: int, bottom: int, x: int) -> bool:
    """A column rule runs (almost) unbroken through this row."""
    return bool(dark[top:bottom, max(x - 2, 0):x + 3].any(axis=1).mean() >= 0.9)


SPECK_FILTER = 3  # median window (pixels at 300 dpi): a scanner's speck (1-2 px) goes, a stroke (4-5 px) stays
BLACK = 160  # OCR reads black on white: tesseract's own threshold on a page of faint grey specks and rule
# remnants read the row numbers '1.1', '2.2', '2.3' as 'dai', 's2', 'hoi'; all three right after this


def despeckle(gray):
    """Scanner specks read as letters and accents ('Ÿ lãng', '2.1.'): a small median removes them."""
    from PIL import ImageFilter
    return gray.filter(ImageFilter.MedianFilter(SPECK_FILTER))


SKEW_LIMIT = 2.0  # degrees; a page scanned more crooked than this is not straightened
SKEW_STEP = 0.1
SKEW_GAIN = 1.05  # the turned page's rows of ink must be this much sharper than as scanned


def deskew(gray):
    """A page scanned slightly turned (under a degree or two, as every scanner feed does) is turned
    back: rules found pixel row by pixel row and words on lines need it level. The angle is the one
    that makes the rows of ink sharpest (largest variance of the horizontal projection)."""
    from PIL import Image
    small = gray.reduce(4)
    ink = Image.fromarray(((np.asarray(small) < INK) * 255).astype(np.uint8))
    score = lambda a: float(np.var(np.asarray(ink.rotate(a, resample=Image.NEAREST)).sum(axis=1)))
    coarse = max(np.arange(-SKEW_LIMIT, SKEW_LIMIT + 0.01, 0.5), key=score)
    best = float(max(np.arange(coarse - 0.4, coarse + 0.41, SKEW_STEP), key=score))
    if abs(best) < 0.15 or score(best) < SKEW_GAIN * score(0.0):  # level already: turning only blurs
        return gray
    return gray.rotate(best, resample=Image.BICUBIC, fillcolor=255)


def find_tables(dark: np.ndarray) -> list[tuple[list[int], list[int]]]:
    """(row rule y's, column rule x's) of each ruled table on the page. A column rule is one unbroken
    run longer than any glyph: in a table of two short rows, tall letters stacked in one pixel column
    ('Chỉ' over 'tiêm') added up to the share alone and split 'Chỉ tiêu' into three columns."""
    height, width = dark.shape
    rules = _centres(np.flatnonzero(_longest_runs(dark) >= RULE_SHARE * width))
    tables = []
    for group in _connected(rules, dark):
        if len(group) < 2:
            continue
        span = dark[group[0]:group[-1] + 1]
        long_enough = span.sum(axis=0) >= COLUMN_SHARE * span.shape[0]
        cols = _centres(np.flatnonzero(long_enough & _straight_runs(span, RULE_RUN, 0).any(axis=0)))
        if len(cols) >= 3:
            tables.append((group, cols))
    return tables


def _connected(rules: list[int], dark: np.ndarray) -> list[list[int]]:
    """Rules joined by a vertical rule (some column dark all the way between them) are one table,
    however tall its rows; rules with only white between them belong to different tables."""
    groups: list[list[int]] = []
    for y in rules:
        if groups and (dark[groups[-1][-1]:y + 1].sum(axis=0) >= 0.9 * (y - groups[-1][-1] + 1)).any():
            groups[-1].append(y)
        else:
            groups.append([y])
    return groups


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


def erase_rules(binary: np.ndarray, dark: np.ndarray, tables) -> np.ndarray:
    """The page with every rule pixel of its tables whitened: pixels on a long straight dark run,
    found run by run (not a fixed band around the rule's centre), so a rule still a little turned
    or thicker than usual leaves no stroke that reads as 'l' or '|' ('1.1 l' dropped a row)."""
    clean = binary.copy()
    for rows, cols in tables:
        top, bottom = max(rows[0] - TABLE_MARGIN, 0), rows[-1] + TABLE_MARGIN + 1
        left, right = max(cols[0] - TABLE_MARGIN, 0), cols[-1] + TABLE_MARGIN + 1
        box = dark[top:bottom, left:right]
        rule = _grow(_straight_runs(box, RULE_RUN, 0) | _straight_runs(box, RULE_RUN, 1))
        clean[top:bottom, left:right][rule] = 255
    return clean


def _straight_runs(dark: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels lying on a run of at least `length` dark pixels along `axis` (an opening by a line)."""
    d = np.moveaxis(dark, axis, 0)
    n = d.shape[0]
    if n < length:
        return np.zeros_like(dark)
    total = np.concatenate([np.zeros((1,) + d.shape[1:], np.int32), np.cumsum(d, axis=0, dtype=np.int32)])
    full = (total[length:] - total[:-length]) == length  # the window starting here is all dark
    starts = np.concatenate([np.zeros((1,) + d.shape[1:], np.int32), np.cumsum(full, axis=0, dtype=np.int32)])
    j = np.arange(n)
    low, high = np.clip(j - length + 1, 0, None), np.minimum(j, n - length) + 1
    return np.moveaxis((starts[high] - starts[low]) > 0, 0, axis)


def _grow(mask: np.ndarray) -> np.ndarray:
    """One pixel more all round: a rule's grey fringe."""
    grown = mask.copy()
    grown[1:] |= mask[:-1]
    grown[:-1] |= mask[1:]
    grown[:, 1:] |= mask[:, :-1]
    grown[:, :-1] |= mask[:, 1:]
    return grown
