"""A skill call's hot path through the service: one short store transaction for its context, and
the key is checked on every call (a deleted key is refused at once, nothing cached)."""

from __future__ import annotations

from typing import Any

from service_fixtures import Service, connect, service
from sqlalchemy import delete, event
from store_fixtures import databases, store_url

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
