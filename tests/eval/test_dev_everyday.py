"""The everyday rewrites that choose the candidate cut-off come from dev alone and keep their
original's answer, so training on them never sees a held-out question or a wrong label."""
import json
from pathlib import Path

import pytest

from eval.train_decision import WORDING_SET, read_jsonl

pytestmark = pytest.mark.unit
DATASETS = Path(__file__).resolve().parents[2] / "eval" / "datasets"
HELD_OUT = [DATASETS / "fresh.jsonl", DATASETS / "paraphrase_everyday.jsonl", DATASETS / "paraphrase_roles.jsonl",
            Path(__file__).resolve().parents[3] / "shared" / "eval" / "validation.jsonl"]


def test_every_rewrite_keeps_its_dev_original_answer():
    dev = {q["id"]: q for q in read_jsonl(DATASETS / "dev.jsonl")}
    rewrites = read_jsonl(WORDING_SET)
    assert len(rewrites) >= 40 and len({q["id"] for q in rewrites}) == len(rewrites)
    for q in rewrites:
        original = dev[q["origin"]]
        assert q["answerable"] and q["question"] != original["question"], q["id"]
        for key in ("expected_sources", "expected_facts", "answerable", "type"):
            assert q[key] == original[key], (q["id"], key)


def test_no_rewrite_is_a_held_out_question():
    held = {json.loads(line)["question"].strip().lower() for path in HELD_OUT if path.exists()
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert not {q["question"].strip().lower() for q in read_jsonl(WORDING_SET)} & held
