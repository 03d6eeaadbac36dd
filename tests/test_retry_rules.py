"""One rule for "may trying again help?": the client's immediate retries, the runtime's
``retryable`` and the writeback drain's item decisions all follow ``hubspot.retry.classify``."""

from __future__ import annotations

import pytest

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
from compiler.hubspot.retry import Outcome, RetryPolicy, classify
from compiler.runtime.errors import UnexpectedAnswer, explain
from compiler.writeback.retry import aborts, permanent

CASES: list[tuple[HubSpotError, Outcome]] = [
    (TransportError("reset"), Outcome.TRANSIENT),
    (AmbiguousWriteError("timeout after sending"), Outcome.AMBIGUOUS),
    (RateLimitError("burst", status=429, policy_name="TEN_SECONDLY_ROLLING"), Outcome.TRANSIENT),
    (RateLimitError("secondly", status=429, policy_name="SECONDLY"), Outcome.TRANSIENT),
    (RateLimitError("daily", status=429, policy_name="DAILY"), Outcome.CONNECTION),
    (LockedError("locked", status=423), Outcome.TRANSIENT),
    (HubSpotError("migrating", status=477), Outcome.TRANSIENT),
    (ServerError("bad gateway", status=502), Outcome.TRANSIENT),
    (ServerError("origin unreachable", status=523), Outcome.TRANSIENT),
    (ServerError("not implemented", status=501), Outcome.UNKNOWN),
    (AuthenticationError("bad token", status=401), Outcome.CONNECTION),
    (TokenRefreshError("invalid_grant", status=400), Outcome.CONNECTION),
    (MissingScopesError("scopes", status=403), Outcome.CONNECTION),
    (NotFoundError("gone", status=404), Outcome.NOT_FOUND),
    (ValidationError("bad", status=400), Outcome.REFUSED),
    (ConflictError("exists", status=409), Outcome.REFUSED),
    (HubSpotError("too large", status=413), Outcome.REFUSED),
    (HubSpotError("teapot", status=418), Outcome.UNKNOWN),
]


@pytest.mark.parametrize(("error", "outcome"), CASES, ids=[repr(c[0]) for c in CASES])
def test_every_consumer_follows_the_one_classification(
    error: HubSpotError, outcome: Outcome
) -> None:
    assert classify(error) is outcome
    transient = outcome is Outcome.TRANSIENT
    # The client repeats at once exactly what is transient...
    assert (RetryPolicy().delay_for(error, 1) is not None) is transient
    # ...the runtime tells the agent that trying again may help for the same errors...
    assert explain(error)[1] is transient
    # ...and the drain stops on a refused connection and fails an item on refused input.
    assert aborts(error) is (outcome is Outcome.CONNECTION)
    assert permanent(error) is (outcome is Outcome.REFUSED)


def test_the_daily_limit_is_not_worth_retrying_today() -> None:
    daily = RateLimitError("daily", status=429, policy_name="DAILY", retry_after=5.0)
    reason, retryable = explain(daily)
    assert not retryable and "daily request limit" in reason


def test_an_unexpected_answer_is_never_retryable() -> None:
    assert explain(UnexpectedAnswer("wrong shape", status=200)) == (
        "HubSpot's answer was not in the expected shape; the result is unknown",
        False,
    )
