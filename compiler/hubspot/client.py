"""The one HubSpot HTTP client of skillc (async httpx): auth, retries, typed errors, paging.

```python
async with HubSpotClient(base_url, "pat-...") as client:
    page = await client.request("POST", "/crm/v3/objects/contacts/search", json=body)
    async for record in client.paginate("GET", "/crm/v3/objects/contacts", params={"limit": 100}):
        ...
```

Retry rules live in ``retry.py`` (what may be repeated, how long to wait), credentials in
``auth.py``, pacing in ``ratelimit.py``. Credentials never reach logs, ``repr`` or error messages:
every text that leaves this module passes through ``_redact``.
"""

from __future__ import annotations

import json as jsonlib
import logging
from collections.abc import AsyncIterator, Mapping
from types import TracebackType
from typing import Any

import httpx

from compiler import __version__
from compiler.hubspot.auth import StaticToken, TokenManager, TokenSource
from compiler.hubspot.errors import (
    AmbiguousWriteError,
    AuthenticationError,
    HubSpotError,
    ServerError,
    TokenRefreshError,
    TransportError,
    error_from_response,
)
from compiler.hubspot.ratelimit import RateLimiter
from compiler.hubspot.retry import (
    RetryPolicy,
    is_idempotent,
    is_search,
    parse_retry_after,
    proves_not_processed,
)
from compiler.hubspot.urls import redact_url, userinfo_secrets

log = logging.getLogger("compiler.hubspot")

DEFAULT_BASE_URL = "https://api.hubapi.com"
DEFAULT_USER_AGENT = f"skillc/{__version__}"
REDACTED = "[redacted]"

# Transport failures that happen before the request left this machine: always safe to repeat.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class HubSpotClient:
    """Async HubSpot API client; ``auth`` is a token string or a ``TokenManager``."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        auth: str | TokenSource = "",
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 10.0,
        retry: RetryPolicy | None = None,
        user_agent: str = DEFAULT_USER_AGENT,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._auth: TokenSource = StaticToken(auth) if isinstance(auth, str) else auth
        self.retry = retry or RetryPolicy()
        self.rate_limiter = rate_limiter
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": user_agent, "Accept": "application/json"},
            follow_redirects=False,
        )
        # Counters for benchmarks and tests (what went over the wire, not what the caller asked).
        self.request_count = 0
        self.status_counts: dict[int, int] = {}
        self.retry_count = 0

    def __repr__(self) -> str:
        return f"HubSpotClient(base_url={redact_url(self.base_url)!r})"

    @property
    def auth(self) -> TokenSource:
        return self._auth

    async def current_token(self) -> str:
        """The bearer token requests use now (refreshed if due). A secret: never show it."""
        return await self._auth.token(self._post_token_form)

    async def __aenter__(self) -> HubSpotClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- redaction -----------------------------------------------------------------------------

    def _redact(self, text: str) -> str:
        for secret in [*self._auth.secrets(), *userinfo_secrets(self.base_url)]:
            if secret and secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def _redact_error(self, error: HubSpotError) -> HubSpotError:
        error.message = self._redact(error.message)
        error.args = (error.message,)
        if error.path:
            error.path = self._redact(error.path)
        if error.body is not None:
            error.body = jsonlib.loads(self._redact(jsonlib.dumps(error.body)))
        return error

    # -- requests ------------------------------------------------------------------------------

    def _count(self, status: int) -> None:
        self.request_count += 1
        self.status_counts[status] = self.status_counts.get(status, 0) + 1

    def _error_for(self, response: httpx.Response, method: str, path: str) -> HubSpotError:
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        error = error_from_response(
            response.status_code,
            body,
            method=method,
            path=path,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
            text="" if body is not None else response.text,
        )
        return self._redact_error(error)

    def _transport_error(
        self, exc: httpx.HTTPError, method: str, path: str, safe: bool
    ) -> TransportError:
        kind = type(exc).__name__
        detail = self._redact(str(exc)) or kind
        if not safe and not isinstance(exc, _NOT_SENT):
            return AmbiguousWriteError(
                f"{kind} after sending the request; it may or may not have been applied ({detail})",
                category="AMBIGUOUS_WRITE",
                method=method,
                path=self._redact(path),
            )
        return TransportError(
            f"{kind}: {detail}", category="TRANSPORT", method=method, path=self._redact(path)
        )

    async def _post_token_form(self, url: str, form: dict[str, str]) -> dict[str, Any]:
        """POST a form to the OAuth token endpoint (no bearer header), with the usual retries."""
        attempt = 0
        slept = 0.0
        while True:
            attempt += 1
            try:
                response = await self._http.post(url, data=form)
            except httpx.HTTPError as exc:
                error: HubSpotError = self._transport_error(exc, "POST", url, True)
            else:
                self._count(response.status_code)
                if response.status_code < 400:
                    try:
                        answer = response.json()
                    except ValueError:
                        answer = None
                    if not isinstance(answer, dict):
                        raise TokenRefreshError(
                            "the token endpoint answered with something other than a JSON object",
                            status=response.status_code,
                        )
                    return answer
                error = self._error_for(response, "POST", url)
                if 400 <= response.status_code < 500 and response.status_code != 429:
                    raise TokenRefreshError(
                        error.message,
                        status=error.status,
                        category=error.category,
                        correlation_id=error.correlation_id,
                        body=error.body,
                        method="POST",
                        path=error.path,
                    ) from None
            delay = self.retry.delay_for(error, attempt)
            if delay is None or not self.retry.allows(attempt, slept, delay):
                raise error
            self.retry_count += 1
            await self.retry.sleep(delay)
            slept += delay

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        idempotent: bool | None = None,
    ) -> Any:
        """Send one API request; returns the decoded JSON (None for an empty body).

        Raises a ``HubSpotError`` subclass. ``idempotent`` overrides the guess from method and path
        (see ``retry.is_idempotent``); a request that is not idempotent is retried only after a
        response that proves nothing was done, and otherwise raises ``AmbiguousWriteError``.
        """
        method = method.upper()
        safe = is_idempotent(method, path) if idempotent is None else idempotent
        search = is_search(path)
        attempt = 0
        slept = 0.0
        refreshed = False
        while True:
            attempt += 1
            if self.rate_limiter is not None:
                await self.rate_limiter.acquire(search=search)
            token = await self._auth.token(self._post_token_form)
            try:
                response = await self._http.request(
                    method,
                    path,
                    json=json,
                    params=params,
                    headers={"Authorization": f"Bearer {token}"},
                )
            except httpx.UnsupportedProtocol as exc:
                # A bad base URL: nothing was sent and repeating cannot help.
                raise TransportError(
                    f"cannot send to {redact_url(self.base_url)}: {self._redact(str(exc))}",
                    category="BAD_URL",
                    method=method,
                    path=self._redact(path),
                ) from None
            except httpx.HTTPError as exc:
                error: HubSpotError = self._transport_error(exc, method, path, safe)
                log.debug("%s %s: %s (attempt %d)", method, self._redact(path), error, attempt)
                if isinstance(error, AmbiguousWriteError):
                    raise error from None
            else:
                self._count(response.status_code)
                log.debug(
                    "%s %s -> %d (attempt %d)",
                    method,
                    self._redact(path),
                    response.status_code,
                    attempt,
                )
                if response.status_code < 400:
                    return _decode(response, method, self._redact(path))
                error = self._error_for(response, method, path)
                if (
                    isinstance(error, AuthenticationError)
                    and error.expired
                    and self._auth.can_refresh
                    and not refreshed
                ):
                    # Not a backoff attempt: the refresh fixes the cause. Once only, so a token
                    # endpoint that hands out already-expired tokens cannot loop us.
                    refreshed = True
                    attempt -= 1
                    await self._auth.refresh(self._post_token_form, failed_token=token)
                    continue
                if not safe and not proves_not_processed(error):
                    if isinstance(error, ServerError):
                        raise AmbiguousWriteError(
                            f"HTTP {error.status} to a create; it may or may not have been "
                            f"applied ({error.message})",
                            status=error.status,
                            category=error.category or "AMBIGUOUS_WRITE",
                            correlation_id=error.correlation_id,
                            body=error.body,
                            method=method,
                            path=error.path,
                        ) from None
                    raise error
            delay = self.retry.delay_for(error, attempt)
            if delay is None or not self.retry.allows(attempt, slept, delay):
                raise error
            self.retry_count += 1
            await self.retry.sleep(delay)
            slept += delay

    async def paginate(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        params: Mapping[str, Any] | None = None,
        limit: int | None = None,
        max_pages: int | None = None,
    ) -> AsyncIterator[Any]:
        """Yield the ``results`` of every page, following ``paging.next.after``.

        GET lists take ``after``/``limit`` as query parameters; search POSTs take them in the body.
        """
        method = method.upper()
        body = dict(json or {})
        query = dict(params or {})
        if limit is not None:
            (body if method == "POST" else query)["limit"] = limit
        seen: set[str] = set()
        pages = 0
        while True:
            page = await self.request(
                method, path, json=body if method == "POST" else None, params=query or None
            )
            pages += 1
            if not isinstance(page, dict):
                raise HubSpotError(
                    "expected a page object with 'results'", method=method, path=path
                )
            results = page.get("results", [])
            if not isinstance(results, list):
                raise HubSpotError("'results' of a page is not a list", method=method, path=path)
            for item in results:
                yield item
            after = _next_after(page)
            if after is None or (max_pages is not None and pages >= max_pages):
                return
            if after in seen:
                raise HubSpotError(
                    f"paging cursor {after!r} repeated; stopping to avoid a loop",
                    method=method,
                    path=path,
                )
            seen.add(after)
            if method == "POST":
                body["after"] = after
            else:
                query["after"] = after


def _next_after(page: Mapping[str, Any]) -> str | None:
    paging = page.get("paging")
    if not isinstance(paging, dict):
        return None
    nxt = paging.get("next")
    if not isinstance(nxt, dict):
        return None
    after = nxt.get("after")
    if after is None or after == "":
        return None
    return str(after)


def _decode(response: httpx.Response, method: str, path: str) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        raise HubSpotError(
            "HubSpot answered with a body that is not JSON",
            status=response.status_code,
            method=method,
            path=path,
        ) from None


__all__ = ["DEFAULT_BASE_URL", "HubSpotClient", "RateLimiter", "RetryPolicy", "TokenManager"]
