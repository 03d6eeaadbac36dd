"""Every artifact the suite can compile is a tool the OpenAI and Anthropic APIs accept as it is.

The artifacts are collected from every pack in ``packs/`` and every binding fixture directory,
compiled against every bundled sample account (the skills that fit it), so a new pack, a new
parameter type or a new sample account is covered without touching this file.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import jsonschema
import pytest

from compiler.account import load_schema
from compiler.packs.artifact import SkillArtifact
from compiler.packs.compile import compile_loaded
from compiler.packs.load import load_bindings, load_pack
from tests.pack_fixtures import FIXTURES, ROOT, SAMPLES

# Both APIs: function/tool names.
TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
# Anthropic's rule for input_schema property keys (OpenAI's is looser).
PROPERTY_NAME = re.compile(r"^[a-zA-Z0-9_.-]{1,64}$")
# Top level: an object schema without combinators (OpenAI rejects anyOf/oneOf/allOf/enum/not
# at the top of `parameters`; Anthropic wants `type: object`).
TOP_KEYS = {"type", "properties", "required", "additionalProperties"}
PROPERTY_KEYS = {"type", "description", "enum", "format", "items", "pattern"}
ITEM_KEYS = {"type", "description", "enum", "format"}
TYPES = {"string", "number", "integer", "boolean", "array"}
# The string formats OpenAI's structured outputs document; Anthropic accepts these too.
FORMATS = {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"}

PACKS = sorted(p.parent for p in (ROOT / "packs").glob("*/pack.yaml"))
BINDING_DIRS = [FIXTURES / "bindings", FIXTURES / "tool_params"]
ACCOUNTS = sorted(SAMPLES.glob("*.schema.json"))


@cache
def _all_artifacts() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for account in ACCOUNTS:
        schema = load_schema(account)
        for pack in PACKS:
            loaded = load_pack(pack)
            for bindings in BINDING_DIRS:
                load_bindings(bindings, loaded)
            # Skills an account cannot run (a custom object it lacks) are left out, as
            # `--partial` would; the rest must compile.
            result = compile_loaded(loaded, schema)
            for name, artifact in result.artifacts.items():
                out[f"{account.name.split('.')[0]}/{pack.name}/{name}"] = artifact
    return out


def test_the_collection_covers_packs_bindings_and_accounts() -> None:
    keys = _all_artifacts()
    assert len(ACCOUNTS) >= 2 and PACKS
    # every skill of the HubSpot pack, every binding fixture, for the account that has pets
    assert {k.split("/")[-1] for k in keys if k.startswith("harbor_vet/")} >= {
        "find_contact",
        "create_deal",
        "find_pet",
        "find-deals",
        "FindRecentContacts",
        "set_ticket_priority",
    }
    types = {
        p.get("format") or p["type"]
        for a in keys.values()
        for p in a["parameters"]["properties"].values()
    }
    assert {"string", "number", "boolean", "date-time"} <= types


@cache
def _artifact_validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schemas" / "artifact.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _check_property(where: str, prop: dict[str, Any]) -> None:
    assert set(prop) <= PROPERTY_KEYS, (where, set(prop) - PROPERTY_KEYS)
    assert prop["type"] in TYPES, where
    if "format" in prop:
        assert prop["type"] == "string" and prop["format"] in FORMATS, where
    if "pattern" in prop:
        assert prop["type"] == "string", where
        re.compile(prop["pattern"])
    if "enum" in prop:
        assert prop["enum"] and len(set(prop["enum"])) == len(prop["enum"]), where
        assert all(isinstance(v, str) for v in prop["enum"]) and prop["type"] == "string", where
    if prop["type"] == "array":
        items = prop["items"]
        assert set(items) <= ITEM_KEYS and items["type"] in TYPES - {"array"}, where
    else:
        assert "items" not in prop, where
    if "description" in prop:
        assert isinstance(prop["description"], str) and prop["description"].strip(), where


@pytest.mark.parametrize("key", sorted(_all_artifacts()))
def test_every_artifact_is_an_acceptable_tool(key: str) -> None:
    artifact = _all_artifacts()[key]
    SkillArtifact.model_validate(artifact)
    _artifact_validator().validate(artifact)  # the checked-in schemas/artifact.schema.json
    assert TOOL_NAME.match(artifact["name"]), key
    assert artifact["description"].strip(), key
    params = artifact["parameters"]
    assert set(params) <= TOP_KEYS, (key, set(params) - TOP_KEYS)
    assert params["type"] == "object" and params["additionalProperties"] is False
    assert isinstance(params["properties"], dict)
    required = params["required"]
    assert len(set(required)) == len(required) and set(required) <= set(params["properties"])
    for name, prop in params["properties"].items():
        assert PROPERTY_NAME.match(name), (key, name)
        # conversation context is filled by the runtime, never by the model
        assert not name.startswith("caller"), (key, name)
        _check_property(f"{key}.{name}", prop)
