"""The service delivers interaction logging with the connection's own tokens: a conversation
logged through the API becomes one Call on the contact's timeline, once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from service_fixtures import Service, connect, service
from store_fixtures import databases, store_url

from compiler.product import writeback
from compiler.product.connections import forget_clients
from compiler.product.hubspot_app import HubSpotApp

__all__ = ["databases", "service", "store_url"]


def _calls_on(service: Service, contact_id: str) -> list[str]:
    return sorted(
        a.from_id
        for a in service.sim.store.associations
        if a.from_object == "calls" and a.to_object == "contacts" and a.to_id == contact_id
    )


def test_a_logged_conversation_becomes_one_call_on_the_contact(service: Service) -> None:
    connect(service)
    app = HubSpotApp(
        base_url=service.sim_server.base_url,
        client_id=service.sim.client_id,
        client_secret=service.sim.client_secret,
        public_url=service.base_url,
    )
    before = _calls_on(service, "101")
    with service.api(service.key()) as api:
        api.patch("/integrations/hubspot/writeback", json={"mode": "summary_transcript"})
        ended = datetime.now(UTC) + timedelta(seconds=1)
        conversation = {
            "id": "call-1",
            "channel": "voice",
            "startedAt": (ended - timedelta(minutes=2)).isoformat(),
            "endedAt": ended.isoformat(),
            "contactId": "101",
            "transcript": [{"speaker": "caller", "text": "Biscuit is limping again."}],
        }
        queued = api.post("/integrations/hubspot/writeback/conversations", json=conversation)
        assert queued.json()["data"]["outcome"] == "queued", queued.text
        forget_clients()  # this test's event loop is not the service's
        assert asyncio.run(writeback.deliver_all(service.store, app)) == 1
        counters = api.get("/integrations/hubspot/writeback").json()["data"]["counters"]
        assert counters["logged"] == 1 and counters["pending"] == 0
        assert asyncio.run(writeback.deliver_all(service.store, app)) == 0
    added = sorted(set(_calls_on(service, "101")) - set(before))
    assert len(added) == 1
    call = service.sim.store.get("calls", added[0])
    assert call is not None and "Biscuit" in (call["properties"].get("hs_call_body") or "")
