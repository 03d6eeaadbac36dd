"""Helpers for the HubSpot client tests: a scripted mock server, a fake clock and fake sleep."""

from __future__ import annotations

import asyncio
import functools
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jsonschema

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


# -- HubSpot's official OpenAPI specs (read from $HUBSPOT_OPENAPI_DIR, never copied) -------------

SPEC_DIR_ENV = "HUBSPOT_OPENAPI_DIR"


def spec_dir() -> Path | None:
    value = os.environ.get(SPEC_DIR_ENV)
    return Path(value) if value else None


@functools.cache
def load_specs(directory: str) -> tuple[dict[str, Any], ...]:
    """Every top-level ``*.json`` spec in ``directory`` (the legacy v1/v3/v4 families)."""
    return tuple(
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(Path(directory).glob("*.json"))
    )


def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    pattern = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{pattern}$")


def find_operation(
    specs: tuple[dict[str, Any], ...], method: str, path: str
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(spec document, operation) for ``method path``; literal segments beat templated ones."""
    matches: list[tuple[int, dict[str, Any], dict[str, Any]]] = []
    for doc in specs:
        for template, ops in doc.get("paths", {}).items():
            op = ops.get(method.lower()) if isinstance(ops, dict) else None
            if op is not None and _template_regex(template).match(path):
                matches.append((template.count("{"), doc, op))
    if not matches:
        return None
    matches.sort(key=lambda m: m[0])
    return matches[0][1], matches[0][2]


def body_validator(
    doc: dict[str, Any], operation: dict[str, Any], content_type: str
) -> jsonschema.protocols.Validator:
    """A validator for the operation's request body; local ``$ref``s resolve inside ``doc``."""
    schema = operation["requestBody"]["content"][content_type]["schema"]
    root = {**schema, "components": doc.get("components", {})}
    cls = jsonschema.validators.validator_for({}, default=jsonschema.Draft4Validator)
    return cls(root)


def query_parameters(doc: dict[str, Any], operation: dict[str, Any]) -> set[str]:
    names = set()
    for param in operation.get("parameters", []):
        if "$ref" in param:
            ref = param["$ref"].split("/")[-1]
            param = doc["components"]["parameters"][ref]
        if param.get("in") == "query":
            names.add(param["name"])
    return names
