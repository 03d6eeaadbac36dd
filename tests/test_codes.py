"""Error codes: one casing per kind, one registry per layer, every code documented (issue 9 #19)."""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

import pytest

from compiler.codes import BINDING_CODES, DIAGNOSTIC_CODES, KEBAB, PACK_CODES
from compiler.runtime import results

ROOT = Path(__file__).resolve().parent.parent
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")

# Calls that make a diagnostic, and which argument holds its code.
_CODE_ARG = {
    "diag": 0,
    "Diagnostic": 0,
    "diagnostic": 0,
    "_error": 0,
    "TemplateProblem": 0,
    "fragment_diagnostic": 2,
}


def _codes_in_sources() -> dict[str, list[str]]:
    """Every string literal passed as a diagnostic's code anywhere in the compiler package."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "compiler").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name not in _CODE_ARG:
                continue
            index = _CODE_ARG[name]
            arg = next((k.value for k in node.keywords if k.arg == "code"), None)
            if arg is None and len(node.args) > index:
                arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.setdefault(arg.value, []).append(where)
    return found


def test_diagnostic_codes_are_kebab_case() -> None:
    assert not set(BINDING_CODES) & set(PACK_CODES)
    assert [c for c in DIAGNOSTIC_CODES if not KEBAB.match(c)] == []


def test_every_code_in_the_sources_is_registered_and_every_registered_code_is_used() -> None:
    found = _codes_in_sources()
    unregistered = {code: where for code, where in found.items() if code not in DIAGNOSTIC_CODES}
    assert unregistered == {}
    assert sorted(set(DIAGNOSTIC_CODES) - set(found)) == []


@pytest.mark.parametrize("code", sorted(DIAGNOSTIC_CODES))
def test_every_diagnostic_code_is_documented(code: str) -> None:
    assert f"| `{code}` |" in DOCS


RUNTIME_CODES = sorted(
    {*typing.get_args(results.RefusalCode)}
    | {
        typing.get_args(model.model_fields["status"].annotation)[0]
        for model in typing.get_args(results.CallResult)
    }
)


@pytest.mark.parametrize("code", RUNTIME_CODES)
def test_runtime_results_and_refusals_stay_snake_case_and_documented(code: str) -> None:
    assert SNAKE.match(code)
    assert f"`{code}`" in DOCS or f"{code}|" in DOCS or f"|{code}`" in DOCS
