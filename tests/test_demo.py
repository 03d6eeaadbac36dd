"""`skillc demo`, the README main job, end to end."""

from __future__ import annotations

import pytest

from compiler.cli import main
from compiler.demo.pipeline import run_demo

pytestmark = pytest.mark.anyio


async def test_demo_runs_the_whole_call() -> None:
    lines: list[str] = []
    report = await run_demo(lines.append)
    text = "\n".join(lines)
    assert "agent: Hi Maria!" in text
    assert "create_ticket   needs_confirmation: Shall I open a support ticket" in text
    assert "create_ticket   ok: ticket" in text
    assert "update_contact  needs_verification" in text
    assert "[nothing sent to HubSpot]" in text
    assert "PATCH /crm/v3/objects/contacts/101" in text
    assert "update_contact  refused: contacts record 102 is not the verified caller's" in text
    assert "discover        account 4242:" in text
    steps = [line for line in lines if line.startswith("[")]
    assert len(steps) == report.steps >= 10
    # one search to recognise the caller, one create, one update: nothing else reached HubSpot
    assert report.requests == 3


def test_skillc_demo_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--pipeline"]) == 0
    out = capsys.readouterr().out
    assert "Hi Maria!" in out and out.rstrip().splitlines()[-1].startswith("done:")


def test_demo_failure_exits_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import compiler.demo.pipeline as demo

    monkeypatch.setattr(demo, "CALLER_PHONE", "+1 617 555 0100")  # nobody has this number
    assert main(["demo", "--pipeline"]) == 1
    assert "not recognised" in capsys.readouterr().err


def test_the_product_demo_drives_the_service_over_http() -> None:
    from compiler.demo import service

    lines: list[str] = []
    service.run(lines.append)
    text = "\n".join(lines)
    assert "Hi Maria!" in text
    assert "created after the caller confirmed" in text
    assert "demo-call-1: queued" in text
    assert "a Call on contact 101's timeline (outbox: 1 logged" in text
    assert lines[-1] == "done: the service stopped cleanly"
