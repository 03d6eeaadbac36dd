"""A served service with a connected workspace and a published agent (the HubSpot pack), for
the MCP endpoint and the voice-platform webhooks."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from service_fixtures import Service, connect

MARIA = "+16175550123"  # contact 101 in the harbor_vet sample
RETELL_KEY = "key_retell_webhook_badge_0123"
VAPI_SECRET = "vapi-server-secret-4567"
ASSISTANT_ID = "5b0a4a08-133c-4146-9315-0984f8c6be80"


@dataclass
class Published:
    service: Service
    agent_id: str
    key: str

    def sim_requests(self) -> int:
        return self.service.sim.request_log.total

    def tickets_created(self) -> int:
        return self.service.sim.request_log.count("POST", "/crm/v3/objects/tickets")


@pytest.fixture
def published(service: Service) -> Published:
    key = service.key()
    with service.api(key) as api:
        agent_id = api.post("/agents", json={"name": "Front desk"}).json()["data"]["id"]
        connect(service, agent_id)
        done = api.post(f"/agents/{agent_id}/publish")
        assert done.status_code == 200, done.text
        for platform, body in (
            ("retell", {"secret": RETELL_KEY}),
            ("vapi", {"secret": VAPI_SECRET, "assistantId": ASSISTANT_ID}),
        ):
            put = api.put(f"/agents/{agent_id}/platforms/{platform}", json=body)
            assert put.status_code == 200, put.text
    return Published(service, agent_id, key)


def retell_signature(body: bytes, key: str = RETELL_KEY, at_ms: int | None = None) -> str:
    """As Retell's SDK signs: ``v=<ms>,d=<hex HMAC-SHA256(api key, raw body + ms)>``."""
    stamp = str(int(time.time() * 1000) if at_ms is None else at_ms)
    digest = hmac.new(key.encode(), body + stamp.encode(), hashlib.sha256).hexdigest()
    return f"v={stamp},d={digest}"


def post_signed(
    published: Published, path: str, payload: dict[str, Any], signature: str | None = "sign"
) -> httpx.Response:
    body = json.dumps(payload).encode()
    headers = {"Content-Type": "application/json"}
    if signature == "sign":
        headers["X-Retell-Signature"] = retell_signature(body)
    elif signature is not None:
        headers["X-Retell-Signature"] = signature
    url = f"{published.service.base_url}/api/v1/platforms/retell/agents/{published.agent_id}{path}"
    return httpx.post(url, content=body, headers=headers, timeout=30)
