"""The OAuth authorization-code flow against HubSpot's token endpoints.

Tokens are exchanged and refreshed at ``/oauth/v3/token``, falling back to ``/oauth/v1/token``
when v3 is not served (v1 is sunset in February 2027; some HubSpot-compatible servers still
serve only v1).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from compiler.hubspot.api import token_info_path
from compiler.hubspot.auth import TokenManager, TokenPoster
from compiler.hubspot.client import HubSpotClient
from compiler.hubspot.errors import HubSpotError, NotFoundError, TokenRefreshError

TOKEN_PATHS = ("/oauth/v3/token", "/oauth/v1/token")
HUBSPOT_API_HOST = "api.hubapi.com"
HUBSPOT_AUTHORIZE_URL = "https://app.hubspot.com/oauth/authorize"


def default_authorize_url(base_url: str) -> str:
    """HubSpot's consent page for HubSpot's API host, else ``{base}/oauth/authorize``."""
    from urllib.parse import urlsplit

    if urlsplit(base_url).hostname == HUBSPOT_API_HOST:
        return HUBSPOT_AUTHORIZE_URL
    return base_url.rstrip("/") + "/oauth/authorize"


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    refresh_token: str
    expires_at: float | None  # epoch seconds
    hub_id: int | None
    scopes: list[str]

    def __repr__(self) -> str:
        return f"TokenGrant(hub_id={self.hub_id!r}, scopes={self.scopes!r})"


async def post_token(client: HubSpotClient, form: dict[str, str]) -> dict[str, Any]:
    """POST ``form`` to the v3 token endpoint, or v1 when v3 is not there."""
    last: HubSpotError | None = None
    for path in TOKEN_PATHS:
        try:
            return await client._post_token_form(path, form)
        except (NotFoundError, TokenRefreshError) as exc:
            if exc.status not in (404, 405):
                raise
            last = exc
    assert last is not None
    raise last


def _grant(answer: dict[str, Any], clock: Callable[[], float]) -> TokenGrant:
    access, refresh = answer.get("access_token"), answer.get("refresh_token")
    if not isinstance(access, str) or not access or not isinstance(refresh, str) or not refresh:
        raise TokenRefreshError(
            "the token endpoint answered without an access and a refresh token",
            category="BAD_TOKEN_RESPONSE",
        )
    expires_in = answer.get("expires_in")
    hub_id = answer.get("hub_id")
    scopes = answer.get("scopes")
    return TokenGrant(
        access,
        refresh,
        clock() + float(expires_in)
        if isinstance(expires_in, int | float) and not isinstance(expires_in, bool)
        else None,
        hub_id if isinstance(hub_id, int) and not isinstance(hub_id, bool) else None,
        [str(s) for s in scopes] if isinstance(scopes, list) else [],
    )


async def exchange_code(
    client: HubSpotClient,
    *,
    code: str,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    clock: Callable[[], float] = time.time,
) -> TokenGrant:
    answer = await post_token(
        client,
        {
            "grant_type": "authorization_code",
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uri": redirect_uri,
            "code": code,
        },
    )
    return _grant(answer, clock)


async def token_info(client: HubSpotClient, access_token: str) -> dict[str, Any]:
    """What HubSpot says about an access token (hub_id, hub_domain, scopes)."""
    info = await client.request("GET", token_info_path(access_token))
    return info if isinstance(info, dict) else {}


class StoredTokenManager(TokenManager):
    """A :class:`TokenManager` on epoch time that reports each refresh (to persist it) and
    refreshes at v3, falling back to v1."""

    def __init__(
        self,
        *,
        on_refresh: Callable[[str, float | None], None],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("clock", time.time)
        super().__init__(**kwargs)
        self._on_refresh = on_refresh

    async def _refresh_now(self, post: TokenPoster) -> str:
        async def fallback(url: str, form: dict[str, str]) -> dict[str, Any]:
            last: HubSpotError | None = None
            for path in TOKEN_PATHS:
                try:
                    return await post(path, form)
                except (NotFoundError, TokenRefreshError) as exc:
                    if exc.status not in (404, 405):
                        raise
                    last = exc
            assert last is not None
            raise last

        token = await super()._refresh_now(fallback)
        self._on_refresh(token, self._expires_at)
        return token
