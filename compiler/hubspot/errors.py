"""Typed HubSpot errors, built from HubSpot's error bodies (``category``, ``correlationId`` kept).

HubSpot answers errors with ``{"status": "error", "message", "correlationId", "category",
"subCategory"?, "errors"?: [{"message", "code"?, "context"?}], "context"?, "links"?}``; the OAuth
endpoints answer RFC 6749 style (``{"error", "error_description", "status", "message"}``) and
429s carry ``policyName``. Every field is optional in practice, so nothing here assumes one is
present. Messages never carry credentials: the client redacts them before an error is built.
"""

from __future__ import annotations

import re
from typing import Any

_EXISTING_ID = re.compile(r"Existing ID:\s*(\d+)")


class HubSpotError(Exception):
    """An error answered by HubSpot (``status`` set) or met on the way to it (``status`` None)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        category: str | None = None,
        correlation_id: str | None = None,
        sub_category: str | None = None,
        errors: list[Any] | None = None,
        context: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        method: str | None = None,
        path: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.category = category
        self.correlation_id = correlation_id
        self.sub_category = sub_category
        self.errors: list[Any] = list(errors or [])
        self.context: dict[str, Any] = dict(context or {})
        self.body = body
        self.method = method
        self.path = path
        self.retry_after = retry_after  # seconds, from a Retry-After header

    def __str__(self) -> str:
        parts: list[str] = []
        if self.method and self.path:
            parts.append(f"{self.method} {self.path}:")
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.category:
            parts.append(self.category)
        head = " ".join(parts)
        text = f"{head} {self.message}".strip() if head else self.message
        if self.correlation_id:
            text += f" (correlationId {self.correlation_id})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, category={self.category!r}, "
            f"message={self.message!r}, correlation_id={self.correlation_id!r})"
        )


class AuthenticationError(HubSpotError):
    """401: the token is missing, invalid or expired (``expired``)."""

    @property
    def expired(self) -> bool:
        return self.category == "EXPIRED_AUTHENTICATION"


class TokenRefreshError(AuthenticationError):
    """The OAuth token endpoint refused to refresh (``invalid_grant``, ``BAD_REFRESH_TOKEN``)."""


class MissingScopesError(HubSpotError):
    """403: the token lacks a scope; ``required_scopes`` lists what HubSpot asked for."""

    @property
    def required_scopes(self) -> list[str]:
        found: list[str] = []
        contexts: list[Any] = [self.context]
        contexts += [e.get("context") for e in self.errors if isinstance(e, dict)]
        for ctx in contexts:
            if not isinstance(ctx, dict):
                continue
            for key in ("requiredGranularScopes", "requiredScopes", "requiredScope"):
                values = ctx.get(key)
                if isinstance(values, list):
                    found += [str(v) for v in values if str(v) not in found]
        return found


class NotFoundError(HubSpotError):
    """404: no such record, object type or endpoint."""


class ValidationError(HubSpotError):
    """400: HubSpot rejected the request body or parameters."""


class ConflictError(HubSpotError):
    """409: e.g. a contact with this email exists; ``existing_id`` when HubSpot names it."""

    @property
    def existing_id(self) -> str | None:
        match = _EXISTING_ID.search(self.message)
        return match.group(1) if match else None


class LockedError(HubSpotError):
    """423: the record is locked by another bulk write; retry after >= 2 s."""


class RateLimitError(HubSpotError):
    """429: a rate limit was hit; ``policy_name`` is e.g. TEN_SECONDLY_ROLLING, SECONDLY, DAILY."""

    def __init__(self, message: str, *, policy_name: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.policy_name = policy_name


class ServerError(HubSpotError):
    """5xx: HubSpot (or the CDN in front of it) failed."""


class TransportError(HubSpotError):
    """No trustworthy response: connection refused, reset, timed out, or unreadable."""


class AmbiguousWriteError(TransportError):
    """A non-idempotent write (a create) whose outcome is unknown: it may or may not have landed.

    The caller must look for the record (e.g. search by a unique property) before trying again.
    ``status`` is set when a response came back but did not say whether the write happened
    (a 500/502/503/504/524), and None after a timeout or a dropped connection.
    """


_BY_STATUS: dict[int, type[HubSpotError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: MissingScopesError,
    404: NotFoundError,
    409: ConflictError,
    423: LockedError,
    429: RateLimitError,
}


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def error_class_for(status: int) -> type[HubSpotError]:
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, HubSpotError)


def error_from_response(
    status: int,
    body: Any,
    *,
    method: str | None = None,
    path: str | None = None,
    retry_after: float | None = None,
    text: str = "",
) -> HubSpotError:
    """Build the typed error for an HTTP error response (``body`` = decoded JSON or None)."""
    data: dict[str, Any] | None = body if isinstance(body, dict) else None
    fields = data or {}
    message = (
        _str_or_none(fields.get("message"))
        or _str_or_none(fields.get("error_description"))
        or _str_or_none(fields.get("error"))
        or (text.strip()[:200] if text.strip() else f"HTTP {status} with no error body")
    )
    category = _str_or_none(fields.get("category")) or _str_or_none(fields.get("errorType"))
    if category is None and status in (400, 401) and _str_or_none(fields.get("error")):
        # OAuth endpoints: "status" carries HubSpot's code (BAD_REFRESH_TOKEN), "error" RFC 6749's.
        category = _str_or_none(fields.get("status")) or _str_or_none(fields.get("error"))
    errors = fields.get("errors")
    context = fields.get("context")
    common: dict[str, Any] = {
        "status": status,
        "category": category,
        "correlation_id": _str_or_none(fields.get("correlationId")),
        "sub_category": _str_or_none(fields.get("subCategory")),
        "errors": errors if isinstance(errors, list) else None,
        "context": context if isinstance(context, dict) else None,
        "body": data,
        "method": method,
        "path": path,
        "retry_after": retry_after,
    }
    cls = error_class_for(status)
    if cls is RateLimitError:
        return RateLimitError(
            message,
            policy_name=_str_or_none(fields.get("policyName")),
            **common,
        )
    return cls(message, **common)
