"""Property tests: whatever the arguments, they only ever become values in the request."""

from __future__ import annotations

import asyncio
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from runtime_fixtures import CountingClient, load_all

from compiler.runtime import Caller, Conversation, Runtime

SEARCH = ("POST", "/crm/v3/objects/contacts/search")
TICKETS = ("POST", "/crm/v3/objects/tickets")
# One client and runtime for all examples (building a runtime checks nine artifacts).
CLIENT = CountingClient(
    {SEARCH: {"results": []}, TICKETS: {"id": "1001", "properties": {"subject": "s"}}}
)
RUNTIME = Runtime(load_all(), CLIENT)


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


@settings(max_examples=100, deadline=None)
@given(email=st.text(max_size=60), last_name=st.one_of(st.none(), st.text(max_size=30)))
def test_search_arguments_only_fill_values(email: str, last_name: str | None) -> None:
    client = CLIENT
    client.sent.clear()
    args: dict[str, Any] = {"email": email}
    if last_name is not None:
        args["last_name"] = last_name
    result = _run(RUNTIME.call("search_contacts", args, Conversation(id="p")))
    assert result.status == "ok"
    (sent,) = client.sent
    body = sent[2]
    expected = [{"filters": [{"propertyName": "email", "operator": "EQ", "value": email}]}]
    if last_name is not None:
        expected.append(
            {"filters": [{"propertyName": "lastname", "operator": "EQ", "value": last_name}]}
        )
    assert body["filterGroups"] == expected
    assert set(body) == {"filterGroups", "limit", "properties"}


@settings(max_examples=100, deadline=None)
@given(subject=st.text(min_size=1, max_size=40), details=st.text(max_size=40))
def test_write_arguments_only_fill_property_values(subject: str, details: str) -> None:
    client = CLIENT
    client.sent.clear()
    rt = RUNTIME
    conv = Conversation(id="p", caller=Caller(contact_id="101"))
    args = {"subject": subject, "details": details}
    ask = _run(rt.call("create_ticket", args, conv))
    result = _run(rt.call("create_ticket", args, conv, confirmation=ask.token))
    assert result.status == "ok"
    (sent,) = client.sent
    assert sent[1] == "/crm/v3/objects/tickets"
    body = sent[2]
    assert body["properties"] == {
        "subject": subject, "content": details, "hs_pipeline": "0", "hs_pipeline_stage": "1",
    }  # fmt: skip
    assert body["associations"][0]["to"] == {"id": "101"}


@settings(max_examples=100, deadline=None)
@given(contact_id=st.text(max_size=20))
def test_record_ids_are_digits_or_refused(contact_id: str) -> None:
    client = CountingClient(
        {("PATCH", f"/crm/v3/objects/contacts/{contact_id}"): {"id": contact_id}}
    )
    conv = Conversation(id="p")
    conv.verified_identity = contact_id or "1"
    result = _run(
        RUNTIME.call("update_contact", {"contact_id": contact_id, "email": "a@b.c"}, conv)
    )
    if contact_id.isascii() and contact_id.isdigit():
        assert result.status == "needs_confirmation"
    else:
        assert result.status == "invalid_arguments"
    assert client.sent == []
