"""Authoring bindings over the API, least privilege (403 scope_required, re-consent), publish
refusals and restore."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from service_fixtures import Service, service
from sqlalchemy import select
from store_fixtures import databases, store_url

from compiler.store.connections import DiscoveredSchema

__all__ = ["databases", "service", "store_url"]

PET_BINDING = {
    "name": "find_pet",
    "description": "Find a pet by its name.",
    "binding": "search pets where pet_name = {pet_name} limit 1 return pet_name, species",
}


def _without_optional(url: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items() if k != "optional_scope"}
    return urlunsplit(parts._replace(query=urlencode(query)))


def _connect(service: Service, *, grant_optional: bool, agent_id: str | None = None) -> None:
    browser = service.browser()
    with service.api(service.key("integrations:connect")) as api:
        body = {"agentId": agent_id} if agent_id else None
        url = api.post("/integrations/hubspot/connect", json=body).json()["data"]["oauthUrl"]
    done = service.consent(browser, url if grant_optional else _without_optional(url))
    assert done.status_code == 303, done.text


def test_bindings_compile_from_json_and_yaml_and_errors_have_positions(service: Service) -> None:
    _connect(service, grant_optional=True)
    with service.api(service.key()) as api:
        agent = api.post("/agents", json={"name": "a"}).json()["data"]["id"]
        made = api.post(f"/agents/{agent}/integrations/hubspot/bindings", json=PET_BINDING)
        assert made.status_code == 200, made.text
        assert made.json()["data"] == {"name": "find_pet", "created": True, "updated": False}
        yaml_text = (
            "name: find_company_by_domain\ndescription: Find a company by domain.\ncrm: hubspot\n"
            "read: search companies where domain = {domain} limit 1 return name\n"
        )
        made = api.post(f"/agents/{agent}/integrations/hubspot/bindings", json={"yaml": yaml_text})
        assert made.status_code == 200, made.text
        bad = api.post(
            f"/agents/{agent}/integrations/hubspot/bindings",
            json={**PET_BINDING, "binding": "search pets where nosuchfield = {x} return pet_name"},
        )
        assert bad.status_code == 422, bad.text
        detail = bad.json()["error"]["details"][0]
        assert {"path", "message", "line", "col"} <= set(detail)
        assert "nosuchfield" in detail["message"]
        unknown = api.post(
            f"/agents/{agent}/integrations/hubspot/bindings",
            json={**PET_BINDING, "binding": "search dragons where name = {x} return name"},
        )
        # Every scope was granted: an unknown object is just that, not a scope problem.
        assert unknown.status_code == 422 and "dragons" in unknown.json()["error"]["message"]
        names = {s["name"] for s in api.get(f"/agents/{agent}").json()["data"]["draft"]["skills"]}
        assert names == {"find_pet", "find_company_by_domain"}


def test_a_custom_object_without_its_scopes_asks_for_reconsent(service: Service) -> None:
    _connect(service, grant_optional=False)
    with service.api(service.key()) as api:
        scopes = api.get("/integrations").json()["data"][0]["scopes"]
        assert not any("custom" in s for s in scopes)
        objects = api.get("/integrations/hubspot/objects").json()["data"]
        assert "pets" not in json.dumps(objects)
        agent = api.post("/agents", json={"name": "a"}).json()["data"]["id"]
        refused = api.post(f"/agents/{agent}/integrations/hubspot/bindings", json=PET_BINDING)
        assert refused.status_code == 403, refused.text
        error = refused.json()["error"]
        assert error["code"] == "scope_required"
        assert "crm.schemas.custom.read" in error["details"]["missingScopes"]
        reconsent = error["details"]["oauthUrl"]
        asked = parse_qs(urlsplit(reconsent).query)["scope"][0].split()
        assert "crm.objects.custom.read" in asked
        done = service.consent(service.browser(), reconsent)
        assert done.status_code == 303
        made = api.post(f"/agents/{agent}/integrations/hubspot/bindings", json=PET_BINDING)
        assert made.status_code == 200, made.text


def test_publish_refuses_a_skill_that_no_longer_compiles_and_restore(service: Service) -> None:
    _connect(service, grant_optional=True)
    with service.api(service.key()) as api:
        agent = api.post("/agents", json={"name": "a"}).json()["data"]["id"]
        assert api.post(f"/agents/{agent}/integrations/hubspot/bindings", json=PET_BINDING)
        first = api.post(f"/agents/{agent}/publish").json()["data"]
        assert first["version"] == 1 and first["skills"] == ["find_pet"]
        # The account changes: pet_name is gone from the discovered schema.
        with service.store.transaction() as session:
            row = session.scalar(select(DiscoveredSchema))
            assert row is not None
            doc = json.loads(row.document)
            props = doc["objects"]["pets"]["properties"]
            doc["objects"]["pets"]["properties"] = [p for p in props if p["name"] != "pet_name"]
            doc["fingerprint"] = "sha256:" + "0" * 64
            row.document = json.dumps(doc)
            row.fingerprint = doc["fingerprint"]
        refused = api.post(f"/agents/{agent}/publish")
        assert refused.status_code == 409, refused.text
        error = refused.json()["error"]
        assert "find_pet" in error["message"] and "pet_name" in error["message"]
        assert [v["version"] for v in api.get(f"/agents/{agent}/versions").json()["data"]] == [1]
        restored = api.post(f"/agents/{agent}/versions/1/restore")
        assert restored.status_code == 200 and restored.json()["data"]["skills"] == ["find_pet"]
        assert api.post(f"/agents/{agent}/versions/7/restore").status_code == 404
