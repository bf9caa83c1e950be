"""Reading order of text laid out in a borderless two-column table, for text PDFs and OCR alike.

An official document prints its header (issuer | national motto; số hiệu | place and date) and its
signature block (recipients | signing title and name) side by side without rules. Read line by line
across the page, the two columns interleave ('TỈNH AN GIANG Độc lập - Tự do - Hạnh phúc'); read
column by column, each cell's lines join back into the line the metadata reader expects.
"""
from __future__ import annotations


def _column_width(band: list[dict]) -> float:
    """A right column starts at least a quarter of the band's width right of the left edge."""
    return (max(s["x1"] for s in band) - min(s["x0"] for s in band)) / 4


def word_segments(words: list[dict], gap: float) -> list[dict]:
    """Words (text, x0, x1, top, bottom) into segments: the words of one line (centres within half a
    word height), left to right, cut where a gap wider than `gap` separates two columns."""
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: w["top"] + w["bottom"]):
        centre = (word["top"] + word["bottom"]) / 2
        if rows and rows[-1][0]["top"] <= centre <= rows[-1][0]["bottom"]:  # '-' is short but centred
            rows[-1].append(word)
        else:
            rows.append([word])
    segments: list[dict] = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        for i, word in enumerate(row):
            if i and word["x0"] - row[i - 1]["x1"] < gap:
                last = segments[-1]
                last.update(text=f"{last['text']} {word['text']}", x1=word["x1"],
                            top=min(last["top"], word["top"]), bottom=max(last["bottom"], word["bottom"]))
            else:
                segments.append({k: word[k] for k in ("text", "x0", "x1", "top", "bottom")})
    return segments


def layout_lines(segments: list[dict]) -> list[tuple[float, str]]:
    """(top, text) lines in reading order. Where segments sit side by side (a borderless layout table)
    each column is read on its own, top to bottom, and a cell's wrapped lines are joined back
    ('ỦY BAN NHÂN DÂN' + 'TỈNH AN GIANG'); elsewhere each segment is a line."""
    out: list[tuple[float, str]] = []
    for band in _bands(segments):
        if len(band) == 1 or not _side_by_side(band):
            out += [(s["top"], s["text"]) for s in band]
            continue
        left = min(t["x0"] for t in band)
        split = min((s["x0"] for s in band if s["x0"] > left + _column_width(band)), default=None)
        if split is None:
            out += [(s["top"], s["text"]) for s in band]
            continue
        lines = [line for column in ([s for s in band if s["x0"] < split - 1], [s for s in band if s["x0"] >= split - 1])
                 for line in _joined_cells(column)]
        top = min(s["top"] for s in band)  # callers sort by top: the columns' lines keep their order
        out += [(top + k * 1e-3, text) for k, (_, text) in enumerate(lines)]
    return out


def _bands(segments: list[dict]) -> list[list[dict]]:
    """Runs of segments with no blank line between them (gap under one line height)."""
    segments = sorted(segments, key=lambda s: (round(s["top"]), s["x0"]))
    bands: list[list[dict]] = []
    for s in segments:
        prev = bands[-1][-1] if bands else None
        if prev and s["top"] - max(p["bottom"] for p in bands[-1]) < (s["bottom"] - s["top"]) * 0.9:
            bands[-1].append(s)
        else:
            bands.append([s])
    return bands


def _side_by_side(band: list[dict]) -> bool:
    """Two segments that share height but not width: columns."""
    return any(a["top"] < b["bottom"] and b["top"] < a["bottom"] and (a["x1"] < b["x0"] or b["x1"] < a["x0"])
               for i, a in enumerate(band) for b in band[i + 1:i + 4])


# When a line of a layout-table column goes on the cell above: capitals under capitals (an issuer or
# signing title printed over lines), a lower-case start, or a bare year cut from its date.
def _continues(prev: str, line: str) -> bool:
    if set(prev) <= set("-_ ") or set(line) <= set("-_ "):
        return False
    caps = lambda t: any(c.isalpha() for c in t) and t.upper() == t
    return (caps(prev) and caps(line)) or line[:1].islower() or line.isdigit()


def _joined_cells(column: list[dict]) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    for s in column:
        if out and _continues(out[-1][1], s["text"]):
            out[-1] = (out[-1][0], f"{out[-1][1]} {s['text']}")
        else:
            out.append((s["top"], s["text"]))
    return out
