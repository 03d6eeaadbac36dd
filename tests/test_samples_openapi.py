"""The sample accounts hold HubSpot's own shapes: checked against HubSpot's OpenAPI specs.

The specs are read from ``$HUBSPOT_OPENAPI_DIR`` (never copied into the project); without it these
tests skip with the reason shown.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from compiler.samples import sample_records_path, sample_schema_path

SPEC_DIR = os.environ.get("HUBSPOT_OPENAPI_DIR")

pytestmark = pytest.mark.skipif(
    not SPEC_DIR,
    reason="HUBSPOT_OPENAPI_DIR is not set: point it at HubSpot's OpenAPI JSON specs "
    "(e.g. /work/shared/hubspot/openapi) to check the samples against them",
)


def _validator(spec_file: str, component: str) -> Draft202012Validator:
    spec = json.loads((Path(str(SPEC_DIR)) / spec_file).read_text(encoding="utf-8"))
    schema = {"$ref": f"#/components/schemas/{component}", "components": spec["components"]}
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _errors(validator: Draft202012Validator, item: Any, where: str) -> list[str]:
    return [f"{where}: {e.json_path}: {e.message}" for e in validator.iter_errors(item)]


@pytest.mark.parametrize("name", ["harbor_vet", "small"])
def test_properties_and_pipelines_match_hubspot_shapes(name: str) -> None:
    raw = json.loads(sample_schema_path(name).read_text(encoding="utf-8"))
    prop_validator = _validator("crm-properties-v3.json", "Property")
    pipe_validator = _validator("crm-pipelines-v3.json", "Pipeline")
    problems: list[str] = []
    for obj_name, obj in raw["objects"].items():
        for index, prop in enumerate(obj["properties"]):
            problems += _errors(prop_validator, prop, f"{obj_name}.properties[{index}]")
        for index, pipe in enumerate(obj["pipelines"]):
            problems += _errors(pipe_validator, pipe, f"{obj_name}.pipelines[{index}]")
    assert problems == []


@pytest.mark.parametrize("name", ["harbor_vet", "small"])
def test_records_and_owners_match_hubspot_shapes(name: str) -> None:
    data = json.loads(sample_records_path(name).read_text(encoding="utf-8"))
    record_validator = _validator("crm-objects-generic-v3.json", "SimplePublicObject")
    owner_validator = _validator("crm-owners-v3.json", "PublicOwner")
    problems: list[str] = []
    for obj_name, records in data["objects"].items():
        for index, record in enumerate(records):
            problems += _errors(record_validator, record, f"{obj_name}[{index}]")
    for index, owner in enumerate(data["owners"]):
        problems += _errors(owner_validator, owner, f"owners[{index}]")
    assert problems == []
