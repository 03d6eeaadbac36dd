"""The product flow over real HTTP: sign in, connect (consent), install, publish, call."""

from __future__ import annotations

from service_fixtures import Service, connect, service
from store_fixtures import databases, store_url

__all__ = ["databases", "service", "store_url"]

MARIA = "+1 (617) 555-0123"


def test_connect_install_publish_and_call(service: Service) -> None:
    key = service.key()
    with service.api(key) as api:
        agent = api.post("/agents", json={"name": "Front desk"})
        assert agent.status_code == 201, agent.text
        agent_id = agent.json()["data"]["id"]
        connect(service, agent_id)
        listed = api.get("/integrations").json()["data"]
        assert listed[0]["id"] == "hubspot" and listed[0]["status"] == "connected"
        assert listed[0]["accountLabel"] and listed[0]["discoveredAt"]
        draft = api.get(f"/agents/{agent_id}").json()["data"]
        assert {s["name"] for s in draft["draft"]["skills"]} >= {"find_contact", "create_contact"}
        assert draft["published"] is None
        again = api.post(f"/agents/{agent_id}/integrations/hubspot/pack/install").json()
        assert all(not s["created"] for s in again["data"]["skills"])
        body = {"args": {}, "conversationId": "c1", "caller": {"phone": MARIA, "verified": None}}
        before = api.post(f"/agents/{agent_id}/skills/find_contact/call", json=body)
        assert before.status_code == 409, before.text
        published = api.post(f"/agents/{agent_id}/publish").json()["data"]
        assert published["version"] == 1 and "find_contact" in published["skills"]
        assert published["schemaFingerprint"]
        found = api.post(f"/agents/{agent_id}/skills/find_contact/call", json=body)
        assert found.status_code == 200, found.text
        data = found.json()["data"]
        assert data["status"] == "ok" and data["record"]["properties"]["firstname"] == "Maria"
        unknown = api.post(f"/agents/{agent_id}/skills/no_such/call", json=body).json()["data"]
        assert unknown["status"] == "refused"
        versions = api.get(f"/agents/{agent_id}/versions").json()["data"]
        assert [v["version"] for v in versions] == [1]


def test_an_expired_access_token_is_refreshed_and_stored_encrypted(service: Service) -> None:
    from sqlalchemy import select

    from compiler.product import secretbox
    from compiler.store.connections import Connection

    key = service.key()
    with service.api(key) as api:
        agent_id = api.post("/agents", json={"name": "a"}).json()["data"]["id"]
        connect(service, agent_id)
        api.post(f"/agents/{agent_id}/publish")
        with service.store.transaction() as session:
            before = session.scalar(select(Connection))
        assert before is not None
        service.sim.advance(1900)  # past the 30-minute access token
        body = {"args": {}, "conversationId": "c2", "caller": {"phone": MARIA, "verified": None}}
        found = api.post(f"/agents/{agent_id}/skills/find_contact/call", json=body)
        assert found.json()["data"]["status"] == "ok", found.text
    with service.store.transaction() as session:
        after = session.scalar(select(Connection))
    assert after is not None and after.token_version > before.token_version
    old, new = secretbox.decrypt(before.access_token), secretbox.decrypt(after.access_token)
    assert old != new and new.startswith("sim-at-")
    assert new not in after.access_token
