"""Discovery against the simulator: a schema the compiler accepts, faithful to the seed, robust."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from discover_fixtures import (
    CALCULATED_PREFIXES,
    association_keys,
    pipeline_keys,
    seed_schema,
    sim_client,
    without_time,
)

from compiler.account import fingerprint, parse_schema
from compiler.hubspot import HubSpotClient, RetryPolicy, TokenManager
from compiler.hubspot.discovery import DiscoveryError, discover
from compiler.simulator import FaultSpec, Simulator
from compiler.simulator.oauth import ALL_SCOPES

pytestmark = pytest.mark.anyio


async def _discover(sim: Simulator, **kwargs: Any) -> tuple[dict[str, Any], HubSpotClient]:
    auth = kwargs.pop("auth", None)
    client_kwargs = {k: kwargs.pop(k) for k in ("retry",) if k in kwargs}
    async with sim_client(sim, auth, **client_kwargs) as client:
        return await discover(client, **kwargs), client


async def test_discovery_matches_the_seed_and_the_compiler_accepts_it() -> None:
    sim = Simulator.from_sample("harbor_vet")
    progress: list[str] = []
    schema, client = await _discover(
        sim, account_label="Harbor Vet (HubSpot)", progress=progress.append, now=lambda: "T"
    )
    parsed = parse_schema(schema)
    assert parsed.account.id == "4242"
    assert schema["account"] == {
        "id": "4242",
        "label": "Harbor Vet (HubSpot)",
        "defaultRegion": "US",
        "discoveredAt": "T",
    }
    assert schema["fingerprint"] == fingerprint(schema)
    seed = seed_schema()
    assert set(schema["objects"]) == set(seed["objects"])
    for name, expected in seed["objects"].items():
        got = schema["objects"][name]
        assert got["objectTypeId"] == expected["objectTypeId"]
        assert got["labels"] == expected["labels"]
        assert got["requiredProperties"] == expected["requiredProperties"], name
        assert got["primaryDisplayProperty"] == expected["primaryDisplayProperty"], name
        names = [p["name"] for p in got["properties"]]
        seed_names = [p["name"] for p in expected["properties"]]
        assert len(names) == len(set(names)), f"{name}: a property listed twice"
        assert set(seed_names) <= set(names), name
        extras = set(names) - set(seed_names)
        assert all(n.startswith(CALCULATED_PREFIXES) for n in extras), (name, extras)
        assert pipeline_keys(got) == pipeline_keys(expected), name
        assert association_keys(got) == association_keys(expected), name
        assert set(got["searchableProperties"]) <= set(names)
    pets = schema["objects"]["pets"]
    assert pets["fullyQualifiedName"] == "p4242_pets"
    assert pets["searchableProperties"] == seed["objects"]["pets"]["searchableProperties"]
    assert any("properties of contacts" in line for line in progress)
    # Property objects are kept as HubSpot sent them (fields the models do not read included).
    firstname = next(
        p for p in schema["objects"]["contacts"]["properties"] if p["name"] == "firstname"
    )
    assert firstname["formField"] is True and "modificationMetadata" in firstname
    assert client.status_counts.get(429, 0) == 0


async def test_progress_follows_the_association_phase_as_it_runs() -> None:
    sim = Simulator.from_sample("harbor_vet")
    seen: list[tuple[str, int]] = []
    await _discover(sim, progress=lambda line: seen.append((line, sim.request_log.total)))
    steps = [(line, sent) for line, sent in seen if "object pairs" in line]
    assert steps[-1][0] == "association types: 42/42 object pairs"
    assert 5 <= len(steps) <= 11  # about every tenth pair, not one line per request
    # Lines come while requests are still being sent, not all at the end.
    assert steps[0][1] < sim.request_log.total - 20


async def test_selected_objects_only_and_aliases() -> None:
    sim = Simulator.from_sample("harbor_vet")
    schema, _ = await _discover(sim, objects=["contacts", "p4242_pets", "0-5"])
    assert list(schema["objects"]) == ["contacts", "pets", "tickets"]
    for obj in schema["objects"].values():
        assert {a["toObjectTypeId"] for a in obj["associations"]} <= {"0-1", "2-9876543", "0-5"}
    assert association_keys(schema["objects"]["pets"]) == {("0-1", "USER_DEFINED", 52)}


async def test_unknown_object_is_refused_with_the_known_names() -> None:
    sim = Simulator.from_sample("harbor_vet")
    with pytest.raises(DiscoveryError, match=r"unknown object 'petz'.*pets"):
        await _discover(sim, objects=["contacts", "petz"])


async def test_missing_custom_schema_scope_is_a_warning() -> None:
    sim = Simulator.from_sample("harbor_vet")
    scopes = [s for s in ALL_SCOPES if s != "crm.schemas.custom.read"]
    token, _ = sim.issue_token(scopes)
    warnings: list[str] = []
    schema, _ = await _discover(sim, auth=token, warn=warnings.append)
    assert "pets" not in schema["objects"]
    assert {"contacts", "companies", "deals", "tickets"} <= set(schema["objects"])
    assert any("custom objects skipped" in w and "crm.schemas.custom.read" in w for w in warnings)
    parse_schema(schema)


async def test_faults_lose_and_duplicate_nothing() -> None:
    clean, _ = await _discover(Simulator.from_sample("harbor_vet"), now=lambda: "T")
    faults = FaultSpec(storm429=0.3, error_rate=0.15, status=503, drop=0.05, seed=11)
    stormy = Simulator.from_sample("harbor_vet", faults=faults)
    schema, client = await _discover(stormy, now=lambda: "T", concurrency=6)
    assert client.status_counts.get(429, 0) > 0 and client.status_counts.get(503, 0) > 0
    assert client.retry_count > 0
    assert without_time(schema) == without_time(clean)
    assert schema["fingerprint"] == clean["fingerprint"]


async def test_expired_token_refreshed_once_for_concurrent_discovery() -> None:
    sim = Simulator.from_sample("harbor_vet")
    manager = TokenManager(
        client_id=sim.client_id,
        client_secret=sim.client_secret,
        refresh_token=sim.refresh_token,
        access_token=sim.access_token,
    )
    sim.advance(3600)  # the access token is now an hour past its 30-minute life
    schema, client = await _discover(sim, auth=manager, concurrency=16)
    assert manager.refresh_count == 1
    assert client.status_counts.get(401, 0) >= 1
    assert len(schema["objects"]) == 7


async def test_proactive_refresh_with_the_simulators_clock() -> None:
    sim = Simulator.from_sample("harbor_vet")
    manager = TokenManager(
        client_id=sim.client_id,
        client_secret=sim.client_secret,
        refresh_token=sim.refresh_token,
        access_token=sim.access_token,
        expires_at=sim.now() + 1800,
        clock=sim.now,
    )
    sim.advance(1800 - 30)  # inside the 60-s margin: refresh before any request fails
    _, client = await _discover(sim, auth=manager, objects=["contacts"])
    assert manager.refresh_count == 1
    assert client.status_counts.get(401, 0) == 0


async def test_account_id_from_token_introspection_when_account_info_is_missing() -> None:
    sim = Simulator.from_sample("harbor_vet")
    inner = sim.transport()
    seen: list[str] = []

    class NoAccountInfo(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(request.url.path)
            if request.url.path == "/account-info/v3/details":
                return httpx.Response(404, json={"status": "error", "message": "not found"})
            return await inner.handle_async_request(request)

    async with HubSpotClient(
        "http://hubspot.sim", sim.access_token, transport=NoAccountInfo()
    ) as c:
        schema = await discover(c, objects=["contacts"])
    assert schema["account"]["id"] == "4242"
    assert any(p.startswith("/oauth/v1/access-tokens/") for p in seen)


async def test_no_readable_object_is_an_error() -> None:
    sim = Simulator.from_sample("harbor_vet")
    token, _ = sim.issue_token(["oauth"])
    warnings: list[str] = []
    with pytest.raises(DiscoveryError, match="no object could be read"):
        await _discover(sim, auth=token, warn=warnings.append)
    assert warnings


async def test_concurrency_is_bounded() -> None:
    sim = Simulator.from_sample("harbor_vet")
    inner = sim.transport()
    state = {"now": 0, "peak": 0}

    class Counting(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
            try:
                await asyncio.sleep(0.001)
                return await inner.handle_async_request(request)
            finally:
                state["now"] -= 1

    retry = RetryPolicy()
    async with HubSpotClient(
        "http://hubspot.sim", sim.access_token, transport=Counting(), retry=retry
    ) as c:
        await discover(c, concurrency=3)
    assert 1 < state["peak"] <= 3


async def test_standard_objects_only_need_no_custom_scope_and_warn_nothing() -> None:
    sim = Simulator.from_sample("harbor_vet")
    scopes = [s for s in ALL_SCOPES if s != "crm.schemas.custom.read"]
    token, _ = sim.issue_token(scopes)
    warnings: list[str] = []
    schema, _ = await _discover(sim, auth=token, objects=["contacts", "0-2"], warn=warnings.append)
    assert list(schema["objects"]) == ["contacts", "companies"]
    assert warnings == []
    assert sim.request_log.count("GET", "/crm-object-schemas/v3/schemas") == 0


async def test_an_unreadable_object_is_skipped_with_one_warning() -> None:
    sim = Simulator.from_sample("harbor_vet")
    token, _ = sim.issue_token([s for s in ALL_SCOPES if s != "tickets"])
    warnings: list[str] = []
    schema, _ = await _discover(sim, auth=token, warn=warnings.append)
    assert "tickets" not in schema["objects"] and "contacts" in schema["objects"]
    assert all(a["toObjectTypeId"] != "0-5" for o in schema["objects"].values()
               for a in o["associations"])  # fmt: skip
    assert len(warnings) == 1 and warnings[0].startswith("tickets skipped"), warnings
    with pytest.raises(DiscoveryError, match="no permission to read the properties of tickets"):
        await _discover(sim, auth=token, objects=["tickets"])


@pytest.mark.parametrize(
    ("path", "answer", "message"),
    [
        ("/crm/v3/properties/contacts", {"results": "nope"}, "properties of contacts"),
        ("/crm/v3/pipelines/deals", [], "pipelines of deals"),
        ("/crm/v4/associations/contacts/deals/labels", {"results": [{"typeId": "4"}]}, "typeId"),
        ("/crm-object-schemas/v3/schemas", {"results": [{"labels": {}}]}, "without name"),
        (
            "/crm/v3/properties/deals",
            {"results": [{"name": "dealname"}]},  # a Property without its type
            "do not make a usable schema",
        ),
    ],
)
async def test_malformed_answers_become_discovery_errors(
    path: str, answer: object, message: str
) -> None:
    sim = Simulator.from_sample("harbor_vet")
    inner = sim.transport()

    class Tampering(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            if request.url.path == path:
                return httpx.Response(200, json=answer)
            return await inner.handle_async_request(request)

    async with HubSpotClient("http://hubspot.sim", sim.access_token, transport=Tampering()) as c:
        with pytest.raises(DiscoveryError, match=message):
            await discover(c)
