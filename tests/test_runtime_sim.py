"""The runtime against the in-process simulator: recognition, gating, identity, serial writes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from runtime_fixtures import load_all, sim_client, simulator

from compiler.identity.phone import e164_or_none
from compiler.runtime import Caller, Conversation, Runtime

pytestmark = pytest.mark.anyio


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def conv(cid: str = "conv-1", **caller: Any) -> Conversation:
    return Conversation(id=cid, caller=Caller(**caller))


@pytest.mark.parametrize(
    ("phone", "contact", "ambiguous"),
    [
        ("+16175550123", "101", False),  # stored as "+1 (617) 555-0123"
        ("(617) 555-0199", "102", False),  # stored as "617.555.0199"
        ("617 555 0142", "103", False),  # stored as "+16175550142"
        ("+1-617-555-0110", "104", False),  # stored as "(617) 555 0110"
        ("6175550175", "105", False),  # only a mobile number
        ("+1 617 555 0188", None, True),  # Robert and Linda Smith share it
        ("+44 20 7946 0958", "108", False),  # a UK number in a US account
        ("+16175550125", None, False),  # one digit off: nobody
        ("+44 617 555 0123", None, False),  # same national digits, another country
    ],
)
async def test_find_contact_recognises_every_spelling_in_one_request(
    phone: str, contact: str | None, ambiguous: bool
) -> None:
    sim = simulator()
    async with sim_client(sim) as client:
        result = await Runtime(load_all(), client).call("find_contact", {}, conv(phone=phone))
    assert result.status == "ok"
    assert sim.request_log.total == 1
    assert result.ambiguous is ambiguous
    if ambiguous:
        assert result.record is not None and result.record.id in ("106", "107")
    elif contact is None:
        assert result.record is None
    else:
        assert result.record is not None and result.record.id == contact


@pytest.mark.parametrize(
    ("phone", "companies"),
    [("617-555-0168", ["209"]), ("(617) 555-0163", ["204"]), ("+1 617 555 0169", [])],
)
async def test_phone_without_searchable_twin_uses_token_search_then_exact_match(
    phone: str, companies: list[str]
) -> None:
    sim = simulator()
    async with sim_client(sim) as client:
        result = await Runtime(load_all(), client).call(
            "find_company_by_phone", {"phone": phone}, conv()
        )
    assert result.status == "ok" and result.records is not None
    assert [r.id for r in result.records] == companies
    assert sim.request_log.total == 1


async def test_ambiguous_caller_gets_the_most_recently_modified() -> None:
    sim = simulator()
    newest = max(
        (r for r in sim.store.list("contacts") if r["id"] in ("106", "107")),
        key=lambda r: r["updatedAt"],
    )
    async with sim_client(sim) as client:
        result = await Runtime(load_all(), client).call(
            "find_contact", {}, conv(phone="617-555-0188")
        )
    assert result.record is not None and result.record.id == newest["id"]


async def test_gated_write_needs_confirmation_then_runs_once() -> None:
    sim = simulator()
    clock = Clock()
    args = {"subject": "Biscuit limping again", "details": "Limps after walks."}
    caller = conv(phone="+16175550123", contact_id="101")
    async with sim_client(sim) as client:
        rt = Runtime(load_all(), client, clock=clock)
        first = await rt.call("create_ticket", args, caller)
        assert first.status == "needs_confirmation"
        assert first.prompt == "Shall I open a ticket about Biscuit limping again?"
        assert sim.request_log.total == 0

        other_args = await rt.call(
            "create_ticket", {**args, "subject": "Refund"}, caller, confirmation=first.token
        )
        assert other_args.status == "refused" and other_args.code == "confirmation_mismatch"
        other_conv = await rt.call(
            "create_ticket", args, conv("conv-2", contact_id="101"), confirmation=first.token
        )
        assert other_conv.status == "refused" and other_conv.code == "confirmation_mismatch"
        assert "another conversation" in other_conv.reason
        forged = await rt.call("create_ticket", args, caller, confirmation=first.token + "x")
        assert forged.status == "refused" and forged.code == "confirmation_invalid"
        assert sim.request_log.total == 0

        done = await rt.call("create_ticket", args, caller, confirmation=first.token)
        assert done.status == "ok" and done.created and done.record is not None
        assert done.text == f"I've opened ticket {done.record.id} about Biscuit limping again."
        ticket = sim.store.get("tickets", done.record.id)
        assert ticket is not None and ticket["properties"]["subject"] == args["subject"]
        assert "101" in sim.store.associated_ids("tickets", done.record.id, "contacts")

        # The same token and arguments again (a platform retrying after a timeout): the result
        # of the write it allowed, not a second write.
        again = await rt.call("create_ticket", args, caller, confirmation=first.token)
        assert again == done
        assert sim.request_log.count("POST", "/crm/v3/objects/tickets") == 1
        someone_else = conv("conv-1", phone="+16175550123", contact_id="102")
        stolen = await rt.call("create_ticket", args, someone_else, confirmation=first.token)
        assert stolen.status == "refused" and stolen.code == "confirmation_mismatch"
        assert "another caller" in stolen.reason


async def test_confirmation_expires() -> None:
    sim = simulator()
    clock = Clock()
    args = {"subject": "Refill", "details": "Thyroid pills for Luna."}
    caller = conv(contact_id="101")
    async with sim_client(sim) as client:
        rt = Runtime(load_all(), client, clock=clock, confirmation_ttl=300)
        first = await rt.call("create_ticket", args, caller)
        clock.now += 301
        late = await rt.call("create_ticket", args, caller, confirmation=first.token)
    assert late.status == "refused" and late.code == "confirmation_expired"
    assert sim.request_log.total == 0


async def test_update_needs_verified_identity_and_own_record() -> None:
    sim = simulator()
    args = {"contact_id": "101", "email": "maria.lopez@example.org"}
    caller = conv(phone="+16175550123", contact_id="101")
    async with sim_client(sim) as client:
        rt = Runtime(load_all(), client)
        unverified = await rt.call("update_contact", args, caller)
        assert unverified.status == "needs_verification"
        caller.verified_identity = "102"
        someone_else = await rt.call("update_contact", args, caller)
        assert someone_else.status == "refused" and someone_else.code == "not_callers_record"
        assert sim.request_log.total == 0

        caller.verified_identity = "101"
        ask = await rt.call("update_contact", args, caller)
        assert ask.status == "needs_confirmation"
        assert ask.prompt == "Shall I update your details to the email maria.lopez@example.org?"
        done = await rt.call("update_contact", args, caller, confirmation=ask.token)
    assert done.status == "ok" and done.record is not None and done.record.id == "101"
    stored = sim.store.get("contacts", "101")
    assert stored is not None and stored["properties"]["email"] == "maria.lopez@example.org"
    assert sim.request_log.count("PATCH") == 1


async def test_update_of_other_objects_checks_the_association() -> None:
    sim = simulator()
    caller = conv(contact_id="101")
    caller.verified_identity = "101"
    theirs = next(
        t
        for t in sim.store.list("tickets")
        if t["id"] != "401"
        and "101" not in sim.store.associated_ids("tickets", t["id"], "contacts")
    )
    async with sim_client(sim) as client:
        rt = Runtime(load_all(), client)
        refused = await rt.call(
            "update_ticket", {"ticket_id": theirs["id"], "subject": "x"}, caller
        )
        assert refused.status == "refused" and refused.code == "not_callers_record"
        ask = await rt.call(
            "update_ticket", {"ticket_id": "401", "subject": "Limping (exam)"}, caller
        )
        assert ask.status == "needs_confirmation"
        done = await rt.call(
            "update_ticket",
            {"ticket_id": "401", "subject": "Limping (exam)"},
            caller,
            confirmation=ask.token,
        )
    assert done.status == "ok"
    assert sim.request_log.count("PATCH") == 1
    assert sim.request_log.count("PATCH", f"/crm/v3/objects/tickets/{theirs['id']}") == 0


async def test_update_of_missing_record_is_not_found() -> None:
    sim = simulator()
    caller = conv(contact_id="101")
    caller.verified_identity = "101"
    async with sim_client(sim) as client:
        rt = Runtime(load_all(), client)
        result = await rt.call("update_ticket", {"ticket_id": "999999", "subject": "x"}, caller)
    assert result.status == "not_found"
    assert "999999" in result.reason
    assert sim.request_log.count("PATCH") == 0


async def test_update_of_a_vanished_contact_is_not_found() -> None:
    sim = simulator()
    caller = conv(contact_id="999998")
    caller.verified_identity = "999998"
    async with sim_client(sim) as client:
        rt = Runtime(load_all(), client)
        args = {"contact_id": "999998", "email": "x@example.com"}
        ask = await rt.call("update_contact", args, caller)
        result = await rt.call("update_contact", args, caller, confirmation=ask.token)
    assert result.status == "not_found"
    assert [str(r) for r in result.requests] == [
        "PATCH /crm/v3/objects/contacts/999998 -> NotFoundError"
    ]


class ConcurrencyProbe:
    """Wraps a client and records how many requests of each kind were in flight at once."""

    def __init__(self, inner: Any, delay: float = 0.02) -> None:
        self.inner = inner
        self.delay = delay
        self.in_flight = {"read": 0, "write": 0}
        self.peak = {"read": 0, "write": 0}

    async def request(self, method: str, path: str, **kw: Any) -> Any:
        kind = "read" if path.endswith("/search") or method == "GET" else "write"
        self.in_flight[kind] += 1
        self.peak[kind] = max(self.peak[kind], self.in_flight[kind])
        try:
            await asyncio.sleep(self.delay)
            return await self.inner.request(method, path, **kw)
        finally:
            self.in_flight[kind] -= 1


async def test_writes_of_one_conversation_run_one_at_a_time_reads_in_parallel() -> None:
    sim = simulator()
    caller = conv(phone="+16175550123", contact_id="101")
    async with sim_client(sim) as client:
        probe = ConcurrencyProbe(client)
        rt = Runtime(load_all(), probe)
        calls = [{"subject": f"Request {i}", "details": "..."} for i in range(5)]
        asks = [await rt.call("create_ticket", a, caller) for a in calls]
        results = await asyncio.gather(
            *(
                rt.call("create_ticket", a, caller, confirmation=q.token)
                for a, q in zip(calls, asks, strict=True)
            )
        )
        assert [r.status for r in results] == ["ok"] * 5
        assert probe.peak["write"] == 1
        reads = await asyncio.gather(*(rt.call("find_contact", {}, caller) for _ in range(5)))
        assert all(r.status == "ok" for r in reads)
        assert probe.peak["read"] > 1


def _contacts_with(sim: Any, e164: str) -> list[dict[str, Any]]:
    return [
        c
        for c in sim.store.list("contacts")
        if e164_or_none(c["properties"].get("phone"), "US") == e164
    ]


@pytest.mark.parametrize("index_delay", [0.0, 2.0])
async def test_fifty_concurrent_create_contact_make_one_contact(index_delay: float) -> None:
    from compiler.simulator import FaultSpec

    sim = simulator(faults=FaultSpec(index_delay=index_delay))
    phone = "+16175557777"
    async with sim_client(sim) as client:
        rt = Runtime(load_all(), client)
        convs = [conv(f"c{i}", phone=phone) for i in range(50)]
        asks = [await rt.call("create_contact", {"first_name": "Nova"}, c) for c in convs]
        results = await asyncio.gather(
            *(
                rt.call("create_contact", {"first_name": "Nova"}, c, confirmation=a.token)
                for c, a in zip(convs, asks, strict=True)
            )
        )
    assert all(r.status == "ok" for r in results), [
        r.to_json() for r in results if r.status != "ok"
    ]
    assert sum(1 for r in results if r.created) == 1
    assert len({r.record.id for r in results if r.record}) == 1
    assert len(_contacts_with(sim, phone)) == 1
    assert sim.request_log.count("POST", "/crm/v3/objects/contacts") == 1
    # and later, when the search index caught up, a new conversation finds it by search
    sim.advance(index_delay + 1)
    async with sim_client(sim) as client:
        found = await Runtime(load_all(), client).call(
            "find_contact", {}, conv("later", phone=phone)
        )
    assert found.record is not None and found.record.id == results[0].record.id  # type: ignore[union-attr]


async def test_find_or_create_returns_existing_contact() -> None:
    sim = simulator()
    caller = conv(phone="617.555.0123")
    async with sim_client(sim) as client:
        rt = Runtime(load_all(), client)
        ask = await rt.call("create_contact", {"first_name": "Maria"}, caller)
        result = await rt.call(
            "create_contact", {"first_name": "Maria"}, caller, confirmation=ask.token
        )
    assert result.status == "ok" and result.created is False
    assert result.record is not None and result.record.id == "101"
    assert result.text == "Welcome back, Maria."
    assert sim.request_log.count("POST", "/crm/v3/objects/contacts") == 0


async def test_find_or_create_conflict_on_email_returns_the_existing_contact() -> None:
    sim = simulator()
    caller = conv(phone="+16175554444")  # a new number, but Maria's email
    args = {"first_name": "Maria", "email": "maria.lopez@example.com"}
    async with sim_client(sim) as client:
        rt = Runtime(load_all(), client)
        ask = await rt.call("create_contact", args, caller)
        result = await rt.call("create_contact", args, caller, confirmation=ask.token)
    assert result.status == "ok" and result.created is False
    assert result.record is not None and result.record.id == "101"
    assert result.record.properties["phone"] == "+1 (617) 555-0123"
    assert [r.outcome for r in result.requests] == ["ok", "ConflictError", "ok"]
    assert len(sim.store.list("contacts")) == len(simulator().store.list("contacts"))
