"""Browser pages: sign-in (CSRF-protected form, signed HttpOnly SameSite=Lax session cookie), the
OAuth callback (session only, never an API key) and a minimal dashboard; plus health checks."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import PackageLoader, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from compiler.product import connections
from compiler.product.accounts import check_password
from compiler.product.connections import CallbackRefused
from compiler.product.errors import ProductError
from compiler.service.auth import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    csrf_ok,
    new_csrf,
    session_cookie,
    session_of,
    store_of,
)
from compiler.store.migrate import is_current

router = APIRouter(include_in_schema=False)
_pages = SandboxedEnvironment(
    loader=PackageLoader("compiler.service", "templates"), autoescape=select_autoescape()
)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def page(request: Request, template: str, status: int = 200, /, **values: Any) -> HTMLResponse:
    """Render ``template``; ``values`` are the template's own (a form may well hold a ``name``)."""
    csrf = request.cookies.get(CSRF_COOKIE) or new_csrf()
    html = _pages.get_template(template).render(csrf=csrf, **values)
    response = HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        CSRF_COOKIE, csrf, httponly=True, samesite="lax", secure=_secure(request), path="/"
    )
    return response


def _safe_next(target: str) -> str:
    # Only a path on this site: never an open redirect.
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return page(request, "login.html", title="Sign in", error=None, email="", next=_safe_next(next))


@router.post("/login")
def login(
    request: Request,
    email: str = Form(""),
    password: str = Form(""),
    csrf: str = Form(""),
    next: str = Form("/"),
) -> Response:
    if not csrf_ok(request, csrf):
        return page(
            request, "login.html", 403, title="Sign in", email=email, next=_safe_next(next),
            error="The form expired; please sign in again.",
        )  # fmt: skip
    store = store_of(request)
    principal = check_password(store, email, password)
    if principal is None:
        return page(
            request, "login.html", 401, title="Sign in", email=email, next=_safe_next(next),
            error="Wrong email or password.",
        )  # fmt: skip
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_cookie(store, principal),
        max_age=SESSION_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    return response


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    response = RedirectResponse("/login", status_code=303)
    if csrf_ok(request, csrf):
        response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/logout")
def logout_address() -> Response:
    # Signing out is a form (CSRF-checked); its address opened as a page signs no one out.
    return RedirectResponse("/", status_code=303)


@router.get("/")
def dashboard(request: Request) -> Response:
    if session_of(request) is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse("/integrations", status_code=303)


@router.get("/oauth/hubspot/callback")
async def oauth_callback(request: Request) -> Response:
    params = {k: v for k, v in request.query_params.items() if isinstance(v, str)}
    try:
        await connections.complete_callback(
            store_of(request), request.app.state.hubspot_app, session_of(request), params
        )
    except CallbackRefused as exc:
        return page(
            request, "message.html", exc.status, title="HubSpot was not connected",
            message=exc.message, alert=True,
        )  # fmt: skip
    except ProductError as exc:  # connected, but installing into the agent's draft failed
        return page(
            request, "message.html", 409, title="HubSpot is connected",
            message=f"The Connector Pack was not installed: {exc.message}", alert=True,
        )  # fmt: skip
    return RedirectResponse("/", status_code=303)


@router.get("/healthz")
def healthz(request: Request) -> Response:
    try:
        current = is_current(store_of(request))
    except Exception:  # any store failure is "not healthy", with no detail leaked
        return JSONResponse({"status": "error", "store": "unreachable"}, status_code=503)
    if not current:
        return JSONResponse({"status": "error", "store": "migrations pending"}, status_code=503)
    return JSONResponse({"status": "ok"})


@router.get("/readyz")
def readyz(request: Request) -> Response:
    return healthz(request)
