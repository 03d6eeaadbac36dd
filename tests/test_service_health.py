"""Drift and scopes in the service: ``GET /agents/{id}/drift`` after a fresh discovery,
publish refusing ``broken``, the scheduled re-check under a store lease, ``GET .../scopes``."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlparse

import pytest
from platform_fixtures import Published, published
from service_fixtures import Service, service
from sqlalchemy import update
from store_fixtures import databases, store_url

from compiler.product import leases
from compiler.product.health import last_drift
from compiler.product.hubspot_app import HubSpotApp
from compiler.service.schedule import DEFAULT_EVERY_S, ScheduleError, drift_every, run_due
from compiler.store.connections import Connection

__all__ = ["databases", "published", "service", "store_url"]


def archive_property(service: Service, object_name: str, name: str) -> None:
    """Delete a property in the simulated account (HubSpot archives deleted properties)."""
    obj = service.sim.schema.resolve(object_name)
    assert obj is not None
    prop = next(p for p in obj.raw_properties if p["name"] == name)
    prop["archived"] = True


def test_drift_is_ok_until_the_account_changes_then_broken_and_publish_refuses(
    published: Published,
) -> None:
    with published.service.api(published.key) as api:
        path = f"/agents/{published.agent_id}/drift"
        same = api.get(path)
        assert same.status_code == 200, same.text
        report = same.json()["data"]
        assert report["status"] == "ok" and report["version"] == "1"
        assert {s["skill"] for s in report["skills"]} >= {"find_contact", "create_ticket"}
        assert all(s["status"] == "ok" for s in report["skills"])

        archive_property(published.service, "contacts", "email")
        changed = api.get(path).json()["data"]
        assert changed["status"] == "broken"
        skills = {s["skill"]: s for s in changed["skills"]}
        find = skills["find_contact"]
        assert find["status"] == "broken"
        (finding,) = [f for f in find["findings"] if f["status"] == "broken"]
        assert finding["kind"] == "property_removed" and "email" in finding["reason"]
        assert finding["at"].startswith("steps[")
        assert skills["find_company"]["status"] == "ok"
        stored = last_drift(published.service.store, published.agent_id)
        assert stored is not None and stored["status"] == "broken"

        refused = api.post(f"/agents/{published.agent_id}/publish")
        assert refused.status_code == 409, refused.text
        problems = refused.json()["error"]["details"]
        assert any(p["path"] == "skills.find_contact" and "email" in p["message"] for p in problems)


def test_drift_needs_a_published_version_and_agents_read(published: Published) -> None:
    service = published.service
    with service.api(service.key("skills:execute")) as api:
        assert api.get(f"/agents/{published.agent_id}/drift").status_code == 403
        assert api.get(f"/agents/{published.agent_id}/scopes").status_code == 403
    with service.api(published.key) as api:
        other = api.post("/agents", json={"name": "Draft only"}).json()["data"]["id"]
        answer = api.get(f"/agents/{other}/drift")
        assert answer.status_code == 409 and answer.json()["error"]["code"] == "not_published"
        assert api.get("/agents/agt_nope/drift").status_code == 404


def test_scopes_required_granted_missing_and_reconsent(published: Published) -> None:
    service = published.service
    with service.api(published.key) as api:
        path = f"/agents/{published.agent_id}/scopes"
        full = api.get(path).json()["data"]
        assert {"crm.objects.contacts.read", "crm.objects.contacts.write", "tickets"} <= set(
            full["required"]
        )
        assert full["missing"] == [] and full["reconsentUrl"] is None
        assert full["version"] == 1
        with service.store.transaction() as session:
            session.execute(
                update(Connection).values(
                    scopes="oauth crm.objects.contacts.read crm.objects.contacts.write"
                )
            )
        narrow = api.get(path).json()["data"]
        assert (
            "tickets" in narrow["missing"] and "crm.objects.contacts.read" not in narrow["missing"]
        )
        assert narrow["granted"] == sorted(
            ["oauth", "crm.objects.contacts.read", "crm.objects.contacts.write"]
        )
        query = parse_qs(urlparse(narrow["reconsentUrl"]).query)
        asked = query["scope"][0].split()
        assert set(narrow["missing"]) <= set(asked) and "oauth" in asked  # nothing granted lost
        assert query["state"][0]


def test_the_schedule_runs_one_worker_per_period_through_the_store(
    published: Published,
) -> None:
    service = published.service
    app = HubSpotApp(
        base_url=service.sim_server.base_url,
        client_id=service.sim.client_id,
        client_secret=service.sim.client_secret,
        public_url=service.base_url,
    )
    clock = [1_000_000.0]

    def now() -> float:
        return clock[0]

    async def sweeps() -> list[int | None]:
        first = await run_due(service.store, app, "worker-a", 3600, now)
        second = await run_due(service.store, app, "worker-b", 3600, now)
        clock[0] += 3601  # the next period: the lease has expired
        later = await run_due(service.store, app, "worker-b", 3600, now)
        return [first, second, later]

    # One agent checked per period, by one worker; the other finds the period taken.
    assert asyncio.run(sweeps()) == [1, None, 1]
    report = last_drift(service.store, published.agent_id)
    assert report is not None and report["status"] == "ok"
    assert not leases.acquire(service.store, "drift-schedule", "worker-a", 3600, now)


def test_drift_every_parses_durations() -> None:
    assert drift_every("") == DEFAULT_EVERY_S == 6 * 3600
    assert drift_every("90s") == 90 and drift_every("30m") == 1800 and drift_every("2h") == 7200
    assert drift_every("off") == 0
    with pytest.raises(ScheduleError, match="SKILLC_DRIFT_EVERY"):
        drift_every("soon")


def test_a_worker_starts_the_schedule_at_its_first_request(published: Published) -> None:
    import httpx

    from compiler.service.app import create_app
    from compiler.service.schedule import DriftSchedule

    service = published.service
    hub = HubSpotApp(
        base_url=service.sim_server.base_url,
        client_id=service.sim.client_id,
        client_secret=service.sim.client_secret,
        public_url=service.base_url,
    )
    app = create_app(service.store.url, hub)
    app.add_middleware(DriftSchedule, every_s=3600)
    assert last_drift(service.store, published.agent_id) is None

    async def first_request() -> dict[str, object] | None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://worker") as client:
            await client.get("/healthz")
        for _ in range(200):
            report = last_drift(service.store, published.agent_id)
            if report is not None:
                return report
            await asyncio.sleep(0.05)
        return None

    report = asyncio.run(first_request())
    assert report is not None and report["status"] == "ok"
