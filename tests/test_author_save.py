"""Saving an authored binding into an agent's draft: `save` needs `name`; no silent overwrite."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compiler.account import load_schema
from compiler.authoring import author
from compiler.authoring.save import SaveError, save_result, validate_save
from compiler.packs.compile import compile_skill
from compiler.packs.load import LoadedSkill, load_model
from compiler.packs.models import BindingSpec

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = load_schema(ROOT / "compiler" / "samples" / "harbor_vet.schema.json")


def _compiles_as_a_skill(skill: dict[str, Any]) -> bool:
    """The saved body becomes a binding skill file that the pack compiler turns into an
    artifact, as the service does with the same body."""
    field = "read" if skill["binding"].startswith("search") else "write"
    doc = {k: v for k, v in skill.items() if k != "binding"}
    doc.update({"crm": "hubspot", field: skill["binding"]})
    text = json.dumps(doc)  # JSON is YAML
    spec, smap, diags = load_model(BindingSpec, text, "binding.yaml")
    assert spec is not None and smap is not None, diags
    loaded = LoadedSkill(spec=spec, source=smap, origin="binding", stable_file="b.yaml")
    artifact, diags = compile_skill(loaded, SCHEMA, None)
    assert artifact is not None, diags
    return True


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
    assert skill["binding"] == result.binding and "confirmation" not in skill
    assert skill["description"]
    assert _compiles_as_a_skill(skill)


def test_write_skill_gets_a_confirmation() -> None:
    draft = MemoryDraft()
    goal = "Create a ticket for the caller with a given subject"
    save_result(draft, author(goal, SCHEMA), "new_ticket", goal)
    skill = draft.skills["new_ticket"]
    assert skill["binding"].startswith("create tickets") and skill["confirmation"]
    assert set(skill["inputs"]) == {"subject"}
    assert _compiles_as_a_skill(skill)


def test_existing_skill_is_never_overwritten_without_replace() -> None:
    draft = MemoryDraft()
    first = author("List the caller's open tickets", SCHEMA)
    save_result(draft, first, "tickets", "first")
    second = author("List all dogs", SCHEMA)
    with pytest.raises(SaveError) as err:
        save_result(draft, second, "tickets", "second")
    assert err.value.code == "exists"
    assert draft.skills["tickets"]["binding"] == first.binding  # untouched
    saved = save_result(draft, second, "tickets", "second", replace=True)
    assert saved.replaced is True
    assert draft.skills["tickets"]["binding"] == second.binding


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


def test_auto_request_saves_only_when_asked_and_only_a_checked_binding() -> None:
    from compiler.authoring.request import AutoRequest, auto_binding

    draft = MemoryDraft()
    goal = "List the caller's open tickets"
    data = auto_binding(AutoRequest(goal=goal), SCHEMA, draft)
    assert data["ok"] and draft.skills == {}
    data = auto_binding(AutoRequest(goal=goal, save=True, name="open_tickets"), SCHEMA, draft)
    assert draft.skills["open_tickets"]["binding"] == data["binding"]
    # Not ok: answered, never saved.
    bad = auto_binding(
        AutoRequest(goal="Find the caller's invoices", save=True, name="invoices"), SCHEMA, draft
    )
    assert bad["ok"] is False and "invoices" not in draft.skills
    # An existing name is refused unless replace.
    other = AutoRequest(goal="List all dogs", save=True, name="open_tickets")
    with pytest.raises(SaveError) as err:
        auto_binding(other, SCHEMA, draft)
    assert err.value.code == "exists"
    assert draft.skills["open_tickets"]["binding"] == data["binding"]
    replaced = auto_binding(other.model_copy(update={"replace": True}), SCHEMA, draft)
    assert draft.skills["open_tickets"]["binding"] == replaced["binding"]
    with pytest.raises(SaveError) as err:
        auto_binding(AutoRequest(goal=goal, save=True), SCHEMA, draft)
    assert err.value.code == "name-required"
