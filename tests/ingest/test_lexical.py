import pytest

import ingest.lexical as lexical
from ingest.chunk import chunk_document
from tests.conftest import AN_GIANG, KIEN_HAI

pytestmark = pytest.mark.unit


def test_rebuild_segments_only_changed_chunks(parsed, tmp_path, monkeypatch):
    chunks = chunk_document(parsed[KIEN_HAI])
    calls = []
    real = lexical.tokenize_passage
    monkeypatch.setattr(lexical, "tokenize_passage", lambda text: calls.append(text) or real(text))
    first = lexical.LexicalIndex.build(chunks, tmp_path)
    assert len(calls) == len(chunks)
    calls.clear()
    extra = chunk_document(parsed[AN_GIANG])[:3]
    second = lexical.LexicalIndex.build(chunks + extra, tmp_path)
    assert len(calls) == 3  # only the new chunks were segmented
    assert second.search("cap cuu ngoai vien", k=1)[0][0] == first.search("cap cuu ngoai vien", k=1)[0][0]


def test_query_tokens_pair_unaccented_syllables_into_compounds():
    assert "cap_cuu" in lexical.tokenize_query("cap cuu ngoai vien")
    assert "cap_cuu" in lexical.tokenize_passage("Đề án cấp cứu ngoại viện")
