"""`POST /api/v1/agents/{agentId}/integrations/hubspot/bindings/auto` over the running service."""

from __future__ import annotations

from service_fixtures import Service, service
from store_fixtures import databases, store_url

from compiler.account import load_schema
from compiler.binding import compile_binding
from compiler.samples import sample_schema_path

__all__ = ["databases", "service", "store_url"]


def _connect(service: Service) -> None:
    browser = service.browser()
    with service.api(service.key("integrations:connect")) as api:
        url = api.post("/integrations/hubspot/connect").json()["data"]["oauthUrl"]
    done = service.consent(browser, url)
    assert done.status_code == 303, done.text


def test_auto_binding_answers_saves_and_never_overwrites(service: Service) -> None:
    _connect(service)
    with service.api(service.key()) as api:
        agent = api.post("/agents", json={"name": "a"}).json()["data"]["id"]
        path = f"/agents/{agent}/integrations/hubspot/bindings/auto"
        got = api.post(path, json={"goal": "List the caller's open tickets"})
        assert got.status_code == 200, got.text
        data = got.json()["data"]
        assert data["ok"] is True and data["kind"] == "search"
        assert {"binding", "explanation", "confidence", "alternatives"} <= set(data)
        assert compile_binding(data["binding"], load_schema(sample_schema_path("harbor_vet"))).ok
        skills = api.get(f"/agents/{agent}").json()["data"]["draft"]["skills"]
        assert skills == []  # answered, not saved

        # Ambiguous or impossible: still a 200, with a question or errors.
        asked = api.post(path, json={"goal": "Close a given ticket"})
        assert asked.status_code == 200 and asked.json()["data"]["question"]
        lacking = api.post(path, json={"goal": "Find the caller's invoices"})
        assert lacking.status_code == 200 and lacking.json()["data"]["errors"]

        saved = api.post(
            path, json={"goal": "List the caller's open tickets", "save": True, "name": "open"}
        )
        assert saved.status_code == 200, saved.text
        draft = api.get(f"/agents/{agent}").json()["data"]["draft"]["skills"]
        assert [s["name"] for s in draft] == ["open"]

        again = api.post(path, json={"goal": "List all dogs", "save": True, "name": "open"})
        assert again.status_code == 409, again.text
        assert api.get(f"/agents/{agent}").json()["data"]["draft"]["skills"] == draft  # untouched
        replaced = api.post(
            path, json={"goal": "List all dogs", "save": True, "name": "open", "replace": True}
        )
        assert replaced.status_code == 200, replaced.text
        assert api.get(f"/agents/{agent}").json()["data"]["draft"]["skills"] != draft

        # A goal or an agent id with a NUL byte: answered, never stored, never a 500.
        nul = api.post(path, json={"goal": "List\u0000 dogs", "save": True, "name": "nul"})
        assert nul.status_code == 200 and nul.json()["data"]["errors"][0]["code"] == "bad-goal"
        missing = api.post(
            "/agents/a%00b/integrations/hubspot/bindings/auto", json={"goal": "List dogs"}
        )
        assert missing.status_code == 404, missing.text

        nameless = api.post(path, json={"goal": "List all dogs", "save": True})
        assert nameless.status_code == 422, nameless.text
        unknown_field = api.post(path, json={"goal": "List all dogs", "extra": 1})
        assert unknown_field.status_code == 422


def test_auto_binding_needs_skills_write(service: Service) -> None:
    _connect(service)
    with service.api(service.key()) as api:
        agent = api.post("/agents", json={"name": "a"}).json()["data"]["id"]
    with service.api(service.key("agents:read")) as api:
        refused = api.post(
            f"/agents/{agent}/integrations/hubspot/bindings/auto", json={"goal": "List dogs"}
        )
        assert refused.status_code == 403, refused.text
