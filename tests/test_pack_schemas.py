"""The JSON Schemas in schemas/ are generated from the models and current; pack files use them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from compiler.packs.yamlsrc import load_yaml
from compiler.schemas_gen import DOCUMENTS, render
from tests.pack_fixtures import BINDINGS, HARBOR_SCHEMA, HUBSPOT_PACK, ROOT, SMALL_SCHEMA

SCHEMAS = ROOT / "schemas"


def _schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_checked_in_schema_is_current(name: str) -> None:
    path = SCHEMAS / name
    assert path.is_file(), f"{path} missing: run `make schemas`"
    assert path.read_text(encoding="utf-8") == render(name), f"{path} is stale: run `make schemas`"


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_schemas_are_valid_json_schema(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(_schema(name))


def _yaml(path: Path) -> Any:
    doc, diags = load_yaml(path.read_text(encoding="utf-8"), str(path))
    assert doc is not None and not diags
    return doc.data


def test_pack_files_name_their_schema_and_validate() -> None:
    pack = HUBSPOT_PACK / "pack.yaml"
    first = pack.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/pack.schema.json"
    jsonschema.validate(_yaml(pack), _schema("pack.schema.json"))
    skills = _yaml(pack)["skills"]
    assert len(skills) == 7
    for name in skills:
        path = HUBSPOT_PACK / name
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schemas/skill.schema.json"
        jsonschema.validate(_yaml(path), _schema("skill.schema.json"))


def test_editor_schema_rejects_switching_gating_off() -> None:
    skill = _yaml(HUBSPOT_PACK / "create_ticket.yaml") | {"gated": False}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(skill, _schema("skill.schema.json"))


def test_binding_fixture_validates() -> None:
    jsonschema.validate(_yaml(BINDINGS / "find_pet.yaml"), _schema("binding.schema.json"))


@pytest.mark.parametrize("path", [HARBOR_SCHEMA, SMALL_SCHEMA])
def test_sample_accounts_validate_against_discovered_schema(path: Path) -> None:
    jsonschema.validate(
        json.loads(path.read_text(encoding="utf-8")), _schema("discovered-schema.schema.json")
    )


def test_schemas_dir_holds_only_generated_files() -> None:
    # A schema left behind after a model was renamed would still steer editors.
    assert {p.name for p in SCHEMAS.glob("*.json")} == set(DOCUMENTS)


_PACK_YAML = sorted((ROOT / "packs").glob("*/*.yaml"))
_BINDING_YAML = sorted((ROOT / "tests" / "fixtures" / "packs").glob("*bind*/*.yaml")) + sorted(
    (ROOT / "tests" / "fixtures" / "packs" / "tool_params").glob("*.yaml")
)


@pytest.mark.parametrize("path", _PACK_YAML + _BINDING_YAML, ids=lambda p: p.name)
def test_every_file_names_a_schema_that_exists_and_holds(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix), path
    target = (path.parent / first[len(prefix) :]).resolve()
    assert target.parent == SCHEMAS.resolve() and target.is_file(), target
    expected = (
        "pack.schema.json"
        if path.name == "pack.yaml"
        else "skill.schema.json"
        if path in _PACK_YAML
        else "binding.schema.json"
    )
    assert target.name == expected
    jsonschema.validate(_yaml(path), _schema(expected))
