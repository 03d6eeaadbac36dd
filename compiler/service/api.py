"""``/api/v1``: the product page's API table, each route a thin shell over the product layer."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from fastapi.security import HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from compiler.account.browse import SchemaLookupError, describe_object, list_objects
from compiler.account.search import search_properties
from compiler.authoring.request import AutoRequest
from compiler.product import agents, calls, connections, writeback
from compiler.product.accounts import Principal, require_scope
from compiler.product.errors import NotFound
from compiler.product.hubspot_app import HubSpotApp
from compiler.service.auth import key_of, key_required, store_of


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: Any = None


class ErrorBody(BaseModel):
    error: ErrorInfo


class Data(BaseModel):
    data: Any


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (401, "no or unknown API key"),
        (403, "the key lacks the scope named in the error"),
        (404, "not found"),
        (409, "conflicts with the current state"),
        (422, "invalid request; details lists each problem"),
    )
}


def _api_router() -> APIRouter:
    return APIRouter(
        prefix="/api/v1", responses=ERRORS, dependencies=[Depends(HTTPBearer(auto_error=False))]
    )


router = _api_router()
# The skill call alone, included before every other router: routes are tried in order, and the
# agent platforms' hot path then matches at the first try instead of after ~20 others.
call_router = _api_router()


class _Scoped:
    """The key of the request, which must hold ``required_scope``."""

    def __init__(self, scope: str) -> None:
        self.required_scope = scope

    def __call__(self, request: Request) -> Principal:
        principal = key_of(request)
        require_scope(principal, self.required_scope)
        return principal


def scoped(scope: str) -> Any:
    return Depends(_Scoped(scope))


def check_access(request: Request) -> None:
    """The route's key and scope checks, run on their own: FastAPI reads a JSON body before a
    route's dependencies, and a malformed body must not be answered before them (no key: 401;
    a key without the scope: 403)."""
    route = request.scope.get("route")
    pending = list(route.dependant.dependencies) if isinstance(route, APIRoute) else []
    scopes: list[str] = []
    while pending:
        dependant = pending.pop()
        scope = getattr(dependant.call, "required_scope", None)
        if isinstance(scope, str):
            scopes.append(scope)
        pending.extend(dependant.dependencies)
    if scopes:  # a route with no scope is no API key's (the platforms' signed webhooks)
        principal = key_of(request)
        for scope in scopes:
            require_scope(principal, scope)


def _app(request: Request) -> HubSpotApp:
    app: HubSpotApp = request.app.state.hubspot_app
    return app


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ConnectBody(_Body):
    agentId: str | None = None


class AgentBody(_Body):
    name: str = Field(min_length=1, max_length=200)


class CallerBody(_Body):
    phone: str | None = Field(default=None, max_length=100)
    verified: str | None = Field(
        default=None, max_length=100, description="the verified caller's contact id, or null"
    )
    contactId: str | None = Field(
        default=None, max_length=100, description="the recognised caller's contact id"
    )


class CallBody(_Body):
    args: Any = Field(default_factory=dict)
    conversationId: str = Field(min_length=1, max_length=200)
    caller: CallerBody = Field(default_factory=CallerBody)
    confirmation: str | None = Field(default=None, max_length=2000)


class BindingBody(_Body):
    name: str | None = None
    description: str | None = None
    binding: str | None = None
    confirmation: str | None = None
    result: str | None = None
    inputs: dict[str, str] | None = None
    yaml: str | None = None


class WritebackPatch(_Body):
    mode: Literal["off", "summary", "summary_transcript"] | None = None
    onNoMatch: Literal["skip", "create"] | None = None


# ---- integrations ----------------------------------------------------------------------------


@router.get("/integrations", response_model=Data)
def get_integrations(request: Request, p: Principal = scoped("integrations:read")) -> Data:
    return Data(data=connections.integrations(store_of(request), p.workspace_id))


@router.post("/integrations/hubspot/connect", response_model=Data)
def connect(
    request: Request,
    body: ConnectBody | None = Body(default=None),
    p: Principal = scoped("integrations:connect"),
) -> Data:
    url = connections.oauth_url(
        store_of(request), _app(request), p, agent_id=body.agentId if body else None
    )
    return Data(data={"oauthUrl": url})


@router.get("/integrations/hubspot/pack", response_model=Data)
def get_pack(p: Principal = scoped("integrations:read")) -> Data:
    return Data(data=agents.pack_info())


@router.post("/integrations/hubspot/discover", response_model=Data)
async def discover(request: Request, p: Principal = scoped("integrations:write")) -> Data:
    counts = await connections.rediscover(store_of(request), _app(request), p.workspace_id)
    return Data(data=counts)


@router.get("/integrations/hubspot/objects", response_model=Data)
def get_objects(request: Request, p: Principal = scoped("integrations:read")) -> Data:
    schema, _ = connections.current_schema(store_of(request), p.workspace_id)
    return Data(data=list_objects(schema))


@router.get("/integrations/hubspot/objects/{object}", response_model=Data)
def get_object(request: Request, object: str, p: Principal = scoped("integrations:read")) -> Data:
    schema, _ = connections.current_schema(store_of(request), p.workspace_id)
    try:
        return Data(data=describe_object(schema, object))
    except SchemaLookupError as exc:
        raise NotFound("object_not_found", str(exc)) from None


@router.get("/integrations/hubspot/search", response_model=Data)
def search(
    request: Request, q: str = "", limit: int = 20, p: Principal = scoped("integrations:read")
) -> Data:
    schema, _ = connections.current_schema(store_of(request), p.workspace_id)
    hits = search_properties(schema, q, limit=max(1, min(limit, 100))) if q.strip() else []
    return Data(data=[h.to_json() for h in hits])


@router.get("/integrations/hubspot/writeback", response_model=Data)
def get_writeback(request: Request, p: Principal = scoped("integrations:read")) -> Data:
    return Data(data=writeback.get_settings(store_of(request), p.workspace_id))


@router.patch("/integrations/hubspot/writeback", response_model=Data)
def patch_writeback(
    request: Request, body: WritebackPatch, p: Principal = scoped("integrations:write")
) -> Data:
    raw = body.model_dump(exclude_unset=True)
    return Data(data=writeback.patch_settings(store_of(request), p.workspace_id, raw))


class TurnBody(BaseModel):
    model_config = ConfigDict(extra="allow")  # the writeback library checks every field

    speaker: Literal["caller", "agent"]
    text: str
    at: str | None = None


class ConversationBody(BaseModel):
    """A finished conversation (validated in full by the writeback library)."""

    model_config = ConfigDict(extra="allow")

    id: str
    channel: Literal["voice", "chat"]
    startedAt: str
    endedAt: str
    caller: dict[str, Any] | None = None
    contactId: str | None = None
    summary: str | None = None
    transcript: list[TurnBody] = Field(default_factory=list)


@router.post("/integrations/hubspot/writeback/conversations", response_model=Data)
def log_conversation(
    request: Request, body: ConversationBody, p: Principal = scoped("skills:execute")
) -> Data:
    raw = body.model_dump(exclude_none=True)
    return Data(data=writeback.log_conversation(store_of(request), p.workspace_id, raw))


# ---- agents --------------------------------------------------------------------------------


@router.post("/agents", response_model=Data, status_code=201)
def create_agent(request: Request, body: AgentBody, p: Principal = scoped("agents:write")) -> Data:
    return Data(data=agents.create_agent(store_of(request), p, body.name))


@router.get("/agents", response_model=Data)
def list_agents(request: Request, p: Principal = scoped("agents:read")) -> Data:
    return Data(data=agents.list_agents(store_of(request), p))


@router.get("/agents/{agentId}", response_model=Data)
def get_agent(request: Request, agentId: str, p: Principal = scoped("agents:read")) -> Data:
    return Data(data=agents.get_agent(store_of(request), p, agentId))


@router.post("/agents/{agentId}/integrations/hubspot/pack/install", response_model=Data)
def install_pack(request: Request, agentId: str, p: Principal = scoped("skills:write")) -> Data:
    outcomes = agents.install_pack(store_of(request), p, agentId)
    return Data(
        data={
            "skills": [
                {"name": o.name, "created": o.created, "updated": o.updated} for o in outcomes
            ]
        }
    )


@router.post("/agents/{agentId}/integrations/hubspot/bindings", response_model=Data)
def author_binding(
    request: Request, agentId: str, body: BindingBody, p: Principal = scoped("skills:write")
) -> Data:
    outcome = agents.author_binding(
        store_of(request), _app(request), p, agentId, body.model_dump(exclude_none=True)
    )
    return Data(data={"name": outcome.name, "created": outcome.created, "updated": outcome.updated})


@router.post("/agents/{agentId}/integrations/hubspot/bindings/auto", response_model=Data)
def auto_binding(
    request: Request, agentId: str, body: AutoRequest, p: Principal = scoped("skills:write")
) -> Data:
    return Data(data=agents.auto_binding(store_of(request), _app(request), p, agentId, body))


@router.post("/agents/{agentId}/publish", response_model=Data)
def publish(request: Request, agentId: str, p: Principal = scoped("agents:write")) -> Data:
    return Data(data=agents.publish(store_of(request), p, agentId))


@router.get("/agents/{agentId}/versions", response_model=Data)
def versions(request: Request, agentId: str, p: Principal = scoped("agents:write")) -> Data:
    return Data(data=agents.versions(store_of(request), p, agentId))


@router.post("/agents/{agentId}/versions/{n}/restore", response_model=Data)
def restore(request: Request, agentId: str, n: int, p: Principal = scoped("agents:write")) -> Data:
    return Data(data=agents.restore(store_of(request), p, agentId, n))


class _CallContext:
    required_scope = "skills:execute"

    async def __call__(self, request: Request, agentId: str) -> calls.CallContext:
        # The key and the call's context in one store transaction (the call's hot path); agent
        # errors wait for the handler, so a bad body is still answered 422 first. The read is a
        # few primary-key lookups, run on the event loop: a hop to the thread pool and back
        # cost more than the read itself.
        return calls.call_context(
            store_of(request), key_required(request), agentId, self.required_scope
        )


_call_context = _CallContext()


@call_router.post("/agents/{agentId}/skills/{skill}/call", response_model=Data)
async def call(
    request: Request,
    skill: str,
    body: CallBody,
    context: calls.CallContext = Depends(_call_context),
) -> Response:
    result = await calls.call_skill(
        store_of(request),
        _app(request),
        context,
        skill,
        args=body.args,
        conversation_id=body.conversationId,
        caller_phone=body.caller.phone,
        caller_contact_id=body.caller.contactId,
        verified=body.caller.verified,
        confirmation=body.confirmation,
    )
    # The result is the runtime's JSON already: sent as is rather than validated again.
    return JSONResponse({"data": result})
