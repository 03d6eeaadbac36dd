"""An account without one of the engagement objects: HubSpot answers 400 "Unable to infer object
type"; the simulator answers the same for such a seed, and discovery keeps what exists and says
what is missing (as it does for an object the token may not read)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from discover_fixtures import seed_schema, sim_client

from compiler.account import parse_schema
from compiler.cli import main
from compiler.hubspot.discovery import DiscoveryError, discover
from compiler.samples import sample_records_path
from compiler.simulator import BASE_URL, Simulator, serve

pytestmark = pytest.mark.anyio

CALLS_TYPE_ID = "0-48"


def _without_calls() -> tuple[dict[str, Any], dict[str, Any]]:
    schema = seed_schema()
    del schema["objects"]["calls"]
    schema.pop("fingerprint", None)
    for obj in schema["objects"].values():
        obj["associations"] = [
            a for a in obj["associations"] if a["toObjectTypeId"] != CALLS_TYPE_ID
        ]
    records = json.loads(sample_records_path("harbor_vet").read_text(encoding="utf-8"))
    records["objects"].pop("calls", None)
    records["associations"] = [
        a for a in records["associations"] if "calls" not in (a["fromObject"], a["toObject"])
    ]
    return schema, records


def _sim() -> Simulator:
    schema, records = _without_calls()
    return Simulator(schema, records)


async def test_the_simulator_answers_an_absent_object_like_hubspot() -> None:
    sim = _sim()
    headers = {"Authorization": f"Bearer {sim.private_app_token}"}
    async with httpx.AsyncClient(transport=sim.transport(), base_url=BASE_URL) as http:
        for path in (
            "/crm/v3/properties/calls",
            "/crm/v4/associations/contacts/calls/labels",
            "/crm/v3/objects/calls",
        ):
            answer = await http.get(path, headers=headers)
            assert answer.status_code == 400, path
            body = answer.json()
            assert body["category"] == "VALIDATION_ERROR"
            assert body["message"] == "Unable to infer object type from: calls"


async def test_discovery_keeps_what_exists_and_warns_about_what_is_missing() -> None:
    sim = _sim()
    warnings: list[str] = []
    async with sim_client(sim) as client:
        schema = await discover(client, warn=warnings.append)
    parse_schema(schema)
    assert set(schema["objects"]) == {"contacts", "companies", "deals", "tickets", "notes", "pets"}
    assert warnings == ["calls skipped: this account has no calls object"]
    contacts = schema["objects"]["contacts"]
    assert CALLS_TYPE_ID not in {a["toObjectTypeId"] for a in contacts["associations"]}
    assert contacts["associations"]  # the other pairs were still read


async def test_asking_for_the_absent_object_is_an_error_that_names_it() -> None:
    sim = _sim()
    async with sim_client(sim) as client:
        with pytest.raises(DiscoveryError, match="this account has no calls object"):
            await discover(client, objects=["contacts", "calls"])


def test_skillc_discover_on_such_an_account(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim = _sim()
    out = tmp_path / "schema.json"
    with serve(sim) as server:
        argv = ["discover", "--base-url", server.base_url, "--token", sim.private_app_token]
        code = main([*argv, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "warning: calls skipped: this account has no calls object" in err
    assert "calls" not in json.loads(out.read_text())["objects"]
