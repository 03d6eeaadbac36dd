"""What the runtime and interaction logging share lives below both (``compiler.identity``), and
interaction logging never reaches into the runtime; the store imports neither."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "compiler"


def _imports(folder: str) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for file in (PACKAGE / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add((file.name, node.module))
            elif isinstance(node, ast.Import):
                found.update((file.name, alias.name) for alias in node.names)
    return found


def test_writeback_does_not_import_the_runtime() -> None:
    assert [i for i in _imports("writeback") if i[1].startswith("compiler.runtime")] == []


def test_identity_and_store_import_neither_runtime_nor_writeback() -> None:
    for folder in ("identity", "store"):
        reaching = [
            i
            for i in _imports(folder)
            if i[1].startswith(("compiler.runtime", "compiler.writeback", "compiler.cli"))
        ]
        assert reaching == [], folder
