"""`skillc scopes`: the minimal HubSpot scopes of an agent's skills and what a connection lacks."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from agent_fixtures import PACK, hubspot_agent, pets_agent
from ruamel.yaml import YAML

from compiler.account import parse_schema
from compiler.cli import main
from compiler.resources import samples_dir
from compiler.runtime.agent_skills import load_agent_skills
from compiler.scopes import plan_scopes

RAW = json.loads((samples_dir() / "harbor_vet.schema.json").read_text(encoding="utf-8"))
PACK_REQUIRED = [
    "crm.objects.companies.read",
    "crm.objects.contacts.read",
    "crm.objects.contacts.write",
    "crm.objects.deals.write",
    "tickets",
]


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hubspot_agent(tmp_path_factory.mktemp("scopes") / "agent")


def scopes_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(["scopes", *argv, "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def test_hubspot_pack_needs_its_object_scopes(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, plan = scopes_json(capsys, str(agent))
    assert plan["required"] == PACK_REQUIRED
    assert plan["missing"] == PACK_REQUIRED  # nothing granted
    assert code == 1
    assert plan["reasons"]["crm.objects.companies.read"] == ["find_company"]
    # No schema: sensitive-data scopes may be needed, depending on the account.
    assert "crm.objects.contacts.sensitive.read.v2" in plan["optional"]
    assert "tickets.sensitive.v2" in plan["optional"]


def test_required_scopes_are_within_what_the_pack_requests(agent: Path) -> None:
    pack = YAML(typ="safe").load((PACK / "pack.yaml").read_text(encoding="utf-8"))
    artifacts, _ = load_agent_skills(agent).artifacts()
    plan = plan_scopes(artifacts, granted=pack["scopes"]["required"])
    assert plan.missing == []
    assert set(plan.required) <= set(pack["scopes"]["required"])


def test_missing_is_the_diff_against_granted(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, plan = scopes_json(
        capsys, str(agent), "--granted", "crm.objects.contacts.read", "tickets", "oauth"
    )
    assert code == 1
    assert plan["missing"] == [
        "crm.objects.companies.read",
        "crm.objects.contacts.write",
        "crm.objects.deals.write",
    ]
    code, plan = scopes_json(capsys, str(agent), "--granted", *PACK_REQUIRED)
    assert code == 0 and plan["missing"] == []


def test_custom_object_scopes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, plan = scopes_json(capsys, str(pets_agent(tmp_path)))
    assert code == 1
    assert plan["required"] == ["crm.objects.custom.read", "crm.schemas.custom.read"]
    assert "crm.objects.custom.sensitive.read.v2" in plan["optional"]


def test_sensitive_properties_need_sensitive_scopes(agent: Path) -> None:
    raw = copy.deepcopy(RAW)
    for prop in raw["objects"]["contacts"]["properties"]:
        if prop["name"] == "email":
            prop["dataSensitivity"] = "sensitive"
    for prop in raw["objects"]["tickets"]["properties"]:
        if prop["name"] == "content":
            prop["dataSensitivity"] = "highly_sensitive"
    artifacts, _ = load_agent_skills(agent).artifacts()
    plan = plan_scopes(artifacts, granted=PACK_REQUIRED, schema=parse_schema(raw))
    assert plan.missing == [
        "crm.objects.contacts.sensitive.read.v2",
        "crm.objects.contacts.sensitive.write.v2",
        "tickets.highly_sensitive.v2",
    ]
    assert (
        "find_contact (email is sensitive)"
        in plan.reasons["crm.objects.contacts.sensitive.read.v2"]
    )
    assert plan.optional == []  # with a schema, nothing is left to chance
    # The account as discovered marks nothing sensitive: only the object scopes.
    assert plan_scopes(artifacts, schema=parse_schema(RAW)).required == PACK_REQUIRED


def test_text_output(agent: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scopes", str(agent), "--granted", *PACK_REQUIRED]) == 0
    out = capsys.readouterr().out
    assert "required:\n  crm.objects.companies.read  (find_company)" in out
    assert "missing:\n  (none)" in out
