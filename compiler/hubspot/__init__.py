"""The HubSpot client (auth, retries, rate limits, typed errors, paging) and schema discovery."""

from compiler.hubspot.auth import StaticToken, TokenManager
from compiler.hubspot.client import DEFAULT_BASE_URL, HubSpotClient
from compiler.hubspot.errors import (
    AmbiguousWriteError,
    AuthenticationError,
    ConflictError,
    HubSpotError,
    LockedError,
    MissingScopesError,
    NotFoundError,
    RateLimitError,
    ServerError,
    TokenRefreshError,
    TransportError,
    ValidationError,
)
from compiler.hubspot.ratelimit import RateLimiter
from compiler.hubspot.retry import RetryPolicy, is_idempotent

__all__ = [
    "DEFAULT_BASE_URL",
    "AmbiguousWriteError",
    "AuthenticationError",
    "ConflictError",
    "HubSpotClient",
    "HubSpotError",
    "LockedError",
    "MissingScopesError",
    "NotFoundError",
    "RateLimitError",
    "RateLimiter",
    "RetryPolicy",
    "ServerError",
    "StaticToken",
    "TokenManager",
    "TokenRefreshError",
    "TransportError",
    "ValidationError",
    "is_idempotent",
]
