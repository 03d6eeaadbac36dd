"""Text the store cannot hold (NUL: PostgreSQL's text refuses it) is a 4xx naming the field,
never a 500, on every engine."""

from __future__ import annotations

from service_fixtures import Service, connect, service
from store_fixtures import databases, store_url

__all__ = ["databases", "service", "store_url"]


def test_an_agent_name_with_a_control_character_is_refused(service: Service) -> None:
    with service.api(service.key()) as api:
        for name in ("a\x00b", "\x00", "tab\there"):
            answer = api.post("/agents", json={"name": name})
            assert answer.status_code == 422, (name, answer.text)
            assert answer.json()["error"]["details"][0]["path"] == "name"
        assert api.get("/agents").json()["data"] == []


def test_an_agent_id_with_nul_is_not_found_on_the_call_path(service: Service) -> None:
    with service.api(service.key()) as api:
        body = {"args": {}, "conversationId": "c1"}
        answer = api.post("/agents/agt%00x/skills/find_contact/call", json=body)
        assert answer.status_code == 404, answer.text
        assert answer.json()["error"]["code"] == "agent_not_found"


def test_a_conversation_id_with_nul_is_refused(service: Service) -> None:
    connect(service)
    conversation = {
        "id": "call\x001",
        "channel": "voice",
        "startedAt": "2026-12-07T03:00:00Z",
        "endedAt": "2026-12-07T03:01:00Z",
    }
    with service.api(service.key()) as api:
        answer = api.post("/integrations/hubspot/writeback/conversations", json=conversation)
        assert answer.status_code == 422, answer.text
        assert answer.json()["error"]["details"][0]["path"] == "id"


def test_nul_anywhere_else_is_a_4xx_in_the_error_shape(service: Service) -> None:
    with service.api(service.key()) as api:
        for method, path in (
            ("DELETE", "/keys/key%00x"),
            ("PUT", "/agents/agt%00x/platforms/retell"),
            ("POST", "/platforms/vapi/agents/agt%00x"),
        ):
            answer = api.request(method, path, json={"secret": "s" * 24})
            assert 400 <= answer.status_code < 500, (path, answer.text)
            error = answer.json()["error"]
            assert set(error) == {"code", "message", "details"}
            if answer.status_code == 422:
                assert all({"path", "message"} <= set(d) for d in error["details"])
    browser = service.browser()
    csrf = browser.cookies["skillc_csrf"]
    signed_in = browser.post("/login", data={"email": "a\x00@x.com", "password": "p", "csrf": csrf})
    assert 400 <= signed_in.status_code < 500
