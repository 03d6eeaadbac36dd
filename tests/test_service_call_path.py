"""A skill call's hot path through the service: one short store transaction for its context, and
the key is checked on every call (a deleted key is refused at once, nothing cached)."""

from __future__ import annotations

from typing import Any

from service_fixtures import Service, connect, service
from sqlalchemy import delete, event
from store_fixtures import databases, store_url

from compiler.product.accounts import add_user
from compiler.store.accounts import ApiKey

__all__ = ["databases", "service", "store_url"]

MARIA = "+1 (617) 555-0123"
PRODUCT_TABLES = ("api_keys", "agent_versions", "connections", "agents")


def test_a_warm_call_costs_one_store_transaction_and_checks_the_key(service: Service) -> None:
    key = service.key()
    with service.api(key) as api:
        agent_id = api.post("/agents", json={"name": "Front desk"}).json()["data"]["id"]
        connect(service, agent_id)
        assert api.post(f"/agents/{agent_id}/publish").status_code == 200
        body = {"args": {}, "conversationId": "c1", "caller": {"phone": MARIA, "verified": None}}
        path = f"/agents/{agent_id}/skills/find_contact/call"
        assert api.post(path, json=body).json()["data"]["status"] == "ok"  # warms the runtime

        # Statements per transaction. The runtime's shared state (rate budget, claims, ledger)
        # has its own short transactions; the service's call context (key, agent, version,
        # connection) must be read in exactly one.
        transactions: list[list[str]] = []

        def begin(connection: Any) -> None:
            transactions.append([])

        def statement(connection: Any, cursor: Any, sql: str, *_args: Any) -> None:
            if transactions:
                transactions[-1].append(sql.lower())

        event.listen(service.store.engine, "begin", begin)
        event.listen(service.store.engine, "before_cursor_execute", statement)
        try:
            answer = api.post(path, json=body)
        finally:
            event.remove(service.store.engine, "begin", begin)
            event.remove(service.store.engine, "before_cursor_execute", statement)
        assert answer.status_code == 200 and answer.json()["data"]["status"] == "ok"
        context = [
            t for t in transactions
            if any(table in sql for sql in t for table in PRODUCT_TABLES)
        ]  # fmt: skip
        assert len(context) == 1, transactions

        with service.store.transaction() as session:
            session.execute(delete(ApiKey))
        refused = api.post(path, json=body)
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "unauthorized"


COMPANY_BINDING = {
    "name": "company_by_domain",
    "description": "Find a company by its domain.",
    "binding": "search companies where domain = {domain} limit 1 return name",
}


def test_each_call_sees_the_latest_publish_agent_and_connection(service: Service) -> None:
    """The process keeps runtimes and clients between calls; the store still decides each call:
    a new version, another workspace, a draft-only agent, a disconnect and a reconnect all
    take effect on the very next call."""
    add_user(service.store, "other@example.com", "another password 1", "Elsewhere")
    with service.api(service.key()) as api:
        agent_id = api.post("/agents", json={"name": "Front desk"}).json()["data"]["id"]
        draft_only = api.post("/agents", json={"name": "Draft"}).json()["data"]["id"]
        connect(service, agent_id)
        assert api.post(f"/agents/{agent_id}/publish").status_code == 200
        body = {"args": {}, "conversationId": "c1", "caller": {"phone": MARIA, "verified": None}}
        call = f"/agents/{agent_id}/skills/find_contact/call"
        assert api.post(call, json=body).json()["data"]["status"] == "ok"

        company = f"/agents/{agent_id}/skills/company_by_domain/call"
        company_body = {**body, "args": {"domain": "example.com"}}
        made = api.post(f"/agents/{agent_id}/integrations/hubspot/bindings", json=COMPANY_BINDING)
        assert made.status_code == 200, made.text
        assert api.post(company, json=company_body).json()["data"]["status"] == "refused"
        assert api.post(f"/agents/{agent_id}/publish").json()["data"]["version"] == 2
        served = api.post(company, json=company_body).json()["data"]
        assert served["status"] in ("ok", "not_found"), served

        unpublished = api.post(f"/agents/{draft_only}/skills/find_contact/call", json=body)
        assert unpublished.status_code == 409
        assert unpublished.json()["error"]["code"] == "not_published"
        missing = api.post("/agents/agt_nope/skills/find_contact/call", json=body)
        assert missing.status_code == 404

    with service.api(service.key("skills:execute", email="other@example.com")) as other:
        foreign = other.post(call, json=body)
        assert foreign.status_code == 404, foreign.text
        assert foreign.json()["error"]["code"] == "agent_not_found"
    with service.api(service.key("agents:read")) as unscoped:
        denied = unscoped.post(call, json=body)
        assert denied.status_code == 403
        assert denied.json()["error"]["details"]["requiredScope"] == "skills:execute"

    with service.api(service.key("integrations:connect")) as admin:
        assert admin.delete("/integrations/hubspot").status_code == 200
    with service.api(service.key("skills:execute")) as api:
        gone = api.post(call, json=body)
        assert gone.status_code == 409 and gone.json()["error"]["code"] == "not_connected"
        connect(service)
        assert api.post(call, json=body).json()["data"]["status"] == "ok"
