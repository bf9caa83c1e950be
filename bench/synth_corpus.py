"""A synthetic corpus of plans for scale benchmarks: variants of real plans, in their own formats.

Each variant is a real plan's text with its place, số hiệu, years, quarters and agencies changed and
some task rows dropped, so it goes through the same reader and parser as the original (pipe scrapes,
tab tables, Markdown tables stay what they were). Nothing here knows a file name: the plan's own
place and number come from the parser.

    .venv/bin/python bench/synth_corpus.py --plans 1000 --out /tmp/planbot-synth [--seed 7]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.types import PlanMetadata  # noqa: E402

# The 34 provinces and cities after the 2025 merger.
PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
    "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
    "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
    "Đắk Lắk", "Thành phố Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau",
    "An Giang",
]
# Commune / đặc khu names are built from common place-name syllables.
FIRST = ["Tân", "Long", "Bình", "Phú", "Hòa", "Thạnh", "Vĩnh", "Mỹ", "Đông", "Tây", "Hưng", "Phước", "Trung"]
SECOND = ["Hòa", "Phú", "Lợi", "Thành", "Hưng", "Thuận", "Khánh", "Lộc", "Xuân", "Điền", "Hiệp", "Lạc", "Thịnh"]
# Agencies that lead or coordinate tasks; a variant permutes those present (Sở Y tế stays the lead
# of a health plan, as in every real one).
AGENCIES = [
    "Sở Tài chính", "Sở Nội vụ", "Sở Giáo dục và Đào tạo", "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Công Thương", "Sở Tư pháp",
    "Công an tỉnh", "Bảo hiểm xã hội tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Báo và Phát thanh, Truyền hình",
]
QUARTERS = ["I", "II", "III", "IV"]
_YEAR = re.compile(r"\b20[2-4]\d\b")
_QUARTER = re.compile(r"\b(Quý\s+)(IV|III|II|I)\b")
_NUMBER_CELL = re.compile(r"^\s*\|?\s*(<b>)?\d+(\.\d+)*\.?(</b>)?\s*(\||\t)")


@dataclass
class Variant:
    """What one synthetic plan changes in its source plan."""
    index: int
    province: str
    locality: str
    number: str
    year_shift: int
    quarter_shift: int
    drop_rate: float
    agencies: dict[str, str] = field(default_factory=dict)


def plan_variant(index: int, meta: PlanMetadata, rng: random.Random) -> Variant:
    province = PROVINCES[index % len(PROVINCES)]
    sub_province = bool(meta.locality and meta.province and meta.locality != meta.province)
    locality = f"{rng.choice(FIRST)} {rng.choice(SECOND)}" if sub_province else province
    number = f"{rng.randint(1, 400):02d}/KH-UBND" if meta.number else ""
    shuffled = rng.sample(AGENCIES, len(AGENCIES))
    return Variant(index, province, locality, number, rng.randint(0, 4), rng.randint(0, 3),
                   rng.uniform(0.0, 0.25), dict(zip(AGENCIES, shuffled)))


def apply_variant(text: str, meta: PlanMetadata, variant: Variant, rng: random.Random) -> str:
    """Rename in one pass (so a new name is never renamed again), then shift dates and drop rows."""
    names = {meta.province: variant.province, meta.locality: variant.locality, **variant.agencies}
    if meta.number and variant.number:
        names[meta.number] = variant.number
    names = {old: new for old, new in names.items() if old}
    for old in list(names):
        names.setdefault(old.upper(), names[old].upper())
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    text = pattern.sub(lambda m: names[m.group(0)], text)
    text = _YEAR.sub(lambda m: str(int(m.group(0)) + variant.year_shift), text)
    text = _QUARTER.sub(lambda m: m.group(1) + QUARTERS[(QUARTERS.index(m.group(2)) + variant.quarter_shift) % 4],
                        text)
    return drop_rows(text, variant.drop_rate, rng)


def drop_rows(text: str, rate: float, rng: random.Random) -> str:
    """Drop numbered table rows in any of the seen layouts: one line per row (tab or Markdown), or
    a web scrape's cells one per line with a lone '|' between rows."""
    out: list[str] = []
    skipping = False
    for line in text.split("\n"):
        if skipping:
            skipping = line.strip() != "|"
            continue
        if _NUMBER_CELL.match(line) and rng.random() < rate:
            scrape_cell = line.rstrip().endswith("|") and "\t" not in line and line.count("|") == 1
            skipping = scrape_cell
            continue
        out.append(line)
    return "\n".join(out)


def generate(sources: list[Path], count: int, out: Path, seed: int = 7) -> list[tuple[Path, Path]]:
    """Write `count` variants, taking the sources in turn; returns (variant, source) file pairs."""
    from ingest.parse import parse_document
    from ingest.read import read_document
    out.mkdir(parents=True, exist_ok=True)
    texts = [p for p in sources if p.suffix.lower() in (".txt", ".md")]  # .docx/.pdf are not rewritten
    metas = [parse_document(read_document(p)).metadata for p in texts]
    rng = random.Random(seed)
    written = []
    for i in range(count):
        path, meta = texts[i % len(texts)], metas[i % len(texts)]
        variant = plan_variant(i, meta, rng)
        text = apply_variant(path.read_text(encoding="utf-8-sig"), meta, variant, rng)
        target = out / f"synth_{i:04d}_{path.stem[:12]}{path.suffix}"
        target.write_text(text, encoding="utf-8")
        written.append((target, path))
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sources", type=Path, default=None, help="folder of real plans (default: bundled)")
    args = parser.parse_args()
    from core.settings import PROJECT_ROOT
    from ingest.pipeline import expand_paths
    sources = expand_paths([args.sources or PROJECT_ROOT / "data" / "plans"])
    files = generate(sources, args.plans, args.out, args.seed)
    print(f"{len(files)} plans written to {args.out}")


if __name__ == "__main__":
    main()
