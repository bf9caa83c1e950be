"""Prompts and answer templates are data in prompts/*.toml, loaded by name."""
from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    path = PROMPTS_DIR / f"{name}.toml"
    with path.open("rb") as fh:
        return tomllib.load(fh)
