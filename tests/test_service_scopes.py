"""Every API endpoint: without a key 401; with a key lacking its scope 403 naming the scope."""

from __future__ import annotations

import pytest
from service_fixtures import Service, service
from store_fixtures import databases, store_url

from compiler.product.accounts import SCOPES

__all__ = ["databases", "service", "store_url"]

A = "/agents/agt_x"
ENDPOINTS = [
    ("GET", "/integrations", "integrations:read"),
    ("POST", "/integrations/hubspot/connect", "integrations:connect"),
    ("GET", "/integrations/hubspot/pack", "integrations:read"),
    ("POST", f"{A}/integrations/hubspot/pack/install", "skills:write"),
    ("POST", "/integrations/hubspot/discover", "integrations:write"),
    ("GET", "/integrations/hubspot/objects", "integrations:read"),
    ("GET", "/integrations/hubspot/objects/contacts", "integrations:read"),
    ("GET", "/integrations/hubspot/search?q=phone", "integrations:read"),
    ("POST", f"{A}/integrations/hubspot/bindings", "skills:write"),
    ("GET", "/integrations/hubspot/writeback", "integrations:read"),
    ("PATCH", "/integrations/hubspot/writeback", "integrations:write"),
    ("POST", "/integrations/hubspot/writeback/conversations", "skills:execute"),
    ("POST", "/agents", "agents:write"),
    ("GET", "/agents", "agents:read"),
    ("GET", A, "agents:read"),
    ("POST", f"{A}/publish", "agents:write"),
    ("GET", f"{A}/versions", "agents:write"),
    ("POST", f"{A}/versions/1/restore", "agents:write"),
    ("POST", f"{A}/skills/find_contact/call", "skills:execute"),
]


def test_every_endpoint_needs_a_key_and_its_scope(service: Service) -> None:
    keys = {scope: service.key(*[s for s in SCOPES if s != scope]) for scope in SCOPES}
    with service.api() as anonymous:
        for method, path, scope in ENDPOINTS:
            answer = anonymous.request(method, path, json={})
            assert answer.status_code == 401, (method, path, answer.text)
            assert answer.json()["error"]["code"] == "unauthorized"
            with service.api(keys[scope]) as api:
                refused = api.request(method, path, json={})
            assert refused.status_code == 403, (method, path, refused.text)
            error = refused.json()["error"]
            assert scope in error["message"] and error["details"]["requiredScope"] == scope
        assert anonymous.get("/no/such/thing").status_code == 401
        assert anonymous.get("/openapi.json").status_code == 200


def test_an_unknown_key_is_401(service: Service) -> None:
    with service.api("skc_sk_not-a-real-key") as api:
        answer = api.get("/agents")
    assert answer.status_code == 401
    assert answer.json()["error"]["message"] == "unknown API key"


@pytest.mark.parametrize("body", [{"name": ""}, {}, {"name": "x", "extra": 1}])
def test_bad_bodies_are_422_with_paths(service: Service, body: dict[str, object]) -> None:
    with service.api(service.key()) as api:
        answer = api.post("/agents", json=body)
    assert answer.status_code == 422
    details = answer.json()["error"]["details"]
    assert details and all({"path", "message"} <= set(d) for d in details)


def test_writeback_settings_patch(service: Service) -> None:
    from service_fixtures import connect

    connect(service)
    with service.api(service.key()) as api:
        start = api.get("/integrations/hubspot/writeback").json()["data"]
        assert start["mode"] == "off" and start["onNoMatch"] == "skip" and "counters" in start
        changed = api.patch(
            "/integrations/hubspot/writeback", json={"mode": "summary", "onNoMatch": "create"}
        )
        assert changed.json()["data"]["onNoMatch"] == "create"
        kept = api.patch("/integrations/hubspot/writeback", json={"mode": "summary_transcript"})
        assert kept.json()["data"]["onNoMatch"] == "create"  # omitted: unchanged
        bad = api.patch(
            "/integrations/hubspot/writeback", json={"mode": "loud", "onNoMatch": "skip"}
        )
        assert bad.status_code == 422
        after = api.get("/integrations/hubspot/writeback").json()["data"]
        assert after["mode"] == "summary_transcript" and after["onNoMatch"] == "create"
