"""The layout shows the architecture: imports only point down (core ← ingest ← bot ← eval, app, cli), and
bot/answering never reaches into bot/serving or the Planbot facade. An arrow up fails here, with the file,
the line and the rule it breaks."""
import ast
from pathlib import Path

import pytest

from core.settings import PROJECT_ROOT

pytestmark = pytest.mark.unit

# (package a file lives in, module prefix it must not import, why)
RULES = [
    ("core", "ingest", "core holds the shared types and settings every layer uses"),
    ("core", "bot", "core holds the shared types and settings every layer uses"),
    ("core", "eval", "core holds the shared types and settings every layer uses"),
    ("ingest", "bot", "ingestion works without the answering side (CLI inspect, sandboxed parsing)"),
    ("ingest", "eval", "ingestion is measured by eval, not the other way round"),
    ("bot", "eval", "evaluation runs Planbot; Planbot must not depend on its own judge"),
    ("bot.answering", "bot.serving", "answering knows nothing of HTTP, the UI, sessions or uploads"),
    ("bot.answering", "bot.service", "the facade is built on answering, not answering on the facade"),
] + [(layer, top, "app.py and cli.py start the program; nothing below them imports them")
     for layer in ("core", "ingest", "bot", "eval") for top in ("app", "cli")]


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """Every module a file imports, at any depth (function-level imports count), relative ones resolved."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join(package + ([base] if base else []))
            found += [(node.lineno, base)] + [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def arrows_up(path: Path, root: Path) -> list[str]:
    module = module_name(path, root)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return sorted({f"{path.relative_to(root)}:{line} imports {banned} ({why})"
                   for line, name in imported(tree, module, path.name == "__init__.py")
                   for layer, banned, why in RULES if within(module, layer) and within(name, banned)})


def test_no_module_imports_a_layer_above_it():
    files = [p for top in ("core", "ingest", "bot", "eval") for p in (PROJECT_ROOT / top).rglob("*.py")]
    assert len(files) > 50  # the scan reads the tree, not an empty folder
    assert [arrow for p in files for arrow in arrows_up(p, PROJECT_ROOT)] == []


@pytest.mark.parametrize("where, source", [
    ("bot/serving/x.py", "import eval.run"),
    ("bot/answering/x.py", "from bot.serving import views"),
    ("bot/answering/x.py", "def f():\n    from ..serving.views import task_rows"),
    ("bot/answering/x.py", "from bot import service"),
    ("ingest/x.py", "from bot.answering.query import analyze"),
    ("core/x.py", "import ingest"),
    ("eval/x.py", "import app"),
])
def test_an_arrow_up_is_caught_wherever_it_is_written(tmp_path, where, source):
    assert len(scan(tmp_path, where, source)) == 1


@pytest.mark.parametrize("where, source", [
    ("bot/serving/x.py", "from bot.answering.listing import task_link\nfrom bot.service import Planbot"),
    ("bot/x.py", "from bot.answering import decide\nfrom bot.serving import provenance"),
    ("eval/x.py", "from bot.service import Planbot\nfrom ingest.index import open_index"),
    ("ingest/x.py", "from core.types import Chunk\nimport bottle"),
])
def test_imports_that_point_down_pass(tmp_path, where, source):
    assert scan(tmp_path, where, source) == []


def scan(root: Path, where: str, source: str) -> list[str]:
    """The arrows up in one made-up file of the tree at root."""
    path = root / where
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")
    return arrows_up(path, root)
