"""Shared helpers of the binding-language tests: the sample schema and the golden files."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from compiler.account.model import AccountSchema
from compiler.samples import load_sample_schema

FIXTURES = Path(__file__).parent / "fixtures" / "dsl"


@cache
def harbor() -> AccountSchema:
    return load_sample_schema("harbor_vet")


def bad_cases() -> list[tuple[str, list[str]]]:
    """(binding, ["CODE@line:col", ...]) from fixtures/dsl/bad.txt."""
    cases: list[tuple[str, list[str]]] = []
    block: list[str] = []
    for line in (FIXTURES / "bad.txt").read_text(encoding="utf-8").split("\n"):
        if line.startswith("%%"):
            continue
        if line.startswith("=> "):
            cases.append(("\n".join(block), line[3:].split()))
            block = []
        elif line.strip():
            block.append(line)
    return cases
