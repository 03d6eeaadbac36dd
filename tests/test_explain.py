"""`skillc explain`: the requests one call makes, its rate budget, gating and verification."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from agent_fixtures import hubspot_agent
from runtime_fixtures import install, load

from compiler.cli import main
from compiler.resources import samples_dir

TICKET = '{"subject": "Lost leash", "details": "Left it in the waiting room."}'


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hubspot_agent(tmp_path_factory.mktemp("explain") / "agent")


def explain(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["explain", *argv, "--format", "json"])
    captured = capsys.readouterr()
    assert "using the draft" in captured.err
    return code, json.loads(captured.out)


def test_a_write_shows_its_request_with_the_arguments_in_place(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, found = explain(
        capsys, str(agent), "create_ticket", "--args", TICKET, "--caller-contact-id", "101"
    )
    assert code == 0 and found["filled"] is True
    [request] = found["requests"]
    assert request["method"] == "POST" and request["path"] == "/crm/v3/objects/tickets"
    assert request["body"]["properties"] == {
        "subject": "Lost leash",
        "content": "Left it in the waiting room.",
        "hs_pipeline": "0",
        "hs_pipeline_stage": "1",
    }
    assert request["body"]["associations"][0]["to"] == {"id": "101"}
    assert found["rateBudget"]["requests"] == 1 and found["rateBudget"]["searches"] == 0
    assert found["gating"]["confirmation"] is True
    assert found["gating"]["prompt"] == 'Shall I open a support ticket about "Lost leash"?'
    assert found["verification"] == {"required": False}
    assert "dryRun" not in found


def test_a_read_fills_the_callers_number_and_drops_missing_optionals(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, found = explain(capsys, str(agent), "find_contact", "--caller-phone", "617.555.0123")
    body = found["requests"][0]["body"]
    values = [f["value"] for g in body["filterGroups"] for f in g["filters"]]
    assert values == ["6175550123", "6175550123"]
    assert found["rateBudget"]["searches"] == 1
    assert found["gating"]["confirmation"] is False
    assert any("E.164" in note for note in found["notes"])

    _, company = explain(capsys, str(agent), "find_company", "--args", '{"name": "Harbor"}')
    filters = [f for g in company["requests"][0]["body"]["filterGroups"] for f in g["filters"]]
    assert filters == [{"propertyName": "name", "operator": "CONTAINS_TOKEN", "value": "Harbor"}]


def test_missing_context_stays_a_placeholder(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, found = explain(capsys, str(agent), "find_contact")
    assert code == 0 and found["filled"] is False
    text = json.dumps(found["requests"][0]["body"])
    assert "{caller.phone}" in text
    assert found["context"] == {"caller.phone": None}
    assert any("caller.phone" in note for note in found["notes"])


def test_invalid_arguments_are_reported(agent: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found = explain(
        capsys, str(agent), "create_ticket", "--args", '{"subject": "x", "owner": "7"}'
    )
    assert code == 1
    assert {p["argument"] for p in found["problems"]} == {"owner", "details"}


def test_an_update_of_another_object_checks_ownership_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agent = install(tmp_path / "agent", [load("update_ticket")])
    _, found = explain(
        capsys, str(agent), "update_ticket", "--args", '{"ticket_id": "501", "subject": "New"}'
    )
    methods = [(r["method"], r["path"]) for r in found["requests"]]
    assert methods == [
        ("GET", "/crm/v4/objects/0-5/501/associations/contacts"),
        ("PATCH", "/crm/v3/objects/tickets/501"),
    ]
    assert found["verification"]["required"] is True
    assert "associated with the verified contact" in found["verification"]["rule"]
    assert found["rateBudget"]["requests"] == 2


def test_dry_run_confirms_and_runs_against_the_simulator(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, found = explain(
        capsys,
        str(agent),
        "create_ticket",
        "--args",
        TICKET,
        "--caller-contact-id",
        "101",
        "--dry-run",
    )
    assert code == 0
    ask, done = found["dryRun"]
    assert ask["status"] == "needs_confirmation" and ask["requests"] == []
    assert done["status"] == "ok" and done["record"]["object"] == "tickets"
    assert [(r["method"], r["path"]) for r in done["requests"]] == [
        ("POST", "/crm/v3/objects/tickets")
    ]


def test_dry_run_against_a_given_schema_has_no_records(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = samples_dir() / "harbor_vet.schema.json"
    _, found = explain(
        capsys,
        str(agent),
        "find_contact",
        "--caller-phone",
        "617.555.0123",
        "--dry-run",
        "--schema",
        str(schema),
    )
    [result] = found["dryRun"]
    assert result["status"] == "ok" and result["found"] is False


def test_text_output_and_errors(agent: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(agent), "create_ticket", "--args", TICKET]) == 0
    out = capsys.readouterr().out
    assert "POST /crm/v3/objects/tickets" in out and '"subject": "Lost leash"' in out
    assert "rate budget: 1 request(s)" in out and "needs_confirmation" in out

    assert main(["explain", str(agent), "nope"]) == 1
    assert "no skill named 'nope'" in capsys.readouterr().err
    assert main(["explain", str(agent), "find_company", "--args", "{bad"]) == 2
    assert "--args is not JSON" in capsys.readouterr().err


def test_find_or_create_creates_only_when_the_search_finds_nothing(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, found = explain(
        capsys,
        str(agent),
        "create_contact",
        "--args",
        '{"first_name": "Ana"}',
        "--caller-phone",
        "+1 617 555 0199",
    )
    steps = [(r["method"], r["path"], r["when"]) for r in found["requests"]]
    assert steps == [
        ("POST", "/crm/v3/objects/contacts/search", "always"),
        ("POST", "/crm/v3/objects/contacts", "only when the search finds no record"),
    ]
    assert found["requests"][1]["body"]["properties"]["firstname"] == "Ana"
    assert found["rateBudget"] == {**found["rateBudget"], "requests": 2, "always": 1}
