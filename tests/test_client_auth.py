"""HubSpot client: OAuth refresh (reactive, proactive, shared) and secrets kept out of text."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

import httpx
import pytest
from client_fixtures import FakeTime, Script, hubspot_error, make_client

from compiler.hubspot import (
    AuthenticationError,
    HubSpotError,
    RetryPolicy,
    TokenManager,
    TokenRefreshError,
)

pytestmark = pytest.mark.anyio

SECRET = "client-secret-XYZ"
REFRESH = "refresh-token-ABC"


class OAuthServer:
    """Hands out access-0, access-1, ...; only the newest is accepted."""

    def __init__(self, *, delay: float = 0.0) -> None:
        self.issued = 0
        self.current: str | None = None
        self.token_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []
        self.delay = delay

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(self.delay)
        if request.url.path == "/oauth/v1/token":
            self.token_requests.append(request)
            self.current = f"access-{self.issued}"
            self.issued += 1
            return httpx.Response(
                200,
                json={
                    "access_token": self.current,
                    "refresh_token": REFRESH,
                    "expires_in": 1800,
                    "token_type": "bearer",
                    "hub_id": 4242,
                    "scopes": ["oauth", "crm.objects.contacts.read"],
                },
            )
        self.api_requests.append(request)
        if request.headers.get("authorization") != f"Bearer {self.current}":
            return hubspot_error(
                401,
                "EXPIRED_AUTHENTICATION",
                "The OAuth token used to make this call expired 3 second(s) ago.",
            )
        return httpx.Response(200, json={"results": []})


def manager(fake: FakeTime, **kwargs: object) -> TokenManager:
    return TokenManager(
        client_id="client-id-1",
        client_secret=SECRET,
        refresh_token=REFRESH,
        clock=fake.clock,
        **kwargs,  # type: ignore[arg-type]
    )


async def test_expired_token_is_refreshed_once_and_the_request_repeated() -> None:
    server = OAuthServer()
    server.current = "access-new"  # what the server accepts; the client still holds "stale"
    fake = FakeTime()
    tm = manager(fake, access_token="stale")
    client, _ = make_client(server, auth=tm)
    server.current = None
    assert await client.request("GET", "/crm/v3/objects/contacts") == {"results": []}
    assert len(server.token_requests) == 1
    assert [r.headers["authorization"] for r in server.api_requests] == [
        "Bearer stale",
        "Bearer access-0",
    ]
    assert tm.hub_id == 4242
    form = parse_qs(server.token_requests[0].content.decode())
    assert form == {
        "grant_type": ["refresh_token"],
        "client_id": ["client-id-1"],
        "client_secret": [SECRET],
        "refresh_token": [REFRESH],
    }
    assert server.token_requests[0].headers["content-type"] == "application/x-www-form-urlencoded"
    assert "authorization" not in server.token_requests[0].headers


async def test_fifty_concurrent_requests_share_one_refresh() -> None:
    server = OAuthServer(delay=0.001)
    fake = FakeTime()
    tm = manager(fake, access_token="stale")
    client, _ = make_client(server, auth=tm)
    results = await asyncio.gather(
        *(client.request("GET", f"/crm/v3/objects/contacts/{i}") for i in range(50))
    )
    assert len(results) == 50
    assert len(server.token_requests) == 1
    assert tm.refresh_count == 1


async def test_token_is_refreshed_before_it_expires() -> None:
    server = OAuthServer()
    fake = FakeTime()
    tm = manager(fake)
    client, _ = make_client(server, auth=tm)
    await client.request("GET", "/crm/v3/objects/contacts")  # no token yet: fetches access-0
    fake.now += 1800 - 61
    await client.request("GET", "/crm/v3/objects/contacts")
    assert len(server.token_requests) == 1
    fake.now += 2  # now inside the 60-s margin
    await client.request("GET", "/crm/v3/objects/contacts")
    assert len(server.token_requests) == 2
    # No request ever met a 401: the refresh came first.
    assert all(r.headers["authorization"] != "Bearer stale" for r in server.api_requests)
    assert [r.headers["authorization"] for r in server.api_requests][-1] == "Bearer access-1"


async def test_invalid_authentication_is_not_refreshed_or_retried() -> None:
    script = Script(hubspot_error(401, "INVALID_AUTHENTICATION", "Authentication credentials"))
    client, fake = make_client(script)
    with pytest.raises(AuthenticationError) as info:
        await client.request("GET", "/crm/v3/objects/contacts")
    assert not info.value.expired
    assert len(script.requests) == 1 and fake.sleeps == []


async def test_refresh_refused_raises_token_refresh_error_without_secrets() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400,
            json={
                "error": "invalid_grant",
                "error_description": f"refresh token {REFRESH} is invalid, expired or revoked",
                "status": "BAD_REFRESH_TOKEN",
                "message": f"refresh token {REFRESH} is invalid",
            },
        )

    fake = FakeTime()
    client, _ = make_client(handler, auth=manager(fake))
    with pytest.raises(TokenRefreshError) as info:
        await client.request("GET", "/crm/v3/objects/contacts")
    assert info.value.category == "BAD_REFRESH_TOKEN"
    text = f"{info.value} {info.value!r} {info.value.body}"
    assert REFRESH not in text and SECRET not in text


async def test_token_endpoint_5xx_is_retried() -> None:
    server = OAuthServer()
    calls = {"n": 0}

    async def flaky(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth/v1/token" and calls["n"] == 0:
            calls["n"] += 1
            return httpx.Response(502, text="bad gateway")
        return await server(request)

    fake = FakeTime()
    client, _ = make_client(flaky, auth=manager(fake))
    await client.request("GET", "/crm/v3/objects/contacts")
    assert len(server.token_requests) == 1


async def test_secrets_never_appear_in_repr_or_error_text() -> None:
    token = "pat-na1-11112222-3333-4444"

    def echo(request: httpx.Request) -> httpx.Response:
        # A hostile or careless server that echoes the token and the path back.
        return hubspot_error(
            404, "OBJECT_NOT_FOUND", f"no token {token} at {request.url.path}", correlation_id="x"
        )

    client, _ = make_client(echo, auth=token)
    with pytest.raises(HubSpotError) as info:
        await client.request("GET", f"/oauth/v1/access-tokens/{token}")
    error = info.value
    for text in (str(error), repr(error), str(error.body), str(error.path), repr(client)):
        assert token not in text
    assert "[redacted]" in str(error)
    fake = FakeTime()
    tm = manager(fake, access_token="access-zzz")
    assert SECRET not in repr(tm) and REFRESH not in repr(tm) and "access-zzz" not in repr(tm)


async def test_token_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    token = "pat-na1-logged-never"
    script = Script(httpx.Response(503, text="x"), httpx.ReadTimeout(f"timeout {token}"))
    client, _ = make_client(script, auth=token, retry=RetryPolicy(sleep=FakeTime().sleep))
    with caplog.at_level("DEBUG", logger="compiler.hubspot"):
        await client.request("GET", f"/oauth/v1/access-tokens/{token}")
    assert caplog.records, "the client should log its attempts at DEBUG"
    assert token not in caplog.text


async def test_a_refused_refresh_is_shared_by_the_requests_waiting_for_it() -> None:
    token_calls: list[httpx.Request] = []

    async def refusing(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.001)
        if request.url.path == "/oauth/v1/token":
            token_calls.append(request)
            return httpx.Response(
                400, json={"error": "invalid_grant", "status": "BAD_REFRESH_TOKEN"}
            )
        return hubspot_error(401, "EXPIRED_AUTHENTICATION", "expired 1 second(s) ago")

    fake = FakeTime()
    client, _ = make_client(refusing, auth=manager(fake, access_token="stale"))
    outcomes = await asyncio.gather(
        *(client.request("GET", f"/crm/v3/objects/contacts/{i}") for i in range(20)),
        return_exceptions=True,
    )
    assert all(isinstance(o, TokenRefreshError) for o in outcomes)
    # The 20 requests waited on one refresh; its refusal answers them all.
    assert len(token_calls) == 1
    # A later request (not waiting on that refresh) tries again.
    with pytest.raises(TokenRefreshError):
        await client.request("GET", "/crm/v3/objects/contacts/x")
    assert len(token_calls) == 2
