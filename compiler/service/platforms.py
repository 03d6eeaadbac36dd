"""Voice-platform webhooks and per-agent platform secrets; each route a thin shell over
:mod:`compiler.product.platforms`. The webhooks carry no API key: the platform's signature or
secret, set per agent, is the credential (missing or wrong: 401, nothing runs)."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from compiler.product import platforms
from compiler.product.accounts import Principal
from compiler.product.hubspot_app import HubSpotApp
from compiler.service.api import ERRORS, Data, scoped
from compiler.service.auth import store_of

router = APIRouter(prefix="/api/v1", responses=ERRORS)

_JSON_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


class PlatformSecretBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    secret: str = Field(min_length=1, max_length=platforms.MAX_SECRET)
    assistantId: str | None = Field(default=None, min_length=1, max_length=200)


def _app(request: Request) -> HubSpotApp:
    app: HubSpotApp = request.app.state.hubspot_app
    return app


class Answer(BaseModel):
    """The platform's own answer format (see docs/platforms.md)."""

    model_config = ConfigDict(extra="allow")


@router.put("/agents/{agentId}/platforms/{platform}", response_model=Data)
def put_platform(
    request: Request,
    agentId: str,
    platform: Literal["retell", "vapi"],
    body: PlatformSecretBody,
    p: Principal = scoped("agents:write"),
) -> Data:
    data = platforms.set_secret(
        store_of(request),
        agentId,
        platform,
        body.secret,
        body.assistantId,
        workspace_id=p.workspace_id,
    )
    return Data(data=data)


@router.post(
    "/platforms/retell/agents/{agentId}/functions",
    response_model=Answer,
    openapi_extra=_JSON_BODY,
)
async def retell_function(request: Request, agentId: str) -> dict[str, Any]:
    body = await request.body()
    return await platforms.retell_function(
        store_of(request), _app(request), agentId, body, request.headers.get("x-retell-signature")
    )


@router.post(
    "/platforms/retell/agents/{agentId}/inbound",
    response_model=Answer,
    openapi_extra=_JSON_BODY,
)
async def retell_inbound(request: Request, agentId: str) -> dict[str, Any]:
    body = await request.body()
    return await platforms.retell_inbound(
        store_of(request), _app(request), agentId, body, request.headers.get("x-retell-signature")
    )


@router.post("/platforms/vapi/agents/{agentId}", response_model=Answer, openapi_extra=_JSON_BODY)
async def vapi(request: Request, agentId: str) -> dict[str, Any]:
    body = await request.body()
    return await platforms.vapi_event(
        store_of(request), _app(request), agentId, body, dict(request.headers)
    )
