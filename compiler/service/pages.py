"""The dashboard's pages: Integrations, Schema, Agents (with bindings), Interaction logging and
API keys. Each route checks the session and the form's CSRF token, calls the product library
and renders a template; nothing here decides anything about the product.

A successful form answers with a redirect (so reloading never repeats it) carrying a short
``note`` code, never data; a refused one re-renders the page with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from compiler.product import connections, dashboard, health, keys, writeback
from compiler.product.accounts import Principal
from compiler.product.agents import create_agent as new_agent
from compiler.product.agents import install_pack, list_agents, publish, restore
from compiler.product.disconnect import disconnect
from compiler.product.errors import NotFound, ProductError
from compiler.product.hubspot_app import HubSpotApp
from compiler.service.auth import csrf_ok, session_of, store_of
from compiler.service.web import page

STATIC_DIR = Path(__file__).parent / "static"
# No inline script or style anywhere; forms may post only here (the consent redirect that
# follows "Connect HubSpot" is a navigation, which form-action would also govern, so it is left
# to default-src-free navigation rules).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # The callback's URL holds a code and a state: never pass a URL on as a referrer.
    "Referrer-Policy": "no-referrer",
}

NOTES = {
    "connected": "Connected to HubSpot.",
    "disconnected": "Disconnected: the token was revoked at HubSpot and forgotten here.",
    "disconnected_local": "Disconnected: the token was forgotten here (HubSpot did not confirm "
    "the revocation).",
    "refreshed": "Schema refreshed.",
    "installed": "Connector Pack installed into the draft.",
    "published": "Published.",
    "restored": "Version restored into the draft.",
    "saved": "Saved.",
    "revoked": "API key revoked.",
    "created": "Agent created.",
    "drift_checked": "Drift checked against a fresh discovery.",
}

router = APIRouter(include_in_schema=False)


def install(app: FastAPI) -> None:
    """Add the dashboard to ``app``: pages, static assets, security headers on every answer."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.exception_handler(_SignIn)
    async def sign_in_first(request: Request, _exc: _SignIn) -> Response:
        return _to_login(request)

    @app.exception_handler(_FormExpired)
    async def form_expired(request: Request, _exc: _FormExpired) -> Response:
        return _expired(request)

    app.add_middleware(SecurityHeaders)


class SecurityHeaders:
    """:data:`SECURITY_HEADERS` on every answer that does not set its own.

    Pure ASGI: it edits the start message only. (Starlette's ``@app.middleware("http")`` runs
    the app in a task group and streams the body through memory channels, about a third of a
    millisecond on every request, the skill call's hot path included.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in _SECURITY_RAW if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)


_SECURITY_RAW = [
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in SECURITY_HEADERS.items()
]


class _SignIn(Exception):
    """No session: the page answers with a redirect to the sign-in form (see ``install``)."""


class _FormExpired(Exception):
    """A form without its CSRF token: refused before anything runs (see ``install``)."""


def _who(request: Request) -> Principal:
    principal = session_of(request)
    if principal is None:
        raise _SignIn
    return principal


def _posting(request: Request, csrf: str) -> Principal:
    """The signed-in person submitting a form, once its CSRF token is checked."""
    principal = _who(request)
    if not csrf_ok(request, csrf):
        raise _FormExpired
    return principal


def _to_login(request: Request) -> Response:
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


def _app(request: Request) -> HubSpotApp:
    app: HubSpotApp = request.app.state.hubspot_app
    return app


def _render(
    request: Request, template: str, section: str, title: str, status: int = 200, **values: Any
) -> Response:
    note = NOTES.get(request.query_params.get("note", ""))
    return page(
        request, template, status, title=title, section=section, signed_in=True, note=note,
        **values,
    )  # fmt: skip


def _expired(request: Request) -> Response:
    return page(
        request, "message.html", 403, title="The form expired", signed_in=True, alert=True,
        message="The form expired; reload the page and try again.",
    )  # fmt: skip


def _go(path: str, note: str) -> Response:
    return RedirectResponse(f"{path}?note={note}", status_code=303)


def _problem(exc: ProductError) -> dict[str, Any]:
    details = exc.details if isinstance(exc.details, list) else []
    return {"message": exc.message, "details": [d for d in details if isinstance(d, dict)]}


# ---- integrations ----------------------------------------------------------------------------


@router.get("/integrations")
def integrations_page(request: Request) -> Response:
    principal = _who(request)
    (hubspot,) = connections.integrations(store_of(request), principal.workspace_id)
    return _render(request, "integrations.html", "integrations", "Integrations", hubspot=hubspot)


def _integrations_error(request: Request, principal: Principal, exc: ProductError) -> Response:
    (hubspot,) = connections.integrations(store_of(request), principal.workspace_id)
    return _render(
        request, "integrations.html", "integrations", "Integrations", 409, hubspot=hubspot,
        error=_problem(exc),
    )  # fmt: skip


@router.post("/integrations/hubspot/connect")
def connect_hubspot(request: Request, csrf: str = Form("")) -> Response:
    principal = _posting(request, csrf)
    url = connections.oauth_url(store_of(request), _app(request), principal)
    return RedirectResponse(url, status_code=303)


@router.post("/integrations/hubspot/disconnect")
async def disconnect_hubspot(request: Request, csrf: str = Form("")) -> Response:
    principal = _posting(request, csrf)
    try:
        done = await disconnect(store_of(request), _app(request), principal.workspace_id)
    except ProductError as exc:
        return _integrations_error(request, principal, exc)
    return _go("/integrations", "disconnected" if done["revoked"] else "disconnected_local")


@router.post("/integrations/hubspot/refresh")
async def refresh_schema(request: Request, csrf: str = Form("")) -> Response:
    principal = _posting(request, csrf)
    try:
        await connections.rediscover(store_of(request), _app(request), principal.workspace_id)
    except ProductError as exc:
        return _integrations_error(request, principal, exc)
    return _go("/integrations", "refreshed")


# ---- schema ----------------------------------------------------------------------------------


@router.get("/schema")
def schema_page(request: Request, object: str = "", q: str = "") -> Response:
    principal = _who(request)
    try:
        view = dashboard.schema_view(store_of(request), principal.workspace_id, object, q.strip())
    except ProductError as exc:
        return _render(request, "schema.html", "schema", "Schema", view=None, error=_problem(exc))
    return _render(request, "schema.html", "schema", "Schema", view=view, error=None)


# ---- agents ----------------------------------------------------------------------------------


def _agents_page(request: Request, principal: Principal, status: int = 200, **v: Any) -> Response:
    listed = list_agents(store_of(request), principal)
    return _render(request, "agents.html", "agents", "Agents", status, agents=listed, **v)


@router.get("/agents")
def agents_page(request: Request) -> Response:
    principal = _who(request)
    return _agents_page(request, principal)


@router.post("/agents")
def create_agent(request: Request, name: str = Form(""), csrf: str = Form("")) -> Response:
    principal = _posting(request, csrf)
    try:
        created = new_agent(store_of(request), principal, name)
    except ProductError as exc:
        return _agents_page(request, principal, 422, error=_problem(exc), name=name)
    return _go(f"/agents/{created['id']}", "created")


def _agent_page(
    request: Request, principal: Principal, agent_id: str, status: int = 200, **state: Any
) -> Response:
    store = store_of(request)
    view = dashboard.agent_view(store, principal, agent_id)
    try:
        builder = dashboard.builder_view(store, principal.workspace_id, state.get("object"))
    except ProductError:
        builder = {"objects": [], "object": "", "properties": []}
    state.setdefault("binding", "")
    state.setdefault("skill_name", "")
    state.setdefault("description", "")
    state.setdefault("goal", "")
    drift = dashboard.drift_view(store, agent_id)
    scopes = dashboard.scopes_view(store, _app(request), principal, agent_id)
    return _render(
        request, "agent.html", "agents", view["name"], status, agent=view, drift=drift,
        scopes=scopes,
        objects=builder["objects"], properties=builder["properties"],
        builder_object=builder["object"],
        operators=dashboard.OPERATORS, **state,
    )  # fmt: skip


@router.get("/agents/{agent_id}")
def agent_page(request: Request, agent_id: str) -> Response:
    principal = _who(request)
    try:
        return _agent_page(request, principal, agent_id)
    except NotFound as exc:
        return page(
            request, "message.html", 404, title="No such agent", signed_in=True, alert=True,
            message=exc.message,
        )  # fmt: skip


@router.post("/agents/{agent_id}/install")
def install_connector_pack(request: Request, agent_id: str, csrf: str = Form("")) -> Response:
    principal = _posting(request, csrf)
    try:
        install_pack(store_of(request), principal, agent_id)
    except ProductError as exc:
        return _agent_page(request, principal, agent_id, 409, error=_problem(exc))
    return _go(f"/agents/{agent_id}", "installed")


@router.post("/agents/{agent_id}/publish")
def publish_agent(request: Request, agent_id: str, csrf: str = Form("")) -> Response:
    principal = _posting(request, csrf)
    try:
        publish(store_of(request), principal, agent_id)
    except ProductError as exc:
        return _agent_page(request, principal, agent_id, 409, error=_problem(exc))
    return _go(f"/agents/{agent_id}", "published")


@router.post("/agents/{agent_id}/drift")
async def check_drift(request: Request, agent_id: str, csrf: str = Form("")) -> Response:
    principal = _posting(request, csrf)
    try:
        await health.agent_drift(store_of(request), _app(request), principal, agent_id)
    except NotFound as exc:
        return page(
            request, "message.html", 404, title="No such agent", signed_in=True, alert=True,
            message=exc.message,
        )  # fmt: skip
    except ProductError as exc:
        return _agent_page(request, principal, agent_id, 409, drift_error=_problem(exc))
    return _go(f"/agents/{agent_id}", "drift_checked")


@router.post("/agents/{agent_id}/versions/{version}/restore")
def restore_version(
    request: Request, agent_id: str, version: int, csrf: str = Form("")
) -> Response:
    principal = _posting(request, csrf)
    try:
        restore(store_of(request), principal, agent_id, version)
    except ProductError as exc:
        return _agent_page(request, principal, agent_id, 409, error=_problem(exc))
    return _go(f"/agents/{agent_id}", "restored")


@router.post("/agents/{agent_id}/bindings/build")
def build_binding(
    request: Request,
    agent_id: str,
    object: str = Form(""),
    fields: str = Form(""),
    property: str = Form(""),
    operator: str = Form("="),
    value: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    principal = _posting(request, csrf)
    picks = {"object": object, "fields": fields, "property": property, "value": value}
    try:
        text = dashboard.build_binding(object, fields.split(","), property, operator, value)
        check = dashboard.check_for_workspace(store_of(request), principal.workspace_id, text)
    except ProductError as exc:
        return _agent_page(
            request, principal, agent_id, 422, builder_error=_problem(exc), picks=picks,
            object=object,
        )  # fmt: skip
    return _agent_page(
        request, principal, agent_id, binding=text, check=check, picks=picks, object=object
    )


def _binding_form(
    skill_name: str, description: str, binding: str, goal: str = ""
) -> dict[str, Any]:
    return {"skill_name": skill_name, "description": description, "binding": binding, "goal": goal}


@router.post("/agents/{agent_id}/bindings/check")
def check_binding(
    request: Request,
    agent_id: str,
    binding: str = Form(""),
    skill_name: str = Form(""),
    description: str = Form(""),
    csrf: str = Form(""),
    fragment: str = Form(""),
) -> Response:
    principal = _posting(request, csrf)
    form = _binding_form(skill_name, description, binding)
    try:
        check = dashboard.check_for_workspace(store_of(request), principal.workspace_id, binding)
    except ProductError as exc:
        return _agent_page(request, principal, agent_id, 409, save_error=_problem(exc), **form)
    if fragment:  # the live check (static/skillc.js) swaps in just the result
        return page(request, "check_result.html", check=check)
    return _agent_page(request, principal, agent_id, check=check, **form)


@router.post("/agents/{agent_id}/bindings/describe")
def describe_it(
    request: Request, agent_id: str, goal: str = Form(""), csrf: str = Form("")
) -> Response:
    principal = _posting(request, csrf)
    try:
        described = dashboard.describe(store_of(request), principal.workspace_id, goal)
    except ProductError as exc:
        return _agent_page(
            request, principal, agent_id, 422, described=None, describe_error=_problem(exc),
            goal=goal,
        )  # fmt: skip
    form = _binding_form("", goal, described["binding"] or "", goal)
    return _agent_page(request, principal, agent_id, described=described, **form)


@router.post("/agents/{agent_id}/bindings/save")
def save_to_draft(
    request: Request,
    agent_id: str,
    binding: str = Form(""),
    skill_name: str = Form(""),
    description: str = Form(""),
    csrf: str = Form(""),
) -> Response:
    principal = _posting(request, csrf)
    form = _binding_form(skill_name, description, binding)
    store = store_of(request)
    try:
        dashboard.save_binding(
            store, _app(request), principal, agent_id, skill_name, description, binding
        )
    except ProductError as exc:
        try:
            check = dashboard.check_for_workspace(store, principal.workspace_id, binding)
        except ProductError:
            check = None
        status = 403 if exc.kind == "forbidden" else 422
        return _agent_page(
            request, principal, agent_id, status, save_error=_problem(exc), check=check, **form
        )
    return _go(f"/agents/{agent_id}", "saved")


# ---- interaction logging ---------------------------------------------------------------------


def _logging_page(request: Request, principal: Principal, status: int = 200, **v: Any) -> Response:
    store = store_of(request)
    deliveries: list[dict[str, Any]] = []
    try:
        settings = writeback.get_settings(store, principal.workspace_id)
        deliveries = dashboard.recent_deliveries(store, principal.workspace_id)
    except ProductError as exc:
        settings, v["error"] = None, _problem(exc)
    return _render(
        request, "logging.html", "logging", "Interaction logging", status, settings=settings,
        deliveries=deliveries, **v,
    )  # fmt: skip


@router.get("/logging")
def logging_page(request: Request) -> Response:
    principal = _who(request)
    return _logging_page(request, principal)


@router.post("/logging")
def save_logging(
    request: Request, mode: str = Form(""), on_no_match: str = Form(""), csrf: str = Form("")
) -> Response:
    principal = _posting(request, csrf)
    try:
        writeback.patch_settings(
            store_of(request), principal.workspace_id, {"mode": mode, "onNoMatch": on_no_match}
        )
    except ProductError as exc:
        return _logging_page(request, principal, 422, error=_problem(exc))
    return _go("/logging", "saved")


# ---- API keys --------------------------------------------------------------------------------


def _keys_page(request: Request, principal: Principal, status: int = 200, **v: Any) -> Response:
    listed = keys.list_keys(store_of(request), principal)
    return _render(
        request, "keys.html", "keys", "API keys", status, keys=listed, scopes=keys.key_scopes(), **v
    )


@router.get("/keys")
def keys_page(request: Request) -> Response:
    principal = _who(request)
    return _keys_page(request, principal)


@router.post("/keys")
async def create_key(request: Request) -> Response:
    form = await request.form()
    principal = _posting(request, str(form.get("csrf", "")))
    scopes = [str(s) for s in form.getlist("scope")]
    name = str(form.get("name", ""))
    try:
        created = keys.create_user_key(store_of(request), principal, scopes, name)
    except ProductError as exc:
        return _keys_page(request, principal, 422, error=_problem(exc), name=name, chosen=scopes)
    # Shown once, in this answer only (no-store): never in a URL, never again.
    return _keys_page(request, principal, 201, created=created)


@router.post("/keys/{key_id}/revoke")
def revoke_key(request: Request, key_id: str, csrf: str = Form("")) -> Response:
    principal = _posting(request, csrf)
    try:
        keys.revoke_key(store_of(request), principal, key_id)
    except ProductError as exc:
        return _keys_page(request, principal, 404, error=_problem(exc))
    return _go("/keys", "revoked")


# ---- a form's address opened as a page -------------------------------------------------------
# A reload of a refused form's answer, a bookmark, or the sign-in form sending a person back to
# the address a form was posted to while signed out: the page that holds the form, never a bare
# "method not allowed". Nothing runs on a GET.

_FORM_PAGES = {
    "/integrations/hubspot/connect": "/integrations",
    "/integrations/hubspot/disconnect": "/integrations",
    "/integrations/hubspot/refresh": "/integrations",
    "/agents/{agent_id}/install": "/agents/{agent_id}",
    "/agents/{agent_id}/publish": "/agents/{agent_id}",
    "/agents/{agent_id}/drift": "/agents/{agent_id}",
    "/agents/{agent_id}/versions/{version}/restore": "/agents/{agent_id}",
    "/agents/{agent_id}/bindings/build": "/agents/{agent_id}",
    "/agents/{agent_id}/bindings/check": "/agents/{agent_id}",
    "/agents/{agent_id}/bindings/describe": "/agents/{agent_id}",
    "/agents/{agent_id}/bindings/save": "/agents/{agent_id}",
    "/keys/{key_id}/revoke": "/keys",
}


def _form_page(target: str) -> Callable[[Request], Response]:
    def holder(request: Request) -> Response:
        params = {k: quote(str(v), safe="") for k, v in request.path_params.items()}
        return RedirectResponse(target.format_map(params), status_code=303)

    return holder


for _address, _target in _FORM_PAGES.items():
    router.add_api_route(_address, _form_page(_target), methods=["GET"])
