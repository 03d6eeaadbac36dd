"""HubSpot client: which failures are retried, how long it waits, and when it gives up."""

from __future__ import annotations

import httpx
import pytest
from client_fixtures import FakeTime, Script, hubspot_error, make_client, rate_limited

from compiler.hubspot import (
    AmbiguousWriteError,
    HubSpotClient,
    LockedError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    TransportError,
    ValidationError,
    is_idempotent,
)
from compiler.hubspot.retry import parse_retry_after

pytestmark = pytest.mark.anyio

CONTACTS = "/crm/v3/objects/contacts"


async def test_ten_secondly_429_is_retried_with_growing_waits_toward_the_window() -> None:
    script = Script(*[rate_limited("TEN_SECONDLY_ROLLING") for _ in range(4)])
    client, fake = make_client(script, retry=None)
    fake_policy = RetryPolicy(sleep=fake.sleep, rand=lambda: 0.0, max_attempts=6)
    client.retry = fake_policy
    assert await client.request("GET", CONTACTS) == {"ok": True}
    assert len(script.requests) == 5
    assert fake.sleeps == [1.0, 2.0, 4.0, 8.0]
    # The cap is the 10-s window.
    assert fake_policy.delay_for(_rate_error("TEN_SECONDLY_ROLLING"), 9) == 10.0


def _rate_error(policy: str) -> RateLimitError:
    return RateLimitError("limit", status=429, policy_name=policy)


async def test_secondly_429_waits_about_a_second() -> None:
    script = Script(rate_limited("SECONDLY"), rate_limited("SECONDLY"))
    client, fake = make_client(script)
    await client.request("POST", f"{CONTACTS}/search", json={})
    assert len(fake.sleeps) == 2
    assert all(1.0 <= s <= 1.2 for s in fake.sleeps)


async def test_daily_429_is_not_retried() -> None:
    script = Script(rate_limited("DAILY"))
    client, fake = make_client(script)
    with pytest.raises(RateLimitError) as info:
        await client.request("GET", CONTACTS)
    assert info.value.policy_name == "DAILY"
    assert info.value.correlation_id == "5a5a5a5a"
    assert len(script.requests) == 1
    assert fake.sleeps == []


async def test_daily_429_is_final_even_with_retry_after_and_on_a_create() -> None:
    script = Script(rate_limited("DAILY", headers={"Retry-After": "1"}))
    client, fake = make_client(script)
    with pytest.raises(RateLimitError) as info:
        await client.request("POST", CONTACTS, json={"properties": {}})
    assert info.value.policy_name == "DAILY" and not isinstance(info.value, AmbiguousWriteError)
    assert len(script.requests) == 1 and fake.sleeps == []


async def test_secondly_limit_known_by_its_message_and_a_bare_429_by_the_window() -> None:
    secondly = httpx.Response(
        429, json={"status": "error", "message": "You have reached your secondly limit."}
    )
    bare = httpx.Response(429, text="Too Many Requests")
    script = Script(secondly, bare)
    client, fake = make_client(script, retry=None)
    client.retry = RetryPolicy(sleep=fake.sleep, rand=lambda: 0.0)
    assert await client.request("POST", f"{CONTACTS}/search", json={}) == {"ok": True}
    # The secondly wait (1 s), then the 10-s window's exponential wait at attempt 2 (2 s).
    assert fake.sleeps == [1.0, 2.0]
    assert client.status_counts == {429: 2, 200: 1}


async def test_retry_after_header_is_honoured() -> None:
    script = Script(rate_limited("TEN_SECONDLY_ROLLING", headers={"Retry-After": "3"}))
    client, fake = make_client(script)
    await client.request("GET", CONTACTS)
    assert fake.sleeps == [3.0]


async def test_retry_after_beyond_budget_raises_at_once() -> None:
    script = Script(rate_limited("TEN_SECONDLY_ROLLING", headers={"Retry-After": "3600"}))
    client, fake = make_client(script)
    with pytest.raises(RateLimitError):
        await client.request("GET", CONTACTS)
    assert fake.sleeps == []


async def test_locked_423_waits_at_least_two_seconds() -> None:
    script = Script(hubspot_error(423, "LOCKED", "record locked"))
    client, fake = make_client(script, retry=None)
    client.retry = RetryPolicy(sleep=fake.sleep, rand=lambda: 0.0)
    await client.request("PATCH", f"{CONTACTS}/1", json={"properties": {}})
    assert fake.sleeps == [2.0]


@pytest.mark.parametrize("status", [500, 502, 503, 504, 521, 523, 524])
async def test_5xx_on_reads_is_retried(status: int) -> None:
    script = Script(httpx.Response(status, text="<html>bad gateway</html>"))
    client, fake = make_client(script)
    assert await client.request("GET", CONTACTS) == {"ok": True}
    assert len(script.requests) == 2
    assert len(fake.sleeps) == 1 and fake.sleeps[0] >= 0.25


async def test_attempt_budget_bounds_retries() -> None:
    script = Script(default=lambda r: httpx.Response(503, json={"message": "unavailable"}))
    client, fake = make_client(script, retry=None)
    client.retry = RetryPolicy(sleep=fake.sleep, max_attempts=3)
    with pytest.raises(ServerError) as info:
        await client.request("GET", CONTACTS)
    assert info.value.status == 503
    assert len(script.requests) == 3
    assert len(fake.sleeps) == 2


async def test_sleep_budget_bounds_retries() -> None:
    script = Script(default=lambda r: rate_limited("TEN_SECONDLY_ROLLING"))
    client, fake = make_client(script, retry=None)
    client.retry = RetryPolicy(
        sleep=fake.sleep, rand=lambda: 0.0, max_attempts=100, max_total_sleep=7.5
    )
    with pytest.raises(RateLimitError):
        await client.request("GET", CONTACTS)
    assert fake.sleeps == [1.0, 2.0, 4.0]  # 8.0 more would pass 7.5 s in total
    assert sum(fake.sleeps) <= 7.5


async def test_jitter_only_lengthens_waits() -> None:
    error = _rate_error("SECONDLY")
    waits = [RetryPolicy(rand=lambda r=r: r).delay_for(error, 1) for r in (0.0, 1.0)]
    assert waits == [1.0, 1.2]


async def test_client_errors_are_not_retried() -> None:
    script = Script(hubspot_error(400, "VALIDATION_ERROR", "Property values were not valid"))
    client, fake = make_client(script)
    with pytest.raises(ValidationError):
        await client.request("GET", CONTACTS)
    assert len(script.requests) == 1 and fake.sleeps == []


async def test_read_timeouts_on_reads_are_retried_then_raised() -> None:
    script = Script(default=lambda r: (_ for _ in ()).throw(httpx.ReadTimeout("slow")))
    client, fake = make_client(script, retry=None)
    client.retry = RetryPolicy(sleep=fake.sleep, max_attempts=4)
    with pytest.raises(TransportError) as info:
        await client.request("POST", f"{CONTACTS}/search", json={})
    assert not isinstance(info.value, AmbiguousWriteError)
    assert info.value.status is None
    assert len(script.requests) == 4


# -- creates: retried only when the response proves nothing was written ------------------------


async def test_create_timeout_is_ambiguous_and_not_repeated() -> None:
    script = Script(httpx.ReadTimeout("no answer"))
    client, fake = make_client(script)
    with pytest.raises(AmbiguousWriteError) as info:
        await client.request("POST", CONTACTS, json={"properties": {"email": "a@b.example"}})
    assert len(script.requests) == 1
    assert info.value.status is None and fake.sleeps == []


@pytest.mark.parametrize("status", [500, 502, 503, 504, 524])
async def test_create_5xx_is_ambiguous_and_keeps_correlation_id(status: int) -> None:
    script = Script(hubspot_error(status, "INTERNAL_ERROR", "oops", correlation_id="abc-123"))
    client, _ = make_client(script)
    with pytest.raises(AmbiguousWriteError) as info:
        await client.request("POST", "/crm/v3/objects/tickets", json={"properties": {}})
    assert len(script.requests) == 1
    assert info.value.status == status
    assert info.value.correlation_id == "abc-123"


@pytest.mark.parametrize(
    "first",
    [
        rate_limited("TEN_SECONDLY_ROLLING"),
        hubspot_error(423, "LOCKED", "locked"),
        httpx.Response(521, text="origin down"),
        httpx.Response(523, text="origin unreachable"),
        httpx.ConnectError("refused"),
    ],
    ids=["429", "423", "521", "523", "connect-refused"],
)
async def test_create_is_retried_when_nothing_was_done(first: httpx.Response | Exception) -> None:
    created = httpx.Response(201, json={"id": "77", "properties": {}})
    script = Script(first, created)
    client, _ = make_client(script)
    answer = await client.request("POST", CONTACTS, json={"properties": {}})
    assert answer["id"] == "77"
    assert len(script.requests) == 2


async def test_idempotent_override_retries_a_post() -> None:
    script = Script(httpx.Response(500, json={"message": "boom"}))
    client, _ = make_client(script)
    await client.request("POST", "/crm/v3/objects/contacts/merge", json={}, idempotent=True)
    assert len(script.requests) == 2


def test_idempotency_rules() -> None:
    assert is_idempotent("GET", CONTACTS)
    assert is_idempotent("patch", f"{CONTACTS}/1")
    assert is_idempotent("DELETE", f"{CONTACTS}/1")
    assert is_idempotent("PUT", "/crm/v4/objects/0-1/1/associations/default/0-2/2")
    assert is_idempotent("POST", f"{CONTACTS}/search")
    assert is_idempotent("POST", f"{CONTACTS}/batch/read?archived=false")
    assert not is_idempotent("POST", CONTACTS)
    assert is_idempotent("POST", f"{CONTACTS}/batch/upsert")
    assert is_idempotent("POST", f"{CONTACTS}/batch/update")
    assert not is_idempotent("POST", f"{CONTACTS}/batch/create")
    assert not is_idempotent("POST", f"{CONTACTS}/merge")
    assert not is_idempotent("POST", "/crm/v3/objects/notes")


def test_retry_after_parsing() -> None:
    assert parse_retry_after("2") == 2.0
    assert parse_retry_after("0.5") == 0.5
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    when = "Wed, 21 Oct 2015 07:28:05 GMT"
    assert parse_retry_after(when, now=1445412480.0) == pytest.approx(5.0)
    assert parse_retry_after(when, now=1445412490.0) == 0.0


async def test_locked_error_type_on_exhaustion() -> None:
    fake = FakeTime()
    script = Script(default=lambda r: hubspot_error(423, "LOCKED", "locked"))
    client, _ = make_client(script, retry=RetryPolicy(sleep=fake.sleep, max_attempts=2))
    with pytest.raises(LockedError):
        await client.request("DELETE", f"{CONTACTS}/5")
    assert len(script.requests) == 2


async def test_bad_base_url_fails_at_once() -> None:
    fake = FakeTime()
    client = HubSpotClient("ftp://api.test", "tok", retry=RetryPolicy(sleep=fake.sleep))
    with pytest.raises(TransportError) as info:
        await client.request("GET", CONTACTS)
    assert info.value.category == "BAD_URL" and fake.sleeps == []
    await client.aclose()
