"""Saving an authored binding into an agent's draft: `save` needs `name`; no silent overwrite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.account import load_schema
from compiler.authoring import author
from compiler.authoring.save import SaveError, save_result, validate_save
from compiler.binding import compile_binding

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = load_schema(ROOT / "compiler" / "samples" / "harbor_vet.schema.json")


class MemoryDraft:
    def __init__(self) -> None:
        self.skills: dict[str, dict[str, Any]] = {}

    def has_skill(self, name: str) -> bool:
        return name in self.skills

    def put_skill(self, name: str, skill: dict[str, Any]) -> None:
        self.skills[name] = skill


def test_save_stores_a_read_skill_with_its_checked_binding() -> None:
    draft = MemoryDraft()
    result = author("List the caller's open tickets", SCHEMA)
    saved = save_result(draft, result, "open_tickets", "List the caller's open tickets")
    assert saved.to_json() == {"name": "open_tickets", "replaced": False}
    skill = draft.skills["open_tickets"]
    assert skill["read"] == result.binding and "write" not in skill
    assert compile_binding(skill["read"], SCHEMA).ok
    assert skill["description"]


def test_write_skill_gets_a_confirmation() -> None:
    draft = MemoryDraft()
    goal = "Create a ticket for the caller with a given subject"
    save_result(draft, author(goal, SCHEMA), "new_ticket", goal)
    skill = draft.skills["new_ticket"]
    assert skill["write"].startswith("create tickets") and skill["confirmation"]


def test_existing_skill_is_never_overwritten_without_replace() -> None:
    draft = MemoryDraft()
    first = author("List the caller's open tickets", SCHEMA)
    save_result(draft, first, "tickets", "first")
    second = author("List all dogs", SCHEMA)
    with pytest.raises(SaveError) as err:
        save_result(draft, second, "tickets", "second")
    assert err.value.code == "exists"
    assert draft.skills["tickets"]["read"] == first.binding  # untouched
    saved = save_result(draft, second, "tickets", "second", replace=True)
    assert saved.replaced is True
    assert draft.skills["tickets"]["read"] == second.binding


def test_save_needs_a_valid_name_and_a_checked_binding() -> None:
    assert validate_save(False, None) is None
    with pytest.raises(SaveError) as err:
        validate_save(True, None)
    assert err.value.code == "name-required"
    with pytest.raises(SaveError) as err:
        validate_save(True, "no spaces allowed")
    assert err.value.code == "bad-name"
    draft = MemoryDraft()
    failed = author("Find the caller's invoices", SCHEMA)
    with pytest.raises(SaveError) as err:
        save_result(draft, failed, "invoices", "Find the caller's invoices")
    assert err.value.code == "not-authored"
    assert draft.skills == {}
