"""A skill call's hot path through the service: one short store transaction per warm call, and
the key is checked on every call (a deleted key is refused at once, nothing cached)."""

from __future__ import annotations

from typing import Any

from service_fixtures import Service, connect, service
from sqlalchemy import delete, event
from store_fixtures import databases, store_url

from compiler.store.accounts import ApiKey

__all__ = ["databases", "service", "store_url"]

MARIA = "+1 (617) 555-0123"


def test_a_warm_call_costs_one_store_transaction_and_checks_the_key(service: Service) -> None:
    key = service.key()
    with service.api(key) as api:
        agent_id = api.post("/agents", json={"name": "Front desk"}).json()["data"]["id"]
        connect(service, agent_id)
        assert api.post(f"/agents/{agent_id}/publish").status_code == 200
        body = {"args": {}, "conversationId": "c1", "caller": {"phone": MARIA, "verified": None}}
        path = f"/agents/{agent_id}/skills/find_contact/call"
        assert api.post(path, json=body).json()["data"]["status"] == "ok"  # warms the runtime

        begun: list[Any] = []

        def count(connection: Any) -> None:
            begun.append(connection)

        event.listen(service.store.engine, "begin", count)
        try:
            answer = api.post(path, json=body)
        finally:
            event.remove(service.store.engine, "begin", count)
        assert answer.status_code == 200 and answer.json()["data"]["status"] == "ok"
        assert len(begun) == 1

        with service.store.transaction() as session:
            session.execute(delete(ApiKey))
        refused = api.post(path, json=body)
        assert refused.status_code == 401
        assert refused.json()["error"]["code"] == "unauthorized"
