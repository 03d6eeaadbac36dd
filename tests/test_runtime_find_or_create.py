"""Find-or-create as a library, and creates after ambiguous failures (never blindly retried)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from runtime_fixtures import load_all, sim_client, simulator

from compiler.hubspot.errors import AmbiguousWriteError
from compiler.identity.find_or_create import find_or_create
from compiler.runtime import Caller, Conversation, InProcessKeyRegistry, Runtime, make_key

pytestmark = pytest.mark.anyio


class AmbiguousOnce:
    """The first create POST fails ambiguously; ``lands`` says whether it reached the server."""

    def __init__(self, inner: Any, *, lands: bool, path: str) -> None:
        self.inner = inner
        self.lands = lands
        self.path = path
        self.failed = False
        self.attempts = 0

    async def request(self, method: str, path: str, **kw: Any) -> Any:
        if method == "POST" and path == self.path:
            self.attempts += 1
            if not self.failed:
                self.failed = True
                if self.lands:
                    await self.inner.request(method, path, **kw)
                raise AmbiguousWriteError("connection dropped", method=method, path=path)
        return await self.inner.request(method, path, **kw)


async def _confirmed(rt: Runtime, skill: str, args: dict[str, Any], c: Conversation) -> Any:
    ask = await rt.call(skill, args, c)
    assert ask.status == "needs_confirmation", ask
    return await rt.call(skill, args, c, confirmation=ask.token)


def _contacts_with_phone(sim: Any, phone: str) -> list[dict[str, Any]]:
    return [c for c in sim.store.list("contacts") if c["properties"].get("phone") == phone]


@pytest.mark.parametrize("index_delay", [0.0, 30.0])
@pytest.mark.parametrize("lands", [True, False])
async def test_ambiguous_create_with_email_reads_back_before_retrying(
    lands: bool, index_delay: float
) -> None:
    """The email read-back does not lag like search: a landed create is found, a lost one is
    known to be lost and retried once; one contact either way."""
    from compiler.simulator import FaultSpec

    sim = simulator(faults=FaultSpec(index_delay=index_delay))
    phone = "+16175556666"
    args = {"first_name": "Iris", "email": "iris@example.org"}
    async with sim_client(sim) as client:
        flaky = AmbiguousOnce(client, lands=lands, path="/crm/v3/objects/contacts")
        result = await _confirmed(
            Runtime(load_all(), flaky),
            "create_contact",
            args,
            Conversation(id="c", caller=Caller(phone=phone)),
        )
    assert result.status == "ok" and result.created is True, result
    assert len(_contacts_with_phone(sim, phone)) == 1
    assert flaky.attempts == (1 if lands else 2)
    traced = [str(r) for r in result.requests]
    read_back = "GET /crm/v3/objects/contacts/(email)?idProperty=email"
    # the search finds a landed contact only when the index is current; else the read-back
    read_backs = [t for t in traced if t.startswith(read_back)]
    if lands:
        assert read_backs == ([read_back] if index_delay else []), traced
    else:
        assert read_backs == [f"{read_back} -> NotFoundError"], traced
    assert "iris@" not in " ".join(traced)  # the trace never shows the email


@pytest.mark.parametrize("lands", [True, False])
async def test_ambiguous_create_without_unique_value_is_reported_not_retried(lands: bool) -> None:
    """Under the indexing delay a search cannot prove a create did not land: no retry, a typed
    answer; and the key remembers it, so asking again does not create a second contact."""
    from compiler.simulator import FaultSpec

    sim = simulator(faults=FaultSpec(index_delay=30.0))
    phone = "+16175556667"
    caller = Conversation(id="c", caller=Caller(phone=phone))
    async with sim_client(sim) as client:
        flaky = AmbiguousOnce(client, lands=lands, path="/crm/v3/objects/contacts")
        rt = Runtime(load_all(), flaky)
        result = await _confirmed(rt, "create_contact", {"first_name": "Iris"}, caller)
        assert result.status == "crm_error" and "do not try again" in result.reason, result
        assert result.retryable is False
        assert flaky.attempts == 1
        again = await _confirmed(rt, "create_contact", {"first_name": "Iris"}, caller)
        assert again.status == "crm_error" and flaky.attempts == 1
    assert len(_contacts_with_phone(sim, phone)) == (1 if lands else 0)


async def test_ambiguous_create_found_by_search_is_recovered() -> None:
    sim = simulator()
    phone = "+16175556668"
    async with sim_client(sim) as client:
        flaky = AmbiguousOnce(client, lands=True, path="/crm/v3/objects/contacts")
        result = await _confirmed(
            Runtime(load_all(), flaky),
            "create_contact",
            {"first_name": "Iris"},
            Conversation(id="c", caller=Caller(phone=phone)),
        )
    assert result.status == "ok" and result.created is True
    assert flaky.attempts == 1 and len(_contacts_with_phone(sim, phone)) == 1
    paths = [str(r) for r in result.requests]
    assert paths.count("POST /crm/v3/objects/contacts/search") == 2


@pytest.mark.parametrize("lands", [True, False])
async def test_ambiguous_plain_create_checks_before_retrying(lands: bool) -> None:
    sim = simulator()
    caller = Conversation(id="c", caller=Caller(contact_id="101"))
    args = {"subject": "Lost leash", "details": "Left it in the waiting room."}
    async with sim_client(sim) as client:
        flaky = AmbiguousOnce(client, lands=lands, path="/crm/v3/objects/tickets")
        result = await _confirmed(Runtime(load_all(), flaky), "create_ticket", args, caller)
    tickets = [
        t for t in sim.store.list("tickets") if t["properties"].get("subject") == "Lost leash"
    ]
    assert flaky.attempts == 1  # a ticket has no unique value to read back: never retried
    if lands:
        assert result.status == "ok" and result.created
        assert len(tickets) == 1
    else:
        assert result.status == "crm_error" and "do not try again" in result.reason
        assert tickets == []


async def test_a_failing_check_keeps_the_create_ambiguous() -> None:
    """A check that fails (say, rate limited) must not turn "unknown" into "try again"."""
    from compiler.hubspot.errors import RateLimitError

    sim = simulator()

    class CheckFails(AmbiguousOnce):
        async def request(self, method: str, path: str, **kw: Any) -> Any:
            if self.failed and path.endswith("/search"):
                raise RateLimitError("slow down", status=429)
            return await super().request(method, path, **kw)

    caller = Conversation(id="c", caller=Caller(phone="+16175556669"))
    async with sim_client(sim) as client:
        flaky = CheckFails(client, lands=False, path="/crm/v3/objects/contacts")
        result = await _confirmed(
            Runtime(load_all(), flaky), "create_contact", {"first_name": "Iris"}, caller
        )
    assert result.status == "crm_error" and not result.retryable
    assert "do not try again" in result.reason and flaky.attempts == 1


async def test_second_ambiguous_failure_is_explained_not_raised() -> None:
    sim = simulator()

    class AlwaysAmbiguous:
        async def request(self, method: str, path: str, **kw: Any) -> Any:
            if method == "POST" and not path.endswith("/search"):
                raise AmbiguousWriteError("timed out", method=method, path=path)
            async with sim_client(sim) as client:
                return await client.request(method, path, **kw)

    caller = Conversation(id="c", caller=Caller(contact_id="101"))
    result = await _confirmed(
        Runtime(load_all(), AlwaysAmbiguous()),
        "create_ticket",
        {"subject": "a", "details": "b"},
        caller,
    )
    assert result.status == "crm_error"
    assert "do not try again" in result.reason


async def test_library_find_or_create_serialises_one_key() -> None:
    registry = InProcessKeyRegistry()
    store: list[dict[str, Any]] = []
    searches = 0

    async def find() -> dict[str, Any] | None:
        nonlocal searches
        searches += 1
        await asyncio.sleep(0.001)
        return None  # a search index that never catches up

    async def create() -> dict[str, Any]:
        await asyncio.sleep(0.005)
        record = {"id": str(len(store) + 1)}
        store.append(record)
        return record

    key = make_key("4242", "0-1", "+16175550000")
    outcomes = await asyncio.gather(
        *(find_or_create(key=key, registry=registry, find=find, create=create) for _ in range(30))
    )
    assert len(store) == 1
    assert sum(o.created for o in outcomes) == 1
    assert sum(o.from_memory for o in outcomes) == 29
    assert searches == 1
    assert registry.held_keys == 0


async def test_memory_expires_after_its_window() -> None:
    now = [0.0]
    registry = InProcessKeyRegistry(memory_seconds=60, clock=lambda: now[0])
    await registry.remember("k", {"id": "1"})
    assert await registry.recall("k") == {"id": "1"}
    now[0] = 61
    assert await registry.recall("k") is None


async def test_different_keys_do_not_wait_for_each_other() -> None:
    registry = InProcessKeyRegistry()
    order: list[str] = []

    async def slow_create() -> dict[str, Any]:
        await asyncio.sleep(0.05)
        order.append("slow")
        return {"id": "1"}

    async def fast_create() -> dict[str, Any]:
        order.append("fast")
        return {"id": "2"}

    async def nothing() -> None:
        return None

    await asyncio.gather(
        find_or_create(key="a", registry=registry, find=nothing, create=slow_create),
        find_or_create(key="b", registry=registry, find=nothing, create=fast_create),
    )
    assert order == ["fast", "slow"]


@pytest.mark.parametrize("lands", [True, False])
async def test_an_unconfirmed_create_asked_again_makes_no_second_record(lands: bool) -> None:
    """The agent hears crm_error and asks again with the same values: while the first create may
    still be landing (search lags), no second record; after the memory window, a new create."""
    from compiler.simulator import FaultSpec

    now = [0.0]
    registry = InProcessKeyRegistry(memory_seconds=60, clock=lambda: now[0])
    sim = simulator(faults=FaultSpec(index_delay=30.0))
    caller = Conversation(id="c", caller=Caller(contact_id="101"))
    args = {"subject": "Lost leash", "details": "Left it in the waiting room."}

    def tickets() -> list[dict[str, Any]]:
        return [
            t for t in sim.store.list("tickets") if t["properties"].get("subject") == "Lost leash"
        ]

    async with sim_client(sim) as client:
        flaky = AmbiguousOnce(client, lands=lands, path="/crm/v3/objects/tickets")
        rt = Runtime(load_all(), flaky, registry=registry)
        first = await _confirmed(rt, "create_ticket", args, caller)
        assert first.status == "crm_error" and "do not try again" in first.reason
        again = await _confirmed(rt, "create_ticket", args, caller)
        assert again.status == "crm_error" and flaky.attempts == 1
        assert len(tickets()) == (1 if lands else 0)
        sim.advance(31)  # the search index caught up
        now[0] = 61 if not lands else 30  # a lost create: the memory window has passed
        third = await _confirmed(rt, "create_ticket", args, caller)
    assert third.status == "ok" and third.created
    assert len(tickets()) == 1
    assert flaky.attempts == (1 if lands else 2)
