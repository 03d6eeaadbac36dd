"""Helpers for the HubSpot client tests: a scripted mock server, a fake clock and fake sleep."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from compiler.hubspot import HubSpotClient, RetryPolicy
from compiler.hubspot.auth import TokenSource

Handler = Callable[[httpx.Request], httpx.Response]


@dataclass
class FakeTime:
    """A clock that only moves when someone sleeps (or a test advances it)."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        await asyncio.sleep(0)


def hubspot_error(
    status: int, category: str, message: str, correlation_id: str = "c0ffee00-1111", **extra: Any
) -> httpx.Response:
    body = {"status": "error", "message": message, "correlationId": correlation_id}
    if category:
        body["category"] = category
    body.update(extra)
    return httpx.Response(status, json=body)


def rate_limited(policy: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        429,
        headers=headers,
        json={
            "status": "error",
            "message": f"You have reached your {policy.lower()} limit.",
            "errorType": "RATE_LIMIT",
            "correlationId": "5a5a5a5a",
            "policyName": policy,
        },
    )


class Script:
    """Answers requests from a list of responses (or exceptions), then from ``default``."""

    def __init__(self, *answers: httpx.Response | Exception, default: Handler | None = None):
        self.answers: list[httpx.Response | Exception] = list(answers)
        self.default = default
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.answers:
            answer = self.answers.pop(0)
            if isinstance(answer, Exception):
                raise answer
            return answer
        if self.default is not None:
            return self.default(request)
        return httpx.Response(200, json={"ok": True})


def make_client(
    handler: Any, auth: str | TokenSource = "pat-na1-secret-token", **kwargs: Any
) -> tuple[HubSpotClient, FakeTime]:
    fake = FakeTime()
    retry = kwargs.pop("retry", None) or RetryPolicy(sleep=fake.sleep, rand=lambda: 0.5)
    client = HubSpotClient(
        "https://api.test", auth, transport=httpx.MockTransport(handler), retry=retry, **kwargs
    )
    return client, fake
