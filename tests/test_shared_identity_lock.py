"""The runtime's create_contact and interaction logging's contact creation share one lock per
caller, so the two never create the same caller twice."""

from __future__ import annotations

import asyncio

import pytest
from runtime_fixtures import load_all, sim_client, simulator

from compiler.identity.keys import identity_key
from compiler.runtime import Caller, Conversation, InProcessKeyRegistry, Runtime
from compiler.simulator import FaultSpec
from compiler.writeback.contacts import ContactResolver

pytestmark = pytest.mark.anyio


async def test_runtime_and_logging_create_one_contact_for_one_caller() -> None:
    phone = "+16175557777"
    # Search does not see a new record for a while, as on HubSpot: only the lock and the
    # memory of just-created records can prevent a duplicate.
    sim = simulator(faults=FaultSpec.parse("index_delay=30s"))
    registry = InProcessKeyRegistry()
    async with sim_client(sim) as client:
        runtime = Runtime(load_all(), client, registry=registry)
        account = runtime_account_id()
        resolver = ContactResolver(client, account=account, region="US", registry=registry)

        async def by_runtime(n: int) -> None:
            conv = Conversation(id=f"r{n}", caller=Caller(phone=phone))
            ask = await runtime.call("create_contact", {"first_name": "Ada"}, conv)
            assert ask.status == "needs_confirmation", ask
            done = await runtime.call(
                "create_contact", {"first_name": "Ada"}, conv, confirmation=ask.token
            )
            assert done.status == "ok", done

        async def by_logging() -> None:
            await resolver.find_or_create(phone, None)

        await asyncio.gather(*[by_runtime(n) for n in range(5)], *[by_logging() for _ in range(5)])
    made = [c for c in sim.store.list("contacts") if c["properties"].get("phone") == phone]
    assert len(made) == 1


def runtime_account_id() -> str:
    (artifact,) = [a for a in load_all() if a["name"] == "create_contact"]
    return str(artifact["account"]["id"])


def test_identity_key_is_shared_and_normalised() -> None:
    assert identity_key("1", "0-1", email=" Ada@Example.com") == identity_key(
        "1", "0-1", email="ada@example.com"
    )
    assert identity_key("1", "0-1", phone_e164="+16175550123") != identity_key(
        "1", "0-1", email="ada@example.com"
    )
    with pytest.raises(ValueError):
        identity_key("1", "0-1")
