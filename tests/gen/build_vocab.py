"""Rebuild tests/gen/words.txt from the bundled plans (/work/shared/plans or data/plans).

The generator writes Vietnamese made of words real plans use, never random unicode: every
word here occurs at least twice in the bundled plans. Run: python -m tests.gen.build_vocab [DIR]
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from core.text import nfc

_WORD = re.compile(r"[^\W\d_]+")
MIN_COUNT = 2


def build(folder: Path) -> list[str]:
    counts: Counter[str] = Counter()
    for path in sorted(folder.glob("*.txt")):
        for word in _WORD.findall(nfc(path.read_text(encoding="utf-8"))):
            if word.islower() and len(word) >= 2:
                counts[word] += 1
    return sorted(w for w, n in counts.items() if n >= MIN_COUNT)


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "data/plans")
    words = build(folder)
    (Path(__file__).parent / "words.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words from {folder}")
