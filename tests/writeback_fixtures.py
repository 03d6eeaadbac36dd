"""Helpers shared by the interaction-logging tests (no pytest fixtures: plain functions)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "writeback"
CARD = "4111111111111111"
ENABLED_AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def conversation(
    conv_id: str,
    *,
    channel: str = "voice",
    phone: str | None = "+1 (617) 555-0123",
    email: str | None = None,
    contact_id: str | None = None,
    summary: str | None = "Caller booked a check-up.",
    turns: list[tuple[str, str]] | None = None,
    ended: datetime | None = None,
    minutes: float = 5,
) -> dict[str, Any]:
    end = ended or ENABLED_AT + timedelta(hours=2)
    caller: dict[str, str] = {}
    if phone is not None:
        caller["phone"] = phone
    if email is not None:
        caller["email"] = email
    data: dict[str, Any] = {
        "id": conv_id,
        "channel": channel,
        "startedAt": (end - timedelta(minutes=minutes)).isoformat(),
        "endedAt": end.isoformat(),
        "caller": caller,
        "transcript": [
            {"speaker": s, "text": t}
            for s, t in (turns or [("caller", "I'd like to book a check-up for Rex."),
                                   ("agent", "I've booked Rex for Monday at 9.")])
        ],
    }  # fmt: skip
    if contact_id is not None:
        data["contactId"] = contact_id
    if summary is not None:
        data["summary"] = summary
    return data


class FakeClock:
    """Epoch seconds that move only when someone sleeps (the drain, the client's retries)."""

    def __init__(self, start: float | None = None) -> None:
        self.now = start if start is not None else (ENABLED_AT + timedelta(hours=3)).timestamp()
        self.slept = 0.0

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)
        self.slept += max(seconds, 0.0)


def sim_env(
    *, faults: Any = None, clock: FakeClock | None = None, rate_limits: Any = None
) -> tuple[Any, FakeClock]:
    """The Harbor Vet simulator on a fake clock (its rate windows move when we sleep)."""
    from compiler.simulator import Simulator

    clock = clock or FakeClock()
    kwargs: dict[str, Any] = {"faults": faults, "clock": clock.time}
    if rate_limits is not None:
        kwargs["rate_limits"] = rate_limits
    return Simulator.from_sample("harbor_vet", **kwargs), clock


def hubspot_client(sim: Any, clock: FakeClock, *, base_url: str | None = None) -> Any:
    """Our HubSpot client on the simulator (in-process unless ``base_url``), sleeping on ``clock``,
    paced by the client-side rate limiter as a real drain is."""
    from compiler.hubspot import HubSpotClient, RateLimiter, RetryPolicy

    limiter = RateLimiter(100, 5, clock=clock.monotonic, sleep=clock.sleep)
    retry = RetryPolicy(sleep=clock.sleep)
    if base_url is not None:
        return HubSpotClient(base_url, sim.access_token, retry=retry, rate_limiter=limiter)
    from compiler.simulator import BASE_URL

    return HubSpotClient(
        BASE_URL, sim.access_token, transport=sim.transport(), retry=retry, rate_limiter=limiter
    )


def engagements(sim: Any, kind: str) -> list[dict[str, Any]]:
    """The calls or notes interaction logging made (the sample account has its own too)."""
    body = "hs_call_body" if kind == "calls" else "hs_note_body"
    return [r for r in sim.store.list(kind) if "skillc" in (r["properties"].get(body) or "")]


def outbox_at(folder: Any = None, url: str | None = None) -> Any:
    """The outbox on the test's own store (``$SKILLC_HOME``, which the CLI commands and the
    processes a test starts use too), or on the store at ``url``. ``folder``: where a test kept
    its state before the store (unused now)."""
    from compiler.store import open_store
    from compiler.writeback import Outbox

    return Outbox(open_store(url))
