"""The ASGI application: API, pages, error shapes, request logs."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from compiler import __version__
from compiler.product.accounts import key_principal
from compiler.product.errors import ProductError
from compiler.product.hubspot_app import HubSpotApp
from compiler.product.secretbox import SecretKeyError
from compiler.service import api, api_dashboard, health, mcp_http, pages, platforms, web
from compiler.service.auth import bearer
from compiler.service.config import ServiceConfig
from compiler.service.logs import request_line
from compiler.store import Store, StoreError, open_store

API_PREFIX = "/api/v1"
OPENAPI_PATH = f"{API_PREFIX}/openapi.json"
_STATUS = {"not_found": 404, "conflict": 409, "invalid": 422, "forbidden": 403, "unauthorized": 401}

log = logging.getLogger("skillc.service")


def error(status: int, code: str, message: str, details: Any = None) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": code, "message": message, "details": details}}, status_code=status
    )


def _where(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path")]
    return ".".join(parts) or "(body)"


def _json_problem(doc: Any, e: Any) -> dict[str, Any]:
    """A body that is not JSON: why, and the line and column where reading stopped."""
    loc = tuple(e.get("loc", ()))
    pos = loc[-1] if loc and isinstance(loc[-1], int) else 0
    text = doc if isinstance(doc, str) else ""
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    why = str((e.get("ctx") or {}).get("error") or "not JSON")
    message = f"invalid JSON at line {line}, col {col}: {why}"
    return {"path": "(body)", "message": message, "line": line, "col": col}


class AccessLog:
    """One JSON log line per request (pure ASGI: no extra copies or writes of the response)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            request_line(scope["method"], scope["path"], status, started)


def create_app(database_url: str, hubspot: HubSpotApp) -> FastAPI:
    app = FastAPI(
        title="skillc",
        version=__version__,
        openapi_url=OPENAPI_PATH,
        docs_url=None,
        redoc_url=None,
    )
    lock = threading.Lock()
    opened: list[Store] = []

    def store() -> Store:
        if not opened:
            with lock:
                if not opened:
                    opened.append(open_store(database_url))
        return opened[0]

    app.state.store = store
    app.state.hubspot_app = hubspot
    app.include_router(api.call_router)
    app.include_router(api.router)
    app.include_router(api_dashboard.router)
    app.include_router(web.router)
    app.include_router(platforms.router)
    app.include_router(health.router)
    app.router.routes.extend(mcp_http.routes)
    pages.install(app)

    @app.exception_handler(ProductError)
    async def product_error(request: Request, exc: ProductError) -> Response:
        return error(_STATUS[exc.kind], exc.code, exc.message, exc.details)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        malformed = [e for e in exc.errors() if e.get("type") == "json_invalid"]
        if malformed and request.url.path.startswith(API_PREFIX + "/"):
            try:
                api.check_access(request)
            except ProductError as refused:
                return await product_error(request, refused)
            except StoreError as down:
                return await store_error(request, down)
        if malformed:
            details = [_json_problem(exc.body, malformed[0])]
        else:
            details = [
                {"path": _where(tuple(e.get("loc", ()))), "message": e["msg"]} for e in exc.errors()
            ]
        first = details[0] if details else {"path": "(body)", "message": "invalid"}
        return error(422, "invalid_request", f"{first['path']}: {first['message']}", details)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(API_PREFIX + "/") and request.url.path != OPENAPI_PATH:
            key = bearer(request)
            if key is None or key_principal(store(), key) is None:
                return error(
                    401, "unauthorized", "an API key is required: Authorization: Bearer <key>"
                )
        codes = {404: "not_found", 405: "method_not_allowed"}
        return error(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.error("store unavailable")
        return error(503, "store_unavailable", "the store is unavailable; try again")

    @app.exception_handler(DataError)
    async def unstorable(request: Request, exc: DataError) -> Response:
        # The database refused a value of the request (PostgreSQL text cannot hold NUL, a
        # number out of range) and rolled the transaction back: the request's fault, not a 500.
        why = "a value in the request cannot be stored (a NUL character or a number out of range)"
        return error(422, "invalid_request", why, [{"path": "(request)", "message": why}])

    @app.exception_handler(SecretKeyError)
    async def secret_key_error(request: Request, exc: SecretKeyError) -> Response:
        # The stored tokens cannot be read with this key (SKILLC_SECRET_KEY or the key file
        # changed, or the file is readable by others): the message says what to do.
        log.error("the secret key is unusable")
        return error(409, "secret_key_unusable", str(exc))

    app.add_middleware(AccessLog)
    return app


def app_from_env() -> FastAPI:
    """The app of a worker process (``skillc serve`` passes its configuration in the env)."""
    from compiler.service.delivery import DeliverySchedule
    from compiler.service.logs import configure
    from compiler.service.schedule import DriftSchedule, drift_every

    configure()
    config = ServiceConfig.from_env()
    app = create_app(config.database_url, config.hubspot_app())
    app.add_middleware(DriftSchedule, every_s=drift_every())
    app.add_middleware(DeliverySchedule)
    return app
