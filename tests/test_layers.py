"""The layers of ARCHITECTURE.md hold: import-linter's contracts pass on the tree, and an import
reaching up (the store importing the CLI) or sideways (the simulator importing the compiler's
beliefs) breaks them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=tree, env=env, capture_output=True, text=True, timeout=300
    )


def _copy(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    shutil.copytree(
        ROOT / "compiler", tree / "compiler", ignore=shutil.ignore_patterns("*.json", "__pycache__")
    )
    return tree


@pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")
def test_the_tree_keeps_every_layer_contract() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")
@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("store/meta.py", "import compiler.cli.call", "Applications (CLI, service, MCP, demo)"),
        ("check.py", "import compiler.store.engine", "The compiler is pure"),
        ("store/config.py", "import compiler.runtime.runtime", "The store holds state"),
        ("simulator/values.py", "import compiler.account.model", "The simulator is a separate"),
        ("hubspot/retry.py", "import compiler.product.calls", "The HubSpot client knows HubSpot"),
    ],
)
def test_an_import_across_a_layer_breaks_a_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    tree = _copy(tmp_path)
    target = tree / "compiler" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = _lint(tree)
    assert result.returncode != 0
    broken = [text for text in result.stdout.splitlines() if text.rstrip().endswith("BROKEN")]
    assert any(text.startswith(contract) for text in broken), result.stdout
