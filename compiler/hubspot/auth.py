"""Bearer credentials: a fixed token, or OAuth access tokens refreshed at HubSpot's token endpoint.

A refresh happens shortly before expiry (``margin`` seconds, default 60) and when HubSpot answers
401 ``EXPIRED_AUTHENTICATION``. Concurrent requests share one refresh: the refresh runs under an
``asyncio.Lock``, and a request whose failed token has already been replaced just uses the new one,
so 50 requests that meet an expired token cause one call to the token endpoint, not 50. A refresh
that fails answers every request that was waiting for it with the same error (they do not each
try again); a request that arrives later makes a new attempt.
Secrets never appear in ``repr``; the client asks ``secrets()`` for what to redact from messages.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from compiler.hubspot.errors import HubSpotError, TokenRefreshError

DEFAULT_TOKEN_PATH = "/oauth/v1/token"

# Posts a form to the token endpoint and returns the decoded JSON answer (the client provides it).
TokenPoster = Callable[[str, dict[str, str]], Awaitable[dict[str, Any]]]


class TokenSource(Protocol):
    """What the client needs from its credentials."""

    can_refresh: bool

    async def token(self, post: TokenPoster) -> str: ...

    async def refresh(self, post: TokenPoster, *, failed_token: str | None) -> str: ...

    def secrets(self) -> list[str]: ...


class StaticToken:
    """A private-app or service-key token: used as is, never refreshed."""

    can_refresh = False

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("empty HubSpot token")
        self._token = token

    async def token(self, post: TokenPoster) -> str:
        return self._token

    async def refresh(self, post: TokenPoster, *, failed_token: str | None) -> str:
        return self._token

    def secrets(self) -> list[str]:
        return [self._token]

    def __repr__(self) -> str:
        return "StaticToken(<redacted>)"


class TokenManager:
    """OAuth access tokens from a refresh token (``grant_type=refresh_token``, form-encoded).

    ``clock`` (seconds, monotonic) is injectable so tests can move time; ``token_url`` is a path on
    the client's base URL or an absolute URL.
    """

    can_refresh = True

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        refresh_token: str,
        access_token: str | None = None,
        expires_at: float | None = None,
        token_url: str = DEFAULT_TOKEN_PATH,
        margin: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client_id = client_id
        self._client_secret = client_secret
        self._refresh_token = refresh_token
        self._access_token = access_token
        # A token given without an expiry is trusted until HubSpot says it expired.
        self._expires_at = expires_at
        self.token_url = token_url
        self.margin = margin
        self._clock = clock
        self._lock = asyncio.Lock()
        # Counts finished refresh attempts, so a waiter can tell one ended while it queued.
        self._attempts = 0
        self._last_failure: HubSpotError | None = None
        self.refresh_count = 0
        self.hub_id: int | None = None
        self.scopes: list[str] = []

    def __repr__(self) -> str:
        return f"TokenManager(client_id={self.client_id!r}, token_url={self.token_url!r})"

    def secrets(self) -> list[str]:
        found = [self._client_secret, self._refresh_token]
        if self._access_token:
            found.append(self._access_token)
        return [s for s in found if s]

    def _fresh(self) -> bool:
        if self._access_token is None:
            return False
        return self._expires_at is None or self._clock() < self._expires_at - self.margin

    async def token(self, post: TokenPoster) -> str:
        if self._fresh():
            assert self._access_token is not None
            return self._access_token
        return await self.refresh(post, failed_token=self._access_token)

    async def refresh(self, post: TokenPoster, *, failed_token: str | None) -> str:
        """Get a new access token unless another request already replaced ``failed_token``."""
        attempts_seen = self._attempts
        async with self._lock:
            current = self._access_token
            if current is not None and current != failed_token and self._fresh():
                return current
            if self._attempts != attempts_seen and self._last_failure is not None:
                # The refresh this request queued behind failed: share its answer, not repeat it.
                raise self._last_failure
            self._last_failure = None  # about a finished attempt only, never an older one
            try:
                return await self._refresh_now(post)
            except HubSpotError as exc:
                self._last_failure = exc
                raise
            finally:
                self._attempts += 1

    async def _refresh_now(self, post: TokenPoster) -> str:
        form = {
            "grant_type": "refresh_token",
            "client_id": self.client_id,
            "client_secret": self._client_secret,
            "refresh_token": self._refresh_token,
        }
        answer = await post(self.token_url, form)
        access = answer.get("access_token")
        if not isinstance(access, str) or not access:
            raise TokenRefreshError(
                "the token endpoint answered without an access_token",
                category="BAD_TOKEN_RESPONSE",
            )
        expires_in = answer.get("expires_in")
        self._access_token = access
        self._expires_at = (
            self._clock() + float(expires_in)
            if isinstance(expires_in, int | float) and not isinstance(expires_in, bool)
            else None
        )
        rotated = answer.get("refresh_token")
        if isinstance(rotated, str) and rotated:
            self._refresh_token = rotated
        hub_id = answer.get("hub_id")
        if isinstance(hub_id, int) and not isinstance(hub_id, bool):
            self.hub_id = hub_id
        scopes = answer.get("scopes")
        if isinstance(scopes, list):
            self.scopes = [str(s) for s in scopes]
        self.refresh_count += 1
        return access
