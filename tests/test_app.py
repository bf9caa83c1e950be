"""app.py's start-up path (settings from the environment, folders ingested, UI and API served)."""
import httpx
import pytest

from core.settings import get_settings
from tests.bot.server import serving
from tests.conftest import PLANS_DIR

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("damaged", ["null", "42", "[[1]]"])
def test_a_damaged_removed_json_is_reported_and_the_app_starts(indexed, test_settings, tmp_path, monkeypatch,
                                                              capfd, damaged):
    from app import create_app
    removed = test_settings.index_dir / "removed.json"
    kept = removed.read_bytes() if removed.exists() else None
    for name, value in {"INDEX_DIR": test_settings.index_dir, "PLANS_DIR": PLANS_DIR, "UPLOAD_DIR": tmp_path,
                        "CACHE_DIR": test_settings.cache_dir, "SHOW_PROGRESS": "false", "HOST": "127.0.0.1",
                        "FEEDBACK_PATH": tmp_path / "feedback.jsonl"}.items():
        monkeypatch.setenv(f"PLANBOT_{name}", str(value))
    removed.write_text(damaged, encoding="utf-8")
    get_settings.cache_clear()
    try:
        with serving(create_app()) as url:
            health = httpx.get(url + "/health").json()
        assert health["status"] == "ok" and health["documents"] == 5
        assert "removed.json" in capfd.readouterr().err  # said, with the file's path
        assert removed.read_text(encoding="utf-8") == "[]"  # rebuilt
    finally:
        get_settings.cache_clear()
        removed.unlink(missing_ok=True)
        (removed.parent / "removed.json.damaged").unlink(missing_ok=True)
        if kept is not None:
            removed.write_bytes(kept)
