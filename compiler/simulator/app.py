"""The ASGI app: routing, and what every request goes through (faults, auth, rate limits).

Order per API request: injected latency -> injected 5xx or 429 storm -> authentication ->
rate limits -> the handler (which checks scopes) -> maybe a dropped connection. OAuth endpoints
skip faults, authentication and rate limits.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from compiler.simulator.errors import ApiError, bad_object_type, validation_error
from compiler.simulator.oauth import Token, missing_scopes
from compiler.simulator.ratelimit import rate_limit_error
from compiler.simulator.schema import ObjectType

if TYPE_CHECKING:
    from compiler.simulator.simulator import Simulator


class DroppedConnection(httpx.RemoteProtocolError):
    """Raised inside the app to drop a connection; through ASGITransport it is a transport error."""


class Ctx:
    """One request as the handlers see it."""

    def __init__(self, sim: Simulator, request: Request, token: Token | None) -> None:
        self.sim = sim
        self.request = request
        self.token = token
        self.raw_body = b""

    @property
    def params(self) -> dict[str, Any]:
        return self.request.path_params

    def query_list(self, name: str) -> list[str] | None:
        """A multi-valued query parameter (repeated or comma-separated); None when absent."""
        values = self.request.query_params.getlist(name)
        if not values:
            return None
        return [v.strip() for raw in values for v in raw.split(",") if v.strip()]

    def query_bool(self, name: str) -> bool:
        return self.request.query_params.get(name, "false").lower() == "true"

    async def json(self) -> Any:
        self.raw_body = await self.request.body()
        if not self.raw_body.strip():
            return {}
        try:
            return json.loads(self.raw_body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            msg = getattr(exc, "msg", str(exc))
            where = (
                f" at line {exc.lineno}, column {exc.colno}"
                if isinstance(exc, json.JSONDecodeError)
                else ""
            )
            raise validation_error(f"Invalid input JSON{where}: {msg}") from None

    async def json_object(self) -> dict[str, Any]:
        body = await self.json()
        if not isinstance(body, dict):
            raise validation_error("Invalid input JSON: expected an object.")
        return body

    def obj(self, name: str) -> ObjectType:
        obj = self.sim.schema.resolve(name)
        if obj is None:
            raise bad_object_type(name)
        return obj

    def need(self, *scopes: str) -> None:
        """Require one of ``scopes`` on the token (private tokens carry every scope)."""
        if self.token is None or any(s in self.token.scopes for s in scopes):
            return
        raise missing_scopes(list(scopes))

    def need_read(self, obj: ObjectType) -> None:
        self.need(*_object_scopes(obj, "read"))

    def need_write(self, obj: ObjectType) -> None:
        self.need(*_object_scopes(obj, "write"))


def _object_scopes(obj: ObjectType, mode: str) -> tuple[str, ...]:
    if obj.is_custom:
        return (f"crm.objects.custom.{mode}",)
    if obj.name == "tickets":
        return ("tickets",)
    if obj.name in ("contacts", "companies", "deals"):
        return (f"crm.objects.{obj.name}.{mode}",)
    return ("crm.objects.contacts." + mode, f"crm.objects.{obj.name}.{mode}")


def reply(body: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(body, status_code=status)


def no_content() -> Response:
    return Response(status_code=204)


class _DroppedResponse(Response):
    """Starts a response and then drops the connection, so the client gets nothing usable."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        raise DroppedConnection("connection dropped by the simulator (injected fault)")


Handler = Callable[[Ctx], Awaitable[Response]]
# (path, methods, handler, flags): flags "search" (per-second bucket) and "api" (False: OAuth).
RouteSpec = tuple[str, list[str], Handler, dict[str, bool]]


def endpoint(
    sim: Simulator, handler: Handler, *, search: bool = False, api: bool = True
) -> Callable[[Request], Awaitable[Response]]:
    async def run(request: Request) -> Response:
        method = request.method
        path = str(request.scope.get(ORIGINAL_PATH, request.url.path))
        headers: dict[str, str] = {}
        decision = sim.faults.draw() if api and sim.faults is not None else None
        try:
            if decision is not None and decision.latency:
                await asyncio.sleep(decision.latency)
            if decision is not None and decision.error:
                raise ApiError(decision.status, "INTERNAL_ERROR", "internal error (injected)")
            if decision is not None and decision.storm:
                raise rate_limit_error("SECONDLY" if search else "TEN_SECONDLY_ROLLING")
            token = sim.tokens.authenticate(request.headers.get("authorization")) if api else None
            headers = sim.limiter.admit(search=search) if api else {}
            response = await handler(Ctx(sim, request, token))
        except ApiError as err:
            response = JSONResponse(err.body(), status_code=err.status, headers=err.headers)
        response.headers.update(headers)
        if decision is not None and decision.drop:
            sim.request_log.add(method, path, 0)
            return _DroppedResponse()
        sim.request_log.add(method, path, response.status_code)
        return response

    return run


async def _not_found(request: Request, exc: Exception) -> Response:
    body = ApiError(404, "OBJECT_NOT_FOUND", f"Unknown path {request.url.path}").body()
    return JSONResponse(body, status_code=404)


async def _method_not_allowed(request: Request, exc: Exception) -> Response:
    message = f"{request.method} is not supported on {request.url.path}"
    return JSONResponse(ApiError(405, "METHOD_NOT_ALLOWED", message).body(), status_code=405)


ORIGINAL_PATH = "skillc.original_path"
_V = r"\d{4}-\d{2}(?:-beta)?"
# Date-versioned paths (FACTS.md §0) -> the legacy paths serving the same shapes.
_DATED = [
    (re.compile(r"^/crm/objects/" + _V + r"/([^/]+)/([^/]+)/associations(/.*)?$"),
     r"/crm/v4/objects/\1/\2/associations\3"),
    (re.compile(r"^/crm/objects/" + _V + r"(/.*)?$"), r"/crm/v3/objects\1"),
    (re.compile(r"^/crm/associations/" + _V + r"(/.*)?$"), r"/crm/v4/associations\1"),
    (re.compile(r"^/crm/(properties|pipelines|owners)/" + _V + r"(/.*)?$"), r"/crm/v3/\1\2"),
    (re.compile(r"^/crm-object-schemas/" + _V + r"(/.*)?$"), r"/crm-object-schemas/v3\1"),
    (re.compile(r"^/oauth/" + _V + r"(/.*)?$"), r"/oauth/v3\1"),
]  # fmt: skip


class DatedPaths:
    """Serves ``/crm/objects/2026-03/...`` and the other date-based paths as their legacy twins."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope["path"]
            for pattern, replacement in _DATED:
                if pattern.match(path):
                    scope = dict(scope)
                    scope[ORIGINAL_PATH] = path
                    scope["path"] = pattern.sub(replacement, path)
                    scope["raw_path"] = scope["path"].encode()
                    break
        await self.app(scope, receive, send)


def build_app(sim: Simulator) -> ASGIApp:
    from compiler.simulator import (
        routes_assoc,
        routes_assoc_v3,
        routes_inspect,
        routes_meta,
        routes_oauth,
        routes_objects,
    )

    routes: list[Route] = []
    modules = (routes_oauth, routes_meta, routes_assoc, routes_assoc_v3, routes_objects)
    for module in (*modules, routes_inspect):
        for path, methods, handler, flags in module.ROUTES:
            routes.append(
                Route(
                    path,
                    endpoint(sim, handler, search=flags.get("search", False),
                             api=flags.get("api", True)),
                    methods=methods,
                )
            )  # fmt: skip
    return DatedPaths(
        Starlette(routes=routes, exception_handlers={404: _not_found, 405: _method_not_allowed})
    )
