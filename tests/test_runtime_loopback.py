"""The runtime over real HTTP on loopback: the simulator served by uvicorn, the HubSpot client."""

from __future__ import annotations

from pathlib import Path

import pytest
from runtime_fixtures import install, load_all, simulator

from compiler.cli import main
from compiler.hubspot import HubSpotClient
from compiler.runtime import Caller, Conversation, Runtime
from compiler.simulator import serve

pytestmark = pytest.mark.anyio


async def test_recognise_and_open_a_ticket_over_loopback() -> None:
    sim = simulator()
    with serve(sim) as server:
        async with HubSpotClient(server.base_url, sim.access_token) as client:
            rt = Runtime(load_all(), client)
            caller = Conversation(id="loop", caller=Caller(phone="617-555-0123"))
            found = await rt.call("find_contact", {}, caller)
            assert found.status == "ok" and found.record is not None
            assert found.text == "Hi Maria!"
            caller.caller.contact_id = found.record.id
            args = {"subject": "Loopback ticket", "details": "Sent over real HTTP."}
            ask = await rt.call("create_ticket", args, caller)
            done = await rt.call("create_ticket", args, caller, confirmation=ask.token)
    assert done.status == "ok" and done.record is not None
    assert sim.store.get("tickets", done.record.id) is not None
    assert sim.request_log.count("POST", "/crm/v3/objects/contacts/search") == 1
    assert sim.request_log.count("POST", "/crm/v3/objects/tickets") == 1


def test_cli_call_against_a_served_simulator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agent = install(tmp_path / "agent", load_all())
    sim = simulator()
    with serve(sim) as server:
        code = main([
            "call", str(agent), "find_contact", "--caller-phone", "+1 617 555 0199",
            "--base-url", server.base_url, "--token", sim.access_token, "--format", "json",
        ])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    assert '"id": "102"' in out
    assert sim.access_token not in out
