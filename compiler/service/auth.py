"""Who a request is: an API key (``Authorization: Bearer``) for ``/api/v1``, a signed session
cookie for the browser pages (sign-in, OAuth callback, dashboard)."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from compiler.product.accounts import Principal, key_principal, user_principal
from compiler.product.errors import Unauthorized
from compiler.store import Store

SESSION_COOKIE = "skillc_session"
CSRF_COOKIE = "skillc_csrf"
SESSION_MAX_AGE = 12 * 3600
SESSION_SECRET = "service-session-secret"


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store()
    return store


def _serializer(store: Store, salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(store.value(SESSION_SECRET), salt=salt)


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header[:7].lower() != "bearer ":
        return None
    return header[7:].strip() or None


def key_required(request: Request) -> str:
    key = bearer(request)
    if key is None:
        raise Unauthorized("unauthorized", "an API key is required: Authorization: Bearer <key>")
    return key


def key_of(request: Request) -> Principal:
    key = key_required(request)
    principal = key_principal(store_of(request), key)
    if principal is None:
        raise Unauthorized("unauthorized", "unknown API key")
    return principal


def session_cookie(store: Store, principal: Principal) -> str:
    return _serializer(store, "session").dumps(
        {"u": principal.user_id, "w": principal.workspace_id}
    )


def session_of(request: Request) -> Principal | None:
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    store = store_of(request)
    try:
        data: Any = _serializer(store, "session").loads(raw, max_age=SESSION_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return user_principal(store, str(data.get("u")), str(data.get("w")))


def new_csrf() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(request: Request, submitted: str) -> bool:
    expected = request.cookies.get(CSRF_COOKIE, "")
    return bool(expected) and hmac.compare_digest(expected, submitted)
