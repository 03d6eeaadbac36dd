"""OAuth, scopes, rate limits, faults, the loopback server, concurrency and the CLI."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sim_fixtures import TINY, FakeClock, call, one_filter, search, tiny_sim

from compiler.simulator import FaultSpec, FaultSpecError, RateLimits, SeedError, Simulator, serve

ROOT = Path(__file__).resolve().parent.parent
FORM = {"client_id": "sim-client-id", "client_secret": "sim-client-secret"}


def token_call(sim: Simulator, path: str = "/oauth/v1/token", **form: str) -> httpx.Response:
    return call(sim, "POST", path, data={**FORM, **form})


# ---- OAuth ------------------------------------------------------------------------------
def test_authorization_code_then_refresh() -> None:
    sim = tiny_sim()
    code = sim.issue_auth_code()
    response = token_call(
        sim, grant_type="authorization_code", code=code, redirect_uri="http://x/cb"
    )
    assert response.status_code == 200
    tokens = response.json()
    assert tokens["expires_in"] == 1800 and tokens["token_type"] == "bearer"
    assert (
        call(sim, "GET", "/crm/v3/objects/contacts/101", token=tokens["access_token"]).status_code
        == 200
    )
    again = token_call(sim, grant_type="authorization_code", code=code)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    refreshed = token_call(
        sim, "/oauth/v3/token", grant_type="refresh_token", refresh_token=tokens["refresh_token"]
    )
    assert refreshed.status_code == 200
    assert refreshed.json()["access_token"] != tokens["access_token"]
    bad = token_call(sim, grant_type="refresh_token", refresh_token="nope")
    assert bad.json()["status"] == "BAD_REFRESH_TOKEN"
    wrong_secret = call(
        sim,
        "POST",
        "/oauth/v1/token",
        data={
            "client_id": "sim-client-id",
            "client_secret": "x",
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
        },
    )
    assert wrong_secret.status_code == 400 and wrong_secret.json()["error"] == "invalid_client"
    as_json = call(sim, "POST", "/oauth/v1/token", json={**FORM, "grant_type": "refresh_token"})
    assert as_json.status_code == 400


def test_expired_and_invalid_tokens() -> None:
    clock = FakeClock()
    sim = tiny_sim(clock=clock)
    access, refresh = sim.access_token, sim.refresh_token
    clock.tick(1799)
    assert call(sim, "GET", "/crm/v3/objects/contacts/101").status_code == 200
    sim.advance(3)
    expired = call(sim, "GET", "/crm/v3/objects/contacts/101")
    assert expired.status_code == 401
    body = expired.json()
    assert body["category"] == "EXPIRED_AUTHENTICATION"
    assert body["message"] == "The OAuth token used to make this call expired 2 second(s) ago."
    assert "expire time" in body["context"]
    private = call(sim, "GET", "/crm/v3/objects/contacts/101", token=sim.private_app_token)
    assert private.status_code == 200
    fresh = token_call(sim, grant_type="refresh_token", refresh_token=refresh).json()[
        "access_token"
    ]
    assert call(sim, "GET", "/crm/v3/objects/contacts/101", token=fresh).status_code == 200
    info = call(sim, "GET", f"/oauth/v1/access-tokens/{fresh}").json()
    assert info["expires_in"] == 1800 and "crm.objects.contacts.read" in info["scopes"]
    inactive = call(
        sim, "POST", "/oauth/v3/token/introspect", data={"token": access, **FORM}
    ).json()
    assert inactive["active"] is False
    for token in ("garbage", refresh):
        invalid = call(sim, "GET", "/crm/v3/objects/contacts/101", token=token)
        assert invalid.status_code == 401 and invalid.json()["category"] == "INVALID_AUTHENTICATION"


def test_missing_header_is_401() -> None:
    sim = tiny_sim()

    async def main() -> httpx.Response:
        async with httpx.AsyncClient(transport=sim.transport(), base_url="http://hubspot.sim") as c:
            return await c.get("/crm/v3/objects/contacts")

    response = asyncio.run(main())
    assert response.status_code == 401 and response.json()["category"] == "INVALID_AUTHENTICATION"


def test_missing_custom_object_scopes_are_403() -> None:
    sim = tiny_sim()
    scopes = ["oauth", "crm.objects.contacts.read", "crm.objects.contacts.write"]
    access, _ = sim.issue_token(scopes)
    assert call(sim, "GET", "/crm/v3/objects/contacts/101", token=access).status_code == 200
    for path in (
        "/crm-object-schemas/v3/schemas",
        "/crm/v3/objects/pets/501",
        "/crm/v3/objects/deals/301",
    ):
        response = call(sim, "GET", path, token=access)
        assert response.status_code == 403, path
        body = response.json()
        assert body["category"] == "MISSING_SCOPES"
        assert body["errors"][0]["context"]["requiredGranularScopes"]
    write = call(sim, "POST", "/crm/v3/objects/pets", token=access, json={"properties": {}})
    assert write.status_code == 403


# ---- rate limits ------------------------------------------------------------------------
def test_ten_secondly_bucket_with_headers() -> None:
    clock = FakeClock()
    sim = tiny_sim(clock=clock, rate_limits=RateLimits(ten_secondly=3, daily=1000))
    remaining = []
    for _ in range(3):
        response = call(sim, "GET", "/crm/v3/objects/contacts/101")
        assert response.status_code == 200
        remaining.append(response.headers["X-HubSpot-RateLimit-Remaining"])
        assert response.headers["X-HubSpot-RateLimit-Max"] == "3"
        assert response.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"
    assert remaining == ["2", "1", "0"]
    limited = call(sim, "GET", "/crm/v3/objects/contacts/101")
    assert limited.status_code == 429
    body = limited.json()
    assert body["policyName"] == "TEN_SECONDLY_ROLLING" and body["errorType"] == "RATE_LIMIT"
    assert body["message"] == "You have reached your ten_secondly_rolling limit."
    clock.tick(9.9)
    assert call(sim, "GET", "/crm/v3/objects/contacts/101").status_code == 429
    clock.tick(0.2)
    ok = call(sim, "GET", "/crm/v3/objects/contacts/101")
    assert ok.status_code == 200 and ok.headers["X-HubSpot-RateLimit-Daily-Remaining"] == "996"
    assert sim.request_log.throttled == 2
    assert sim.request_log.count("GET", "/crm/v3/objects/contacts/101") == 6


def test_search_has_its_own_per_second_bucket() -> None:
    clock = FakeClock()
    sim = tiny_sim(clock=clock, rate_limits=RateLimits(ten_secondly=2))
    for _ in range(5):
        response = search(sim, "contacts", {})
        assert response.status_code == 200
        assert "X-HubSpot-RateLimit-Remaining" not in response.headers
    limited = search(sim, "contacts", {})
    assert limited.status_code == 429
    assert limited.json()["policyName"] == "SECONDLY"
    assert limited.json()["message"] == "You have reached your secondly limit."
    assert call(sim, "GET", "/crm/v3/objects/contacts/101").status_code == 200  # other bucket
    clock.tick(1.0)
    assert search(sim, "contacts", {}).status_code == 200


def test_daily_bucket() -> None:
    clock = FakeClock(start=1_764_331_200.0)  # midnight UTC
    sim = tiny_sim(clock=clock, rate_limits=RateLimits(daily=3))
    for _ in range(3):
        assert (
            call(
                sim, "GET", "/crm/v3/objects/contacts/101", token=sim.private_app_token
            ).status_code
            == 200
        )
    limited = call(sim, "GET", "/crm/v3/objects/contacts/101", token=sim.private_app_token)
    assert limited.status_code == 429 and limited.json()["policyName"] == "DAILY"
    clock.tick(86_400)
    assert (
        call(sim, "GET", "/crm/v3/objects/contacts/101", token=sim.private_app_token).status_code
        == 200
    )


# ---- faults -----------------------------------------------------------------------------
def test_fault_spec_parsing() -> None:
    spec = FaultSpec.parse(
        "latency=50ms,error_rate=0.1,status=503,storm429=0.3,drop=0.05,index_delay=2s,seed=7"
    )
    assert (spec.latency, spec.error_rate, spec.status, spec.storm429) == (0.05, 0.1, 503, 0.3)
    assert (spec.drop, spec.index_delay, spec.seed) == (0.05, 2.0, 7)
    assert FaultSpec.parse("").error_rate == 0.0
    for bad in ("error_rate=2", "status=404", "latency=fast", "nonsense=1", "drop", "seed=x"):
        with pytest.raises(FaultSpecError):
            FaultSpec.parse(bad)


def _statuses(seed: int, n: int = 40) -> list[int]:
    sim = tiny_sim(faults=FaultSpec(error_rate=0.3, storm429=0.2, seed=seed))
    return [call(sim, "GET", "/crm/v3/objects/contacts/101").status_code for _ in range(n)]


def test_faults_are_deterministic_per_seed() -> None:
    first, again, other = _statuses(7), _statuses(7), _statuses(8)
    assert first == again
    assert first != other
    assert {200, 429, 503} <= set(first)


def test_injected_errors_and_storms_have_hubspot_bodies() -> None:
    sim = tiny_sim(faults=FaultSpec(error_rate=1.0, status=502))
    response = call(sim, "GET", "/crm/v3/objects/contacts/101")
    assert response.status_code == 502 and response.json()["status"] == "error"
    sim.faults.error_rate = 0.0
    sim.faults.storm429 = 1.0
    assert (
        call(sim, "GET", "/crm/v3/objects/contacts/101").json()["policyName"]
        == "TEN_SECONDLY_ROLLING"
    )
    assert search(sim, "contacts", {}).json()["policyName"] == "SECONDLY"
    assert (
        token_call(sim, grant_type="refresh_token", refresh_token=sim.refresh_token).status_code
        == 200
    )


def test_dropped_connection_after_the_write_landed() -> None:
    sim = tiny_sim(faults=FaultSpec(drop=1.0))
    with pytest.raises(httpx.TransportError):
        call(
            sim,
            "POST",
            "/crm/v3/objects/contacts",
            json={"properties": {"email": "ghost@example.com"}},
        )
    assert [c["properties"]["email"] for c in sim.store.list("contacts")][-1] == "ghost@example.com"
    assert sim.request_log.count(status=0) == 1


def test_latency_is_added() -> None:
    sim = tiny_sim(faults=FaultSpec(latency=0.05))
    start = time.perf_counter()
    call(sim, "GET", "/crm/v3/objects/contacts/101")
    assert time.perf_counter() - start >= 0.05


# ---- real loopback HTTP and concurrency ---------------------------------------------------
def test_real_server_threads_and_duplicates() -> None:
    sim = tiny_sim()
    with serve(sim, port=0) as server:
        assert server.base_url.startswith("http://127.0.0.1:") and server.port > 0
        headers = {"Authorization": f"Bearer {sim.access_token}"}

        def create(_: int) -> int:
            with httpx.Client(base_url=server.base_url, headers=headers, timeout=10) as client:
                body = {"properties": {"email": "race@example.com"}}
                return client.post("/crm/v3/objects/contacts", json=body).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = sorted(pool.map(create, range(16)))
        assert statuses == [201] + [409] * 15
        sim.faults.drop = 1.0
        with (
            pytest.raises(httpx.TransportError),
            httpx.Client(base_url=server.base_url, headers=headers) as c,
        ):
            c.get("/crm/v3/objects/contacts/101")


def test_concurrent_async_creates_get_distinct_ids() -> None:
    sim = tiny_sim()

    async def main() -> list[httpx.Response]:
        async with sim.client() as client:
            return await asyncio.gather(
                *[
                    client.post(
                        "/crm/v3/objects/contacts",
                        json={"properties": {"email": f"c{i}@example.com"}},
                    )
                    for i in range(50)
                ]
            )

    responses = asyncio.run(main())
    assert all(r.status_code == 201 for r in responses)
    assert len({r.json()["id"] for r in responses}) == 50
    assert len(sim.store.list("contacts")) == 55


def test_unknown_path_is_a_hubspot_404() -> None:
    sim = tiny_sim()
    response = call(sim, "GET", "/crm/v9/nothing")
    assert response.status_code == 404 and response.json()["status"] == "error"
    assert search(sim, "contacts", one_filter("email", "EQ", "x")).status_code == 200


# ---- CLI --------------------------------------------------------------------------------
def _cli(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "compiler", "simulate", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_cli_serves_until_sigterm() -> None:
    proc = _cli("--port", "0", "--seed", TINY, "--faults", "latency=1ms,seed=3")
    try:
        assert proc.stdout is not None
        ready = json.loads(proc.stdout.readline())
        assert set(ready) >= {"base_url", "access_token"}
        response = httpx.get(
            f"{ready['base_url']}/crm/v3/objects/contacts/101",
            headers={"Authorization": f"Bearer {ready['access_token']}"},
        )
        assert response.status_code == 200 and response.json()["properties"]["firstname"] == "Maria"
    finally:
        proc.send_signal(signal.SIGTERM)
        rest, _ = proc.communicate(timeout=10)
    assert proc.returncode == 0
    assert rest == ""  # exactly one line on stdout: scripts read it and nothing else


def test_cli_stops_cleanly_on_ctrl_c() -> None:
    proc = _cli("--port", "0", "--seed", TINY)
    try:
        assert proc.stdout is not None
        ready = json.loads(proc.stdout.readline())
        token = {"Authorization": f"Bearer {ready['private_app_token']}"}
        response = httpx.get(f"{ready['base_url']}/crm/v3/objects/contacts/101", headers=token)
        assert response.status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=10)
    assert proc.returncode == 0 and rest == "" and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["--seed", "no_such_sample"], "--seed"), (["--faults", "drop=7"], "--faults")],
)
def test_cli_bad_arguments_exit_2(args: list[str], needle: str) -> None:
    proc = _cli("--port", "0", *args)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert needle in err and "Traceback" not in err


# ---- seeds ------------------------------------------------------------------------------
def _tiny_raw() -> tuple[dict[str, Any], dict[str, Any]]:
    return (
        json.loads(Path(TINY + ".schema.json").read_text()),
        json.loads(Path(TINY + ".records.json").read_text()),
    )


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda r: r.update(format="nope"), "format is 'nope'"),
        (
            lambda r: r["objects"]["contacts"][0]["properties"].update(shoe="9"),
            "objects.contacts[0]: unknown properties ['shoe']",
        ),
        (lambda r: r["objects"].update(spaceships=[]), "objects.spaceships: no such object"),
        (
            lambda r: r["associations"].append(
                {
                    "fromObject": "contacts",
                    "fromId": "999",
                    "toObject": "companies",
                    "toId": "201",
                    "typeId": 279,
                }
            ),
            "associations[8]: contacts 999",
        ),
        (
            lambda r: r["associations"].append({"fromObject": "contacts"}),
            "associations[8]: missing or bad field",
        ),
    ],
)
def test_bad_seed_records_are_pointed_errors(mutate: Any, needle: str) -> None:
    schema, records = _tiny_raw()
    mutate(records)
    with pytest.raises(SeedError) as err:
        Simulator(schema, records)
    assert needle in str(err.value)


def test_bad_seed_files(tmp_path: Path) -> None:
    (tmp_path / "broken.schema.json").write_text('{"format": ')
    with pytest.raises(SeedError, match=r"broken.schema.json:1:\d+: malformed JSON"):
        Simulator.from_sample(str(tmp_path / "broken"))
    schema, _ = _tiny_raw()
    schema["objects"]["contacts"]["objectTypeId"] = 7
    with pytest.raises(SeedError, match="objectTypeId"):
        Simulator(schema, None)
    empty = Simulator(_tiny_raw()[0], None)
    assert empty.store.list("contacts") == [] and empty.owners == []


def test_authorize_redirects_with_a_code_for_the_requested_scopes() -> None:
    sim = tiny_sim()
    query = {
        "client_id": sim.client_id,
        "redirect_uri": "http://localhost:9999/callback",
        "scope": "oauth crm.objects.contacts.read",
        "state": "xyz",
    }
    response = call(sim, "GET", "/oauth/authorize", params=query)
    assert response.status_code == 302
    location = httpx.URL(response.headers["location"])
    assert str(location).startswith("http://localhost:9999/callback?")
    assert location.params["state"] == "xyz"
    tokens = token_call(sim, grant_type="authorization_code", code=location.params["code"]).json()
    assert tokens["scopes"] == ["oauth", "crm.objects.contacts.read"]
    assert (
        call(sim, "GET", "/crm/v3/objects/deals/301", token=tokens["access_token"]).status_code
        == 403
    )
    bad = call(sim, "GET", "/oauth/authorize", params={**query, "client_id": "other"})
    assert bad.status_code == 400


# ---- bundled samples --------------------------------------------------------------------
@pytest.mark.parametrize("name", ["harbor_vet", "small"])
def test_bundled_samples_load_and_every_phone_is_findable(name: str) -> None:
    sim = Simulator.from_sample(name, rate_limits=RateLimits(enabled=False))
    contacts = sim.store.list("contacts")
    assert contacts
    for contact in contacts:
        props = contact["properties"]
        for raw, twin in (
            ("phone", "hs_searchable_calculated_phone_number"),
            ("mobilephone", "hs_searchable_calculated_mobile_number"),
        ):
            if not props.get(raw):
                continue
            found = search(sim, "contacts", one_filter(twin, "EQ", props[twin]))
            assert contact["id"] in [r["id"] for r in found.json()["results"]], (name, props[raw])
    for obj in sim.schema.objects.values():
        assert call(sim, "GET", f"/crm/v3/properties/{obj.object_type_id}").status_code == 200
