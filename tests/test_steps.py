"""Typed steps: one model (compiler.steps) that the planner builds, the artifact schema describes
and the runtime validates installed artifacts into."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import TypeAdapter, ValidationError
from runtime_fixtures import load, with_digest

from compiler.binding import compile_binding
from compiler.runtime.artifact import ArtifactProblem, load_artifact
from compiler.steps import CreateStep, SearchStep, Slot, Step, UpdateStep, step_json
from tests.pack_fixtures import ROOT, harbor

STEP = TypeAdapter(Step)
ARTIFACT_SCHEMA = json.loads((ROOT / "schemas" / "artifact.schema.json").read_text())
RUNTIME_FIXTURES = sorted((Path(__file__).parent / "fixtures" / "runtime").glob("*.json"))


@pytest.mark.parametrize(
    ("binding", "kinds"),
    [
        ("search contacts where email = {e}", [SearchStep]),
        (
            'create tickets set subject = {s}, hs_pipeline = "0", hs_pipeline_stage = "1"',
            [CreateStep],
        ),
        ("update contacts {id} set firstname = {f}", [UpdateStep]),
        ("find or create contacts by email = {e} set firstname = {f}", [SearchStep, CreateStep]),
    ],
)
def test_the_plan_holds_typed_steps(binding: str, kinds: list[type[Any]]) -> None:
    plan = compile_binding(binding, harbor()).plan
    assert plan is not None
    assert [type(s) for s in plan.steps] == kinds


def test_a_parameter_is_a_typed_slot_in_the_plan() -> None:
    plan = compile_binding("search contacts where email = {e}", harbor()).plan
    assert plan is not None
    (step,) = plan.steps
    assert isinstance(step, SearchStep)
    assert step.body.filterGroups[0].filters[0].value == Slot.of("e")
    assert step_json(step)["body"]["filterGroups"][0]["filters"][0]["value"] == {"$param": "e"}


@pytest.mark.parametrize("path", RUNTIME_FIXTURES, ids=lambda p: p.stem)
def test_committed_artifact_steps_round_trip_unchanged(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    loaded = load_artifact(raw)
    assert all(isinstance(s, SearchStep | CreateStep | UpdateStep) for s in loaded.steps)
    assert [step_json(s) for s in loaded.steps] == raw["steps"]


def test_the_artifact_schema_describes_steps_closed() -> None:
    items = ARTIFACT_SCHEMA["properties"]["steps"]["items"]
    refs = sorted(option["$ref"] for option in items["oneOf"])
    assert refs == ["#/$defs/CreateStep", "#/$defs/SearchStep", "#/$defs/UpdateStep"]
    for name in ("CreateStep", "SearchStep", "UpdateStep", "Filter", "Slot"):
        assert ARTIFACT_SCHEMA["$defs"][name]["additionalProperties"] is False
    # The committed schema's own definition of one step, checked on its own.
    step_schema = {"$defs": ARTIFACT_SCHEMA["$defs"], **items}
    validator = jsonschema.Draft202012Validator(step_schema)
    step = load("search_contacts")["steps"][0]
    assert not list(validator.iter_errors(step))
    for change in (
        lambda s: s.update(op="delete"),
        lambda s: s["body"].update(limit={"$param": "email"}),
        lambda s: s["body"]["filterGroups"][0]["filters"][0].update(operator={"$param": "e"}),
        lambda s: s.update(extra=1),
        # an unused key is left out, not null
        lambda s: s["body"]["filterGroups"][0]["filters"][0].update(highValue=None),
    ):
        bad = copy.deepcopy(step)
        change(bad)
        assert list(validator.iter_errors(bad)), bad


@pytest.mark.parametrize(
    ("change", "words"),
    [
        # A slot as a property *name* would let an argument choose what is written.
        (lambda s: s["body"]["properties"].update({"$param": "email"}), "body/properties"),
        (lambda s: s.update(recordId="12; DROP"), "recordId"),
        (lambda s: s["body"]["properties"].update(firstname={"$param": "f", "$x": 1}), "$x"),
        (lambda s: s.update(op="delete"), "steps[0]"),
    ],
)
def test_the_runtime_refuses_steps_its_types_do_not_allow(change: Any, words: str) -> None:
    artifact = copy.deepcopy(load("update_contact"))
    change(artifact["steps"][0])
    with pytest.raises(ArtifactProblem) as info:
        load_artifact(with_digest(artifact))
    assert info.value.code == "artifact_invalid"
    assert words in info.value.reason


def test_a_filter_takes_the_operands_of_its_operator() -> None:
    step = copy.deepcopy(load("search_contacts")["steps"][0])
    flt = step["body"]["filterGroups"][0]["filters"][0]
    flt.update(operator="BETWEEN")  # a low bound but no highValue
    with pytest.raises(ValidationError, match="BETWEEN takes value and highValue"):
        STEP.validate_python(step)
    flt.update(operator="HAS_PROPERTY")
    with pytest.raises(ValidationError, match="HAS_PROPERTY takes no value"):
        STEP.validate_python(step)
