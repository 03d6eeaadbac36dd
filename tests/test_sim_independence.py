"""The simulator keeps its own beliefs about HubSpot: it imports nothing from the compiler.

It stands in for HubSpot in the compiler's and the runtime's tests. Reading the compiler's
property rules or standard-object tables would make a wrong belief pass on both sides.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT

SIMULATOR = ROOT / "compiler" / "simulator"
MODULES = sorted(SIMULATOR.glob("*.py"))


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from compiler import account` names the module in the alias
            names = [f"{node.module}.{a.name}" for a in node.names]
            found += [(node.lineno, n) for n in (names if node.module == "compiler" else [])]
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found.append((node.lineno, "." * node.level + (node.module or "")))
    return found


def _outside(module: str) -> bool:
    """A compiler module that is not the simulator (``..x`` reaches out of the package too)."""
    in_compiler = module.startswith("compiler.") and not module.startswith("compiler.simulator")
    return in_compiler or module.startswith("..")


def test_there_are_simulator_modules_to_check() -> None:
    assert len(MODULES) > 10


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_a_simulator_module_imports_nothing_from_the_compiler(path: Path) -> None:
    outside = [
        f"{path.name}:{line}: {module}"
        for line, module in _imported_modules(path)
        if _outside(module)
    ]
    assert outside == []


def test_the_checker_catches_a_compiler_import(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from compiler.account.model import Property\ndef f():\n    import compiler.check\n",
        encoding="utf-8",
    )
    outside = [m for _, m in _imported_modules(probe) if _outside(m)]
    assert outside == ["compiler.account.model", "compiler.check"]
