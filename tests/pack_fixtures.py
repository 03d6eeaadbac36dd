"""Helpers for the pack tests: fixture paths, sample schemas, and golden diagnostic lines."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from compiler.account import AccountSchema, load_schema
from compiler.diagnostics import Diagnostic, sort_key

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "packs"
INVALID = FIXTURES / "invalid"
BINDINGS = FIXTURES / "bindings"
HUBSPOT_PACK = ROOT / "packs" / "hubspot"
SAMPLES = ROOT / "compiler" / "samples"
HARBOR_SCHEMA = SAMPLES / "harbor_vet.schema.json"
SMALL_SCHEMA = SAMPLES / "small.schema.json"


@cache
def harbor() -> AccountSchema:
    return load_schema(HARBOR_SCHEMA)


@cache
def small() -> AccountSchema:
    return load_schema(SMALL_SCHEMA)


def golden_lines(diagnostics: Iterable[Diagnostic], base: Path) -> list[str]:
    """``CODE@FILE:LINE:COL`` per diagnostic, file relative to ``base``, sorted."""
    out = []
    for d in sorted(diagnostics, key=sort_key):
        file = Path(d.file or "?")
        shown = file.relative_to(base) if file.is_absolute() and file.is_relative_to(base) else file
        out.append(f"{d.code}@{shown}:{d.line}:{d.col}")
    return sorted(out)


def read_golden(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return sorted(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))
