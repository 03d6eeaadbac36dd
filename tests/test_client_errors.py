"""HubSpot client: typed errors from HubSpot's bodies, paging, decoding, client-side pacing."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
from client_fixtures import FakeTime, Script, hubspot_error, make_client
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.hubspot import (
    AuthenticationError,
    ConflictError,
    HubSpotError,
    MissingScopesError,
    NotFoundError,
    RateLimiter,
    ServerError,
    ValidationError,
)
from compiler.hubspot.errors import error_class_for, error_from_response
from compiler.hubspot.ratelimit import SlidingWindow

pytestmark = pytest.mark.anyio


async def _raise_for(response: httpx.Response, method: str = "GET") -> HubSpotError:
    client, _ = make_client(Script(response))
    with pytest.raises(HubSpotError) as info:
        await client.request(method, "/crm/v3/objects/contacts/1")
    return info.value


async def test_validation_error_keeps_category_correlation_and_details() -> None:
    error = await _raise_for(
        hubspot_error(
            400,
            "VALIDATION_ERROR",
            'Property values were not valid: [{"name":"discount"}]',
            correlation_id="aeb5f871-7f07-4993-9211-075dc63e7cbf",
            errors=[
                {
                    "message": "Property discount does not exist",
                    "code": "PROPERTY_DOESNT_EXIST",
                    "context": {"propertyName": ["discount"]},
                }
            ],
            subCategory="sub",
        )
    )
    assert isinstance(error, ValidationError)
    assert error.status == 400
    assert error.category == "VALIDATION_ERROR"
    assert error.correlation_id == "aeb5f871-7f07-4993-9211-075dc63e7cbf"
    assert error.sub_category == "sub"
    assert error.errors[0]["code"] == "PROPERTY_DOESNT_EXIST"
    assert "aeb5f871" in str(error) and "VALIDATION_ERROR" in str(error)
    assert error.body is not None and error.body["status"] == "error"


async def test_conflict_exposes_existing_id() -> None:
    error = await _raise_for(
        hubspot_error(409, "CONFLICT", "Contact already exists. Existing ID: 51"), "PATCH"
    )
    assert isinstance(error, ConflictError)
    assert error.existing_id == "51"
    assert ConflictError("other conflict", status=409).existing_id is None


async def test_missing_scopes_lists_required_scopes() -> None:
    error = await _raise_for(
        hubspot_error(
            403,
            "MISSING_SCOPES",
            "This app hasn't been granted all required scopes to make this call.",
            errors=[
                {
                    "message": "One or more of the following scopes are required.",
                    "context": {"requiredGranularScopes": ["crm.schemas.custom.read"]},
                }
            ],
            links={"scopes": "https://developers.hubspot.com/scopes"},
        )
    )
    assert isinstance(error, MissingScopesError)
    assert error.required_scopes == ["crm.schemas.custom.read"]


async def test_expired_and_not_found_and_non_json_errors() -> None:
    expired = await _raise_for(hubspot_error(401, "EXPIRED_AUTHENTICATION", "expired 3 s ago"))
    assert isinstance(expired, AuthenticationError) and expired.expired
    missing = await _raise_for(httpx.Response(404, json={"status": "error", "message": "gone"}))
    assert isinstance(missing, NotFoundError) and missing.category is None
    client, _ = make_client(Script(default=lambda r: httpx.Response(502, text="<h1>Bad</h1>")))
    with pytest.raises(ServerError) as info:
        await client.request("GET", "/x")
    assert "<h1>Bad</h1>" in info.value.message and info.value.body is None
    empty = await _raise_for(httpx.Response(418))
    assert type(empty) is HubSpotError and "418" in str(empty)


async def test_success_bodies() -> None:
    client, _ = make_client(Script(httpx.Response(204), httpx.Response(200, text="not json")))
    assert await client.request("DELETE", "/crm/v3/objects/contacts/1") is None
    with pytest.raises(HubSpotError, match="not JSON"):
        await client.request("GET", "/crm/v3/objects/contacts/1")


async def test_paginate_get_follows_after_in_query() -> None:
    def pages(request: httpx.Request) -> httpx.Response:
        after = int(request.url.params.get("after", "0"))
        assert request.url.params["limit"] == "2"
        body: dict[str, object] = {"results": [{"id": str(after)}, {"id": str(after + 1)}]}
        if after < 4:
            body["paging"] = {"next": {"after": str(after + 2), "link": "?after=x"}}
        return httpx.Response(200, json=body)

    client, _ = make_client(pages)
    ids = [r["id"] async for r in client.paginate("GET", "/crm/v3/objects/contacts", limit=2)]
    assert ids == ["0", "1", "2", "3", "4", "5"]


async def test_paginate_search_follows_after_in_body() -> None:
    seen: list[dict[str, object]] = []

    def search(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append(body)
        after = int(body.get("after", "0"))
        page: dict[str, object] = {"total": 3, "results": [{"id": str(after)}]}
        if after < 2:
            page["paging"] = {"next": {"after": str(after + 1)}}
        return httpx.Response(200, json=page)

    client, _ = make_client(search)
    query = {"filterGroups": [], "properties": ["email"]}
    ids = [
        r["id"]
        async for r in client.paginate(
            "POST", "/crm/v3/objects/contacts/search", json=query, limit=1
        )
    ]
    assert ids == ["0", "1", "2"]
    assert [b.get("after") for b in seen] == [None, "1", "2"]
    assert all(b["properties"] == ["email"] and b["limit"] == 1 for b in seen)
    assert "after" not in query  # the caller's body is not mutated


async def test_paginate_refuses_a_repeating_cursor() -> None:
    def loop(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"results": [1], "paging": {"next": {"after": "5"}}})

    client, _ = make_client(loop)
    with pytest.raises(HubSpotError, match="repeated"):
        _ = [r async for r in client.paginate("GET", "/crm/v3/owners")]


# -- pacing ---------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    limit=st.integers(min_value=1, max_value=8),
    gaps=st.lists(st.floats(min_value=0, max_value=3), min_size=1, max_size=40),
)
def test_sliding_window_never_exceeds_its_limit(limit: int, gaps: list[float]) -> None:
    fake = FakeTime()
    window = SlidingWindow(limit, 10.0, clock=fake.clock, sleep=fake.sleep)
    stamps: list[float] = []

    async def run() -> None:
        for gap in gaps:
            fake.now += gap
            await window.acquire()
            stamps.append(fake.now)

    asyncio.run(run())
    for i, start in enumerate(stamps):
        in_window = [t for t in stamps[i:] if t - start < 10.0 - 1e-6]
        assert len(in_window) <= limit


async def test_rate_limiter_paces_searches_and_bursts_concurrently() -> None:
    fake = FakeTime()
    limiter = RateLimiter(20, 5, slack=0.0, clock=fake.clock, sleep=fake.sleep)
    stamps: list[float] = []

    async def one(search: bool) -> None:
        await limiter.acquire(search=search)
        stamps.append(fake.now)

    await asyncio.gather(*(one(True) for _ in range(12)))
    # 5 per second: the 6th search waits a second, the 11th two.
    assert sorted(stamps) == [1000.0] * 5 + [1001.0] * 5 + [1002.0] * 2
    stamps.clear()
    await asyncio.gather(*(one(False) for _ in range(25)))
    # Searches are exempt from the 10-second budget (the spec's x-hubspot-rate-limit-exemptions):
    # 20 other requests go at once, the next 5 ten seconds later.
    assert sorted(stamps) == [1002.0] * 20 + [pytest.approx(1012.0)] * 5
    assert limiter.waited > 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
error_keys = st.sampled_from(
    ["message", "category", "correlationId", "errors", "context", "policyName", "subCategory",
     "error", "error_description", "status", "errorType"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(
    status=st.integers(min_value=400, max_value=599),
    body=st.one_of(json_values, st.dictionaries(error_keys, json_values, max_size=6)),
)
def test_any_error_body_becomes_a_typed_error(status: int, body: object) -> None:
    error = error_from_response(status, body, method="GET", path="/x")
    assert isinstance(error, error_class_for(status))
    assert error.status == status
    assert isinstance(str(error), str) and isinstance(repr(error), str)
    assert error.message
    assert error.category is None or isinstance(error.category, str)
    assert error.correlation_id is None or isinstance(error.correlation_id, str)
    if isinstance(error, MissingScopesError):
        assert all(isinstance(s, str) for s in error.required_scopes)
    if isinstance(error, ConflictError):
        assert error.existing_id is None or error.existing_id.isdigit()
