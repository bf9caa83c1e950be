"""Failures tell the truth and leave things whole (issue 12): a full disk, a read-only index, a Chroma
server that is down, and a write that fails half-way."""
import json
import shutil
import subprocess
import sys

import pytest

from core.errors import StorageError
from core.settings import PROJECT_ROOT
from core.types import Chunk
from ingest.embed import CachedEmbeddings, EmbeddingCache
from ingest.index import PlanIndex, open_client
from tests.ingest.test_embed import HashEmbeddings


def _can_mount(tmp_path) -> bool:
    probe = tmp_path / "probe"
    probe.mkdir()
    return bool(shutil.which("unshare")) and subprocess.run(
        ["unshare", "-rm", "mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(probe)],
        capture_output=True).returncode == 0


@pytest.fixture(scope="module")
def scenario(tmp_path_factory, test_settings, indexed):
    """The real thing: a 64 MB tmpfs filled to its last MB, in a private mount namespace. (Letting
    Chroma itself meet the full disk is not part of it: its delete can then retry for ever, which is
    why writes check the free space first; the undo of a half-done write is tested below.)"""
    work = tmp_path_factory.mktemp("storage")
    if not _can_mount(work):
        pytest.skip("needs `unshare -rm` and tmpfs mounts (user namespaces) to make a real full disk")
    run = subprocess.run(["unshare", "-rm", sys.executable, "-m", "tests.ingest.storage_scenario", str(work),
                          str(test_settings.cache_dir)], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


@pytest.mark.integration
@pytest.mark.slow
def test_a_full_disk_refuses_ingest_upload_and_removal_and_changes_nothing(scenario):
    before = scenario["before"]
    for step in ("ingest", "remove"):
        assert not scenario[step]["ok"], step
        assert "Không có thay đổi nào được áp dụng" in scenario[step]["vi"] and "Nothing was changed" in scenario[step]["en"]
    assert scenario["ingest"]["cause"] == scenario["remove"]["cause"] == "full"
    assert "đĩa đã đầy" in scenario["ingest"]["vi"] and "disk is full" in scenario["ingest"]["en"]
    upload = scenario["upload"]
    assert upload["status"] == 503 and upload["body"]["error"]["code"] == "storage_error"
    assert upload["body"]["error"]["file"] == "an-giang.txt"
    for after in ("after_ingest", "after_upload", "after_remove"):
        assert scenario[after] == before, after  # same plans, same chunks, no stray upload
    assert scenario["ask_status"] == 200  # answers go on from what is indexed


@pytest.mark.integration
@pytest.mark.slow
def test_with_space_again_the_same_ingest_works(scenario):
    assert scenario["ingest_with_space"]["ok"]
    assert len(scenario["after_space"]["documents"]) == 2


@pytest.mark.integration
@pytest.mark.slow
def test_a_read_only_index_gives_one_clear_message_not_a_traceback(scenario):
    assert scenario["open_read_only"]["cause"] == "read_only"
    cli = scenario["cli_read_only"]
    assert cli["code"] == 1 and "Traceback" not in cli["stderr"]
    assert "chỉ đọc" in cli["stderr"] and "read-only" in cli["stderr"] and "PLANBOT_INDEX_DIR" in cli["stderr"]


@pytest.mark.integration
def test_a_chroma_server_that_is_down_is_named(tmp_path):
    with pytest.raises(StorageError) as err:
        open_client(tmp_path, "http://127.0.0.1:9")  # the discard port: nothing listens
    assert err.value.cause == "unreachable" and "PLANBOT_CHROMA_URL" in err.value.hint_vi


class _FailingSecondAdd:
    """A Chroma collection whose second batch write fails, as a full disk would half-way through a plan."""

    def __init__(self, real):
        self.real, self.adds = real, 0

    def add(self, **kw):
        self.adds += 1
        if self.adds == 2:
            raise OSError(28, "No space left on device")
        return self.real.add(**kw)

    def __getattr__(self, name):
        return getattr(self.real, name)


@pytest.mark.unit
def test_a_write_that_fails_half_way_is_taken_back(tmp_path):
    embeddings = CachedEmbeddings(HashEmbeddings(), EmbeddingCache(tmp_path / "cache.sqlite"))
    index = PlanIndex(open_client(tmp_path / "index"), embeddings)
    old = [Chunk(id=f"old{i}", source="p.txt", ref=f"task:{i}", kind="task", text=f"cũ {i}", metadata={"source": "p.txt"})
           for i in range(3)]
    index.replace_source("p.txt", old)
    new = [Chunk(id=f"new{i}", source="p.txt", ref=f"task:{i}", kind="task", text=f"mới {i}", metadata={"source": "p.txt"})
           for i in range(1500)]  # two batches of at most 1000
    index.collection = _FailingSecondAdd(index.collection)
    with pytest.raises(StorageError) as err:
        index.replace_source("p.txt", new)
    assert err.value.cause == "full" and "Nothing was changed" in err.value.en
    assert index.ids_of("p.txt") == {c.id for c in old}  # the first 1000 new chunks were taken out again


@pytest.mark.unit
def test_an_unwritable_embedding_cache_only_costs_time(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    cache = EmbeddingCache(blocker / "cache.sqlite")  # its folder cannot be made
    emb = CachedEmbeddings(HashEmbeddings(), cache)
    assert len(emb.embed_documents(["a", "b"])) == 2
    assert "warning" in capsys.readouterr().err
