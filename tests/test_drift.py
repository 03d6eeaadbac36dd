"""`skillc drift`: each kind of schema change is reported with its reason and position."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from agent_fixtures import hubspot_agent

from compiler.account import parse_schema
from compiler.cli import main
from compiler.drift import drift
from compiler.resources import samples_dir
from compiler.runtime.agent_skills import load_agent_skills

RAW = json.loads((samples_dir() / "harbor_vet.schema.json").read_text(encoding="utf-8"))

Change = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hubspot_agent(tmp_path_factory.mktemp("drift") / "agent")


def obj(raw: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = raw["objects"][name]
    return found


def prop(raw: dict[str, Any], object_name: str, name: str) -> dict[str, Any]:
    return next(p for p in obj(raw, object_name)["properties"] if p["name"] == name)


def changed(change: Change) -> dict[str, Any]:
    raw = copy.deepcopy(RAW)
    change(raw)
    return raw


def report(agent: Path, change: Change) -> dict[str, dict[str, Any]]:
    skills = load_agent_skills(agent)
    artifacts, refused = skills.artifacts()
    assert not refused
    result = drift(artifacts, parse_schema(changed(change)), version=skills.version)
    return {s.skill: s.to_json() for s in result.skills}


def delete_property(raw: dict[str, Any]) -> None:
    tickets = obj(raw, "tickets")
    tickets["properties"] = [p for p in tickets["properties"] if p["name"] != "content"]


def make_read_only(raw: dict[str, Any]) -> None:
    prop(raw, "contacts", "email")["modificationMetadata"] = {"readOnlyValue": True}


def drop_option(raw: dict[str, Any]) -> None:
    priority = prop(raw, "tickets", "hs_ticket_priority")
    priority["options"] = [o for o in priority["options"] if o["value"] != "URGENT"]


def move_stage(raw: dict[str, Any]) -> None:
    support, other = obj(raw, "tickets")["pipelines"][:2]
    stage = next(s for s in support["stages"] if s["id"] == "1")
    support["stages"].remove(stage)
    other["stages"].append(stage)


def remove_stage(raw: dict[str, Any]) -> None:
    for pipeline in obj(raw, "deals")["pipelines"]:
        pipeline["stages"] = [s for s in pipeline["stages"] if s["id"] != "appointmentscheduled"]


def remove_association(raw: dict[str, Any]) -> None:
    tickets = obj(raw, "tickets")
    tickets["associations"] = [a for a in tickets["associations"] if a["toObjectTypeId"] != "0-1"]


def add_option(raw: dict[str, Any]) -> None:
    priority = prop(raw, "tickets", "hs_ticket_priority")
    priority["options"].append({"label": "Critical", "value": "CRITICAL", "hidden": False})


def retype_property(raw: dict[str, Any]) -> None:
    amount = prop(raw, "deals", "amount")
    amount["type"], amount["fieldType"] = "string", "text"


def test_the_same_schema_is_all_ok(agent: Path) -> None:
    result = report(agent, lambda raw: None)
    assert {s["status"] for s in result.values()} == {"ok"}


@pytest.mark.parametrize(
    ("change", "skill", "kind", "words", "at"),
    [
        (
            delete_property,
            "create_ticket",
            "property_removed",
            "property content of tickets was deleted",
            "steps[0].body.properties.content",
        ),
        (
            make_read_only,
            "update_contact",
            "property_read_only",
            "property email of contacts is now read-only",
            "steps[0].body.properties.email",
        ),
        (
            drop_option,
            "create_ticket",
            "option_removed",
            "parameter priority: option value 'URGENT' of hs_ticket_priority is gone",
            "steps[0].body.properties.hs_ticket_priority",
        ),
        (
            move_stage,
            "create_ticket",
            "stage_moved",
            'stage "1" moved to pipeline "7733001"',
            "steps[0].body.properties.hs_pipeline_stage",
        ),
        (
            remove_stage,
            "create_deal",
            "option_removed",
            'stage "appointmentscheduled" of pipeline "default"',
            "steps[0].body.properties.dealstage",
        ),
        (
            remove_association,
            "create_ticket",
            "association_removed",
            "association type 16 (HUBSPOT_DEFINED) from tickets was removed",
            "steps[0].body.associations[0].types[0]",
        ),
        (
            remove_association,
            "find_ticket",
            "association_removed",
            "tickets has no association type to contacts any more",
            "steps[0].body.filterGroups[0].filters[1].propertyName",
        ),
    ],
)
def test_breaking_changes(
    agent: Path, change: Change, skill: str, kind: str, words: str, at: str
) -> None:
    result = report(agent, change)
    found = result[skill]
    assert found["status"] == "broken"
    assert found["source"]["file"] == f"hubspot/{skill}.yaml" and found["source"]["line"] > 1
    match = [f for f in found["findings"] if f["kind"] == kind]
    assert match, found["findings"]
    assert words in match[0]["reason"] and match[0]["at"] == at
    untouched = [s for s, r in result.items() if r["status"] == "ok"]
    assert "find_company" in untouched  # a change reports only the skills it touches


def test_a_deleted_returned_property_breaks_a_read(agent: Path) -> None:
    result = report(agent, delete_property)
    assert result["find_ticket"]["status"] == "broken"
    assert result["find_ticket"]["findings"][0]["at"] == "steps[0].body.properties"


def test_a_new_option_makes_the_skill_stale(agent: Path) -> None:
    found = report(agent, add_option)["create_ticket"]
    assert found["status"] == "stale"
    assert found["findings"] == [
        {
            "status": "stale",
            "kind": "options_changed",
            "reason": "parameter priority: hs_ticket_priority has new option value 'CRITICAL'",
            "at": "steps[0].body.properties.hs_ticket_priority",
        }
    ]


def test_a_retyped_property_makes_the_skill_stale(agent: Path) -> None:
    found = report(agent, retype_property)["create_deal"]
    assert found["status"] == "stale"
    assert found["findings"][0]["reason"] == (
        "parameter amount: amount is now text (the skill takes a number)"
    )


def test_a_new_required_property_breaks_a_create(agent: Path) -> None:
    def require(raw: dict[str, Any]) -> None:
        obj(raw, "tickets")["requiredProperties"].append("hs_ticket_priority")

    found = report(agent, require)["create_ticket"]
    assert found["status"] == "broken"
    assert "now requires property hs_ticket_priority" in found["findings"][0]["reason"]


def test_a_removed_object_breaks_its_skills(agent: Path) -> None:
    result = report(agent, lambda raw: raw["objects"].pop("companies"))
    assert result["find_company"]["findings"][0]["kind"] == "object_removed"


def test_cli_exit_codes_and_json(
    agent: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    same = tmp_path / "same.json"
    same.write_text(json.dumps(RAW))
    assert main(["drift", str(agent), "--schema", str(same)]) == 0
    out = capsys.readouterr()
    assert "7 ok, 0 stale, 0 broken" in out.out and "using the draft" in out.err

    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps(changed(move_stage)))
    assert main(["drift", str(agent), "--schema", str(moved), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "broken" and data["version"] == "draft"
    ticket = next(s for s in data["skills"] if s["skill"] == "create_ticket")
    assert ticket["findings"][0]["kind"] == "stage_moved"

    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps(changed(add_option)))
    assert main(["drift", str(agent), "--schema", str(stale)]) == 1
    text = capsys.readouterr().out
    assert "stale   create_ticket  (hubspot/create_ticket.yaml:" in text


def test_bad_schema_file_is_a_clear_error(
    agent: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    assert main(["drift", str(agent), "--schema", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "--schema" in err and "bad.json" in err and "Traceback" not in err
