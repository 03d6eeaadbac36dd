"""Voice-platform webhooks against the published agent, each fed its platform's documented
example payload (shapes from shared/platforms/FACTS.md), over real HTTP with the simulator."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from platform_fixtures import (
    ASSISTANT_ID,
    MARIA,
    RETELL_KEY,
    VAPI_SECRET,
    Published,
    post_signed,
    published,
    retell_signature,
)
from service_fixtures import service
from store_fixtures import databases, store_url

__all__ = ["databases", "published", "service", "store_url"]

AGENT_NUMBER = "+14155550100"
TICKET = {"subject": "Lost leash", "details": "Left it in the waiting room."}


def retell_call(call_id: str, direction: str = "inbound", caller: str = MARIA) -> dict[str, Any]:
    """Retell's call object (PhoneCallResponse): the fields a custom function receives."""
    inbound = direction == "inbound"
    return {
        "call_id": call_id,
        "agent_id": "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
        "agent_version": 1,
        "call_type": "phone_call",
        "direction": direction,
        "from_number": caller if inbound else AGENT_NUMBER,
        "to_number": AGENT_NUMBER if inbound else caller,
        "call_status": "ongoing",
        "metadata": {},
        "retell_llm_dynamic_variables": {"customer_name": "John Doe"},
        "transcript": "Agent: Hi, how can I help?\nUser: I lost my dog's leash.",
        "start_timestamp": 1703302407333,
    }


def retell_function(name: str, args: dict[str, Any], call_id: str, **call: Any) -> dict[str, Any]:
    return {"name": name, "call": retell_call(call_id, **call), "args": args}


# ---- Retell custom functions -----------------------------------------------------------------


def test_retell_function_finds_the_inbound_caller(published: Published) -> None:
    answer = post_signed(published, "/functions", retell_function("find_contact", {}, "call_r1"))
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["status"] == "ok" and data["record"]["properties"]["firstname"] == "Maria"


def test_retell_outbound_caller_is_the_callee(published: Published) -> None:
    payload = retell_function("find_contact", {}, "call_r2", direction="outbound")
    data = post_signed(published, "/functions", payload).json()
    assert data["status"] == "ok" and data["record"]["id"] == "101"


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "v=1,d=00",
        "garbage",
        retell_signature(b"{}"),  # signs another body
        "wrong-key",
        "stale",
    ],
)
def test_retell_without_a_good_signature_is_401_and_runs_nothing(
    published: Published, signature: str | None
) -> None:
    payload = retell_function("find_contact", {}, "call_r3")
    body = json.dumps(payload).encode()
    if signature == "wrong-key":
        signature = retell_signature(body, key="key_someone_else")
    elif signature == "stale":
        signature = retell_signature(body, at_ms=int(time.time() * 1000) - 6 * 60 * 1000)
    before = published.sim_requests()
    answer = post_signed(published, "/functions", payload, signature=signature)
    assert answer.status_code == 401, answer.text
    assert answer.json()["error"]["code"] == "unauthorized"
    assert published.sim_requests() == before


def test_retell_caller_number_never_comes_from_the_model(published: Published) -> None:
    payload = retell_function("find_contact", {"phone": "+15550000000"}, "call_r4")
    data = post_signed(published, "/functions", payload).json()
    assert data["status"] == "invalid_arguments" and data["problems"][0]["argument"] == "phone"


def test_retell_gated_write_confirms_and_a_retry_returns_the_first_result(
    published: Published,
) -> None:
    call_id = "call_r5"
    post_signed(published, "/functions", retell_function("find_contact", {}, call_id))
    ask = post_signed(published, "/functions", retell_function("create_ticket", TICKET, call_id))
    first = ask.json()
    assert first["status"] == "needs_confirmation" and first["token"]
    assert first["prompt"] == 'Shall I open a support ticket about "Lost leash"?'
    before = published.tickets_created()
    confirmed = retell_function(
        "create_ticket", {**TICKET, "confirmation": first["token"]}, call_id
    )
    done = post_signed(published, "/functions", confirmed).json()
    assert done["status"] == "ok" and done["record"]["object"] == "tickets", done
    retried = post_signed(published, "/functions", confirmed).json()
    assert retried == done
    assert published.tickets_created() == before + 1


def test_retell_inbound_webhook_recognises_the_caller_and_seeds_the_call(
    published: Published,
) -> None:
    # Retell's documented inbound-call webhook: no call object, no call id yet.
    inbound = {
        "event": "call_inbound",
        "call_inbound": {
            "agent_id": "oBeDLoLOeuAbiuaMFXRtDOLriTJ5tSxD",
            "agent_version": 1,
            "from_number": MARIA,
            "to_number": AGENT_NUMBER,
        },
    }
    answer = post_signed(published, "/inbound", inbound)
    assert answer.status_code == 200, answer.text
    variables = answer.json()["call_inbound"]["dynamic_variables"]
    assert variables["caller_first_name"] == "Maria"
    assert variables["caller_contact_id"] == "101" and variables["caller_known"] == "true"
    assert all(isinstance(v, str) for v in variables.values())
    # The call's first function call picks the recognition up: no HubSpot request.
    before = published.sim_requests()
    found = post_signed(published, "/functions", retell_function("find_contact", {}, "call_r6"))
    assert found.json()["record"]["properties"]["firstname"] == "Maria"
    assert found.json()["requests"] == []
    assert published.sim_requests() == before
    # ... and a ticket is linked to the recognised caller without another lookup.
    ask = post_signed(published, "/functions", retell_function("create_ticket", TICKET, "call_r6"))
    assert ask.json()["status"] == "needs_confirmation"


def test_retell_inbound_for_an_unknown_number_says_so_in_strings(published: Published) -> None:
    inbound = {
        "event": "call_inbound",
        "call_inbound": {"from_number": "+16175559999", "to_number": AGENT_NUMBER},
    }
    variables = post_signed(published, "/inbound", inbound).json()["call_inbound"][
        "dynamic_variables"
    ]
    assert variables["caller_known"] == "false" and variables["caller_first_name"] == ""


def test_retell_inbound_needs_the_signature(published: Published) -> None:
    inbound = {"event": "call_inbound", "call_inbound": {"from_number": MARIA, "to_number": "+1"}}
    assert post_signed(published, "/inbound", inbound, signature=None).status_code == 401


# ---- Vapi --------------------------------------------------------------------------------------


def vapi_post(
    published: Published, payload: dict[str, Any], headers: dict[str, str] | None = None
) -> httpx.Response:
    url = f"{published.service.base_url}/api/v1/platforms/vapi/agents/{published.agent_id}"
    chosen = {"Authorization": f"Bearer {VAPI_SECRET}"} if headers is None else headers
    return httpx.post(url, json=payload, headers=chosen, timeout=30)


def vapi_call(call_id: str) -> dict[str, Any]:
    return {
        "id": call_id,
        "orgId": "org_1",
        "type": "inboundPhoneCall",
        "customer": {"number": MARIA},
        "phoneNumberId": "pn_1",
    }


def vapi_tool_calls(call_id: str, items: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """Vapi's ``tool-calls`` server message (ServerMessageToolCalls)."""
    message = {
        "type": "tool-calls",
        "timestamp": 1724269452000,
        "call": vapi_call(call_id),
        "customer": {"number": MARIA},
        "phoneNumber": {"number": AGENT_NUMBER},
        "toolCallList": items,
        "toolWithToolCallList": [],
        **extra,
    }
    return {"message": message}


# The documented item shapes: OpenAPI ToolCall (arguments a JSON string), the custom-tools
# example (arguments an object), the events example (parameters).
SHAPES = {
    "openapi": {
        "id": "call_ab1",
        "type": "function",
        "function": {"name": "find_contact", "arguments": "{}"},
    },
    "custom-tools": {"id": "toolu_01", "name": "find_contact", "arguments": {}},
    "events": {"id": "toolu_02", "name": "find_contact", "parameters": {}},
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_vapi_tool_calls_accepts_every_documented_shape(published: Published, shape: str) -> None:
    item = SHAPES[shape]
    answer = vapi_post(published, vapi_tool_calls(f"vapi-{shape}", [item]))
    assert answer.status_code == 200, answer.text
    (result,) = answer.json()["results"]
    assert result["toolCallId"] == item["id"]
    assert isinstance(result["result"], str) and "\n" not in result["result"]
    assert json.loads(result["result"])["record"]["properties"]["firstname"] == "Maria"


def test_vapi_tool_with_tool_call_list_and_x_vapi_secret(published: Published) -> None:
    wrapped = {
        "type": "function",
        "function": {"name": "find_contact", "parameters": {"type": "object"}},
        "server": {"url": "https://example.test"},
        "toolCall": {
            "id": "tc_9",
            "type": "function",
            "function": {"name": "find_contact", "arguments": {}},
        },
    }
    payload = vapi_tool_calls("vapi-wrapped", [], toolWithToolCallList=[wrapped])
    answer = vapi_post(published, payload, headers={"X-Vapi-Secret": VAPI_SECRET})
    (result,) = answer.json()["results"]
    assert result["toolCallId"] == "tc_9" and "Maria" in result["result"]


def test_vapi_errors_are_strings_and_confirmation_round_trips(published: Published) -> None:
    call_id = "vapi-ticket"
    find = {"id": "t1", "name": "find_contact", "arguments": {}}
    extra = {"id": "t2", "name": "find_contact", "arguments": {"phone": "+15550000000"}}
    ticket = {"id": "t3", "name": "create_ticket", "arguments": TICKET}
    results = vapi_post(published, vapi_tool_calls(call_id, [find, extra, ticket])).json()[
        "results"
    ]
    assert [r["toolCallId"] for r in results] == ["t1", "t2", "t3"]
    assert "result" in results[0]
    assert "error" in results[1] and "result" not in results[1]
    assert json.loads(results[1]["error"])["status"] == "invalid_arguments"
    asked = json.loads(results[2]["result"])
    assert asked["status"] == "needs_confirmation"
    confirm = {
        "id": "t4",
        "name": "create_ticket",
        "arguments": {**TICKET, "confirmation": asked["token"]},
    }
    before = published.tickets_created()
    (done,) = vapi_post(published, vapi_tool_calls(call_id, [confirm])).json()["results"]
    assert json.loads(done["result"])["status"] == "ok"
    assert published.tickets_created() == before + 1


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer nope"},
        {"X-Vapi-Secret": "nope"},
        {"Authorization": VAPI_SECRET},
    ],
)
def test_vapi_without_the_credential_is_401_and_runs_nothing(
    published: Published, headers: dict[str, str]
) -> None:
    before = published.sim_requests()
    answer = vapi_post(published, vapi_tool_calls("vapi-x", [SHAPES["custom-tools"]]), headers)
    assert answer.status_code == 401
    assert published.sim_requests() == before


def test_vapi_assistant_request_answers_and_seeds_the_call(published: Published) -> None:
    request = {
        "message": {
            "type": "assistant-request",
            "call": vapi_call("vapi-pre"),
            "customer": {"number": MARIA},
            "phoneNumber": {"number": AGENT_NUMBER},
        }
    }
    answer = vapi_post(published, request)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["assistantId"] == ASSISTANT_ID
    variables = data["assistantOverrides"]["variableValues"]
    assert variables["caller_first_name"] == "Maria" and variables["caller_last_name"]
    before = published.sim_requests()
    (result,) = vapi_post(published, vapi_tool_calls("vapi-pre", [SHAPES["custom-tools"]])).json()[
        "results"
    ]
    assert json.loads(result["result"])["record"]["id"] == "101"
    assert published.sim_requests() == before  # answered from the pre-call recognition


# ---- secrets ----------------------------------------------------------------------------------


def test_platform_secrets_need_agents_write_and_a_valid_body(published: Published) -> None:
    service = published.service
    path = f"/agents/{published.agent_id}/platforms/vapi"
    with service.api(service.key("agents:read")) as api:
        assert api.put(path, json={"secret": "x"}).status_code == 403
    with service.api(service.key("agents:write")) as api:
        assert api.put(path, json={}).status_code == 422
        assert api.put(path, json={"secret": "x", "other": 1}).status_code == 422
        assert (
            api.put(
                f"/agents/{published.agent_id}/platforms/nope", json={"secret": "x"}
            ).status_code
            == 422
        )
        assert (
            api.put("/agents/agt_missing/platforms/vapi", json={"secret": "x"}).status_code == 404
        )
        changed = api.put(path, json={"secret": "rotated"})
        assert changed.status_code == 200 and changed.json()["data"]["secretSet"] is True
        assert "rotated" not in changed.text
    old = vapi_post(published, vapi_tool_calls("vapi-rot", [SHAPES["custom-tools"]]))
    assert old.status_code == 401
    new = vapi_post(
        published,
        vapi_tool_calls("vapi-rot", [SHAPES["custom-tools"]]),
        headers={"Authorization": "Bearer rotated"},
    )
    assert new.status_code == 200


def test_platform_secrets_are_encrypted_at_rest(published: Published) -> None:
    from sqlalchemy import select

    from compiler.store.platforms import PlatformSecret

    with published.service.store.transaction() as session:
        stored = list(session.scalars(select(PlatformSecret.secret)))
    assert stored and all(RETELL_KEY not in s and VAPI_SECRET not in s for s in stored)


def test_cli_platforms_set_reads_the_secret_from_stdin(
    published: Published, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from compiler.cli import main

    url = published.service.store.url
    argv = ["platforms", "set", "retell", "--agent", published.agent_id, "--secret-stdin"]
    monkeypatch.setattr("sys.stdin", io.StringIO("key_rotated_by_cli\n"))
    assert main([*argv, "--database-url", url]) == 0
    assert "key_rotated_by_cli" not in capsys.readouterr().out
    payload = retell_function("find_contact", {}, "call_cli")
    assert post_signed(published, "/functions", payload).status_code == 401  # the old key
    body = json.dumps(payload).encode()
    signed = retell_signature(body, key="key_rotated_by_cli")
    assert post_signed(published, "/functions", payload, signature=signed).status_code == 200
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n"))
    missing = ["platforms", "set", "vapi", "--agent", "agt_nope", "--secret-stdin"]
    assert main([*missing, "--database-url", url]) == 1
    assert "agt_nope" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main([*argv, "--database-url", url]) == 2
    assert "stdin" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b"not json", "(body)"),
        (b"[1, 2]", "(body)"),
        (b'{"name": "find_contact", "args": {}}', "call"),
        (b'{"name": "find_contact", "call": {"call_id": ""}, "args": {}}', "call.call_id"),
        (
            b'{"name": "find_contact", "call": {"call_id": "c", "from_number": "'
            + b"1" * 60
            + b'"}}',
            "call.from_number",
        ),
        (b'{"name": "\\ud800", "call": {"call_id": "c"}}', "(body)"),
    ],
)
def test_retell_bad_payloads_are_clear_422s(published: Published, body: bytes, where: str) -> None:
    base = published.service.base_url
    url = f"{base}/api/v1/platforms/retell/agents/{published.agent_id}/functions"
    answer = httpx.post(url, content=body, headers={"X-Retell-Signature": retell_signature(body)})
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["details"][0]["path"] == where


def test_vapi_bad_payloads_are_clear_422s(published: Published) -> None:
    long_id = vapi_tool_calls("x" * 300, [SHAPES["custom-tools"]])
    answer = vapi_post(published, long_id)
    assert answer.status_code == 422 and "message.call.id" in answer.text
    assert vapi_post(published, {"nope": 1}).status_code == 422
    no_call = vapi_tool_calls("c", [SHAPES["custom-tools"]])
    del no_call["message"]["call"]
    assert vapi_post(published, no_call).status_code == 422
    # Messages the agent does not handle are acknowledged.
    status = {"message": {"type": "status-update", "status": "in-progress", "call": vapi_call("s")}}
    assert vapi_post(published, status).json() == {}


def test_concurrent_retries_of_a_write_write_once_and_agree(published: Published) -> None:
    from concurrent.futures import ThreadPoolExecutor

    call_id = "call_race"
    post_signed(published, "/functions", retell_function("find_contact", {}, call_id))
    ask = post_signed(published, "/functions", retell_function("create_ticket", TICKET, call_id))
    token = ask.json()["token"]
    confirmed = retell_function("create_ticket", {**TICKET, "confirmation": token}, call_id)
    before = published.tickets_created()
    with ThreadPoolExecutor(4) as pool:
        answers = list(
            pool.map(lambda _: post_signed(published, "/functions", confirmed), range(4))
        )
    results = [a.json() for a in answers]
    assert all(a.status_code == 200 for a in answers)
    assert all(r == results[0] for r in results) and results[0]["status"] == "ok"
    assert published.tickets_created() == before + 1
