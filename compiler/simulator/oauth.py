"""OAuth as HubSpot runs it: codes, 30-minute access tokens, long-lived refresh tokens, scopes.

The simulator also holds one private-app style token (never expires), as HubSpot's private apps
and service keys do.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from compiler.simulator.errors import ApiError, error_detail

ACCESS_TOKEN_TTL = 1800

ALL_SCOPES = (
    "oauth",
    "crm.objects.contacts.read",
    "crm.objects.contacts.write",
    "crm.objects.companies.read",
    "crm.objects.companies.write",
    "crm.objects.deals.read",
    "crm.objects.deals.write",
    "tickets",
    "crm.objects.custom.read",
    "crm.objects.custom.write",
    "crm.schemas.custom.read",
    "crm.schemas.contacts.read",
    "crm.schemas.companies.read",
    "crm.schemas.deals.read",
    "crm.objects.owners.read",
)

_INVALID_MESSAGE = (
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
    "can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
)


@dataclass
class Token:
    value: str
    kind: str  # "access" | "refresh" | "private"
    scopes: tuple[str, ...]
    expires_at_ms: int | None = None  # None: never
    refresh_token: str | None = None
    user_id: int = 5001
    meta: dict[str, Any] = field(default_factory=dict)


class OAuthError(Exception):
    """An RFC 6749 style error from the token endpoint (legacy ``status``/``message`` kept)."""

    def __init__(self, error: str, status: str, message: str, http_status: int = 400) -> None:
        super().__init__(message)
        self.error = error
        self.status = status
        self.message = message
        self.http_status = http_status

    def body(self) -> dict[str, Any]:
        return {
            "error": self.error,
            "error_description": self.message,
            "status": self.status,
            "message": self.message,
        }


class TokenBook:
    def __init__(
        self,
        clock_ms: Callable[[], int],
        hub_id: int,
        client_id: str,
        client_secret: str,
        ttl: int = ACCESS_TOKEN_TTL,
    ) -> None:
        self._clock_ms = clock_ms
        self._lock = threading.Lock()
        self.hub_id = hub_id
        self.client_id = client_id
        self.client_secret = client_secret
        self.ttl = ttl
        self.tokens: dict[str, Token] = {}
        self.codes: dict[str, tuple[str, ...]] = {}

    # ---- issuing -----------------------------------------------------------------------
    def issue_private(self, scopes: Iterable[str] = ALL_SCOPES) -> str:
        value = "pat-na1-" + secrets.token_hex(16)
        with self._lock:
            self.tokens[value] = Token(value, "private", tuple(scopes))
        return value

    def issue_pair(self, scopes: Iterable[str] = ALL_SCOPES) -> tuple[str, str]:
        """A fresh refresh token and an access token bound to it."""
        refresh = "sim-rt-" + secrets.token_hex(16)
        scope_tuple = tuple(scopes)
        with self._lock:
            self.tokens[refresh] = Token(refresh, "refresh", scope_tuple)
        return self._access_for(refresh, scope_tuple), refresh

    def _access_for(self, refresh: str, scopes: tuple[str, ...]) -> str:
        value = "sim-at-" + secrets.token_hex(20)
        expires = self._clock_ms() + self.ttl * 1000
        with self._lock:
            self.tokens[value] = Token(value, "access", scopes, expires, refresh)
        return value

    def issue_code(self, scopes: Iterable[str] = ALL_SCOPES) -> str:
        code = "sim-code-" + secrets.token_hex(12)
        with self._lock:
            self.codes[code] = tuple(scopes)
        return code

    # ---- checking ----------------------------------------------------------------------
    def authenticate(self, header: str | None) -> Token:
        """The token of an ``Authorization: Bearer`` header, or the 401 HubSpot sends."""
        if not header or not header.lower().startswith("bearer "):
            raise ApiError(401, "INVALID_AUTHENTICATION", _INVALID_MESSAGE)
        value = header[7:].strip()
        token = self.tokens.get(value)
        if token is None or token.kind == "refresh":
            raise ApiError(401, "INVALID_AUTHENTICATION", _INVALID_MESSAGE)
        if token.expires_at_ms is not None:
            now = self._clock_ms()
            if now >= token.expires_at_ms:
                ago = max(1, (now - token.expires_at_ms) // 1000)
                raise ApiError(
                    401,
                    "EXPIRED_AUTHENTICATION",
                    f"The OAuth token used to make this call expired {ago} second(s) ago.",
                    context={"expire time": [_http_date(token.expires_at_ms)]},
                )
        return token

    def expires_in(self, token: Token) -> int:
        if token.expires_at_ms is None:
            return 0
        return max(0, (token.expires_at_ms - self._clock_ms()) // 1000)

    # ---- the token endpoint ------------------------------------------------------------
    def exchange(self, form: dict[str, str]) -> dict[str, Any]:
        grant = form.get("grant_type")
        if grant not in ("authorization_code", "refresh_token"):
            raise OAuthError(
                "unsupported_grant_type", "BAD_GRANT_TYPE", f"grant_type {grant!r} is not supported"
            )
        if form.get("client_id") != self.client_id:
            raise OAuthError("invalid_client", "BAD_CLIENT_ID", "missing or unknown client id")
        if form.get("client_secret") != self.client_secret:
            raise OAuthError(
                "invalid_client", "BAD_CLIENT_SECRET", "missing or invalid client secret"
            )
        if grant == "authorization_code":
            code = form.get("code", "")
            with self._lock:
                scopes = self.codes.pop(code, None)
            if scopes is None:
                raise OAuthError("invalid_grant", "BAD_AUTH_CODE", "auth code not found")
            access, refresh = self.issue_pair(scopes)
        else:
            refresh = form.get("refresh_token", "")
            token = self.tokens.get(refresh)
            if token is None or token.kind != "refresh":
                raise OAuthError(
                    "invalid_grant",
                    "BAD_REFRESH_TOKEN",
                    "refresh token is invalid, expired or revoked",
                )
            access = self._access_for(refresh, token.scopes)
        return {
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": self.ttl,
            "token_type": "bearer",
            "token_use": "access_token",
            "hub_id": self.hub_id,
            "user_id": 5001,
            "scopes": list(self.tokens[access].scopes),
        }

    def revoke(self, value: str) -> bool:
        with self._lock:
            token = self.tokens.pop(value, None)
            if token is not None and token.kind == "refresh":
                for other in [t for t in self.tokens.values() if t.refresh_token == value]:
                    self.tokens.pop(other.value, None)
        return token is not None

    def info(self, value: str, *, introspect: bool = False) -> dict[str, Any]:
        token = self.tokens.get(value)
        if token is None:
            if introspect:
                return {"active": False}
            raise ApiError(404, "OBJECT_NOT_FOUND", "token not found")
        base: dict[str, Any] = {
            "token": value,
            "user": "sam@sim.example",
            "hub_domain": f"sim-{self.hub_id}.example",
            "hub_id": self.hub_id,
            "app_id": 777,
            "user_id": token.user_id,
            "scopes": list(token.scopes),
            "token_type": "access" if token.kind != "refresh" else "refresh",
        }
        if token.kind == "refresh":
            base["token_use"] = "refresh_token"
        else:
            base["expires_in"] = self.expires_in(token)
            base["is_private_distribution"] = False
            base["token_use"] = "access_token"
        if introspect:
            expired = token.expires_at_ms is not None and self._clock_ms() >= token.expires_at_ms
            base["active"] = not expired
            base["client_id"] = self.client_id
            if token.kind != "refresh":
                base["signed_access_token"] = self._signed(token)
        return base

    def _signed(self, token: Token) -> dict[str, Any]:
        return {
            "appId": 777, "appInstallId": "1", "audience": "sim",
            "expiresAt": token.expires_at_ms or 0,
            "hubId": self.hub_id, "hublet": "na1", "installingUserId": token.user_id,
            "isPrivateDistribution": False, "isServiceAccount": False, "isUserLevel": False,
            "newSignature": "", "scopeToScopeGroupPks": "", "scopes": "", "signature": "",
            "trialScopeToScopeGroupPks": "", "trialScopes": "", "userId": token.user_id,
        }  # fmt: skip


def missing_scopes(required: list[str]) -> ApiError:
    """403 MISSING_SCOPES: ``required`` lists the scopes of which one is needed."""
    return ApiError(
        403,
        "MISSING_SCOPES",
        "This app hasn't been granted all required scopes to make this call. Read more about "
        "required scopes here: https://developers.hubspot.com/scopes.",
        errors=[
            error_detail(
                "One or more of the following scopes are required.",
                context={"requiredGranularScopes": required},
            )
        ],
        extra={"links": {"scopes": "https://developers.hubspot.com/scopes"}},
    )


def _http_date(epoch_ms: int) -> str:
    from email.utils import formatdate

    return formatdate(epoch_ms / 1000, usegmt=True)
