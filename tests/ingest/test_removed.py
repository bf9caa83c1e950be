"""A damaged removed.json is said and rebuilt, never a reason not to start."""
import json

import pytest

from ingest.removed import mark_removed, removed_sources

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("damaged,kept", [("null", set()), ("42", set()), ("[[1]]", set()), ('{"a.txt": 1}', set()),
                                          ("[1, \"a.txt\"]", {"a.txt"}), ("[\"a.txt\"", set()), ("", set())])
def test_a_damaged_file_is_warned_about_kept_aside_and_rebuilt(tmp_path, capsys, damaged, kept):
    (tmp_path / "removed.json").write_text(damaged, encoding="utf-8")
    assert removed_sources(tmp_path) == kept
    assert "removed.json" in capsys.readouterr().err
    assert (tmp_path / "removed.json.damaged").read_text(encoding="utf-8") == damaged
    assert set(json.loads((tmp_path / "removed.json").read_text(encoding="utf-8"))) == kept
    mark_removed(tmp_path, {"b.txt"}, removed=True)
    assert removed_sources(tmp_path) == kept | {"b.txt"} and capsys.readouterr().err == ""


def test_a_file_that_is_no_utf8_is_damage_too(tmp_path, capsys):
    (tmp_path / "removed.json").write_bytes(b'["a.txt", "\xff"]')
    assert removed_sources(tmp_path) == {"a.txt"} and "removed.json" in capsys.readouterr().err


def test_a_sound_file_is_read_without_a_word(tmp_path, capsys):
    mark_removed(tmp_path, {"a.txt", "b.txt"}, removed=True)
    assert removed_sources(tmp_path) == {"a.txt", "b.txt"}
    assert capsys.readouterr().err == "" and not (tmp_path / "removed.json.damaged").exists()
