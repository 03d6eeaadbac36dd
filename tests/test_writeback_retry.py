"""Backoff bounds and which HubSpot errors retry, kill an item, or stop the drain."""

from __future__ import annotations

from compiler.hubspot.errors import (
    AmbiguousWriteError,
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from compiler.writeback import Backoff
from compiler.writeback.retry import aborts, error_label, permanent


def test_backoff_is_jittered_exponential_and_capped() -> None:
    b = Backoff(base=2.0, cap=60.0)
    assert (b.delay(1, 0.0), b.delay(1, 1.0)) == (1.0, 2.0)
    assert (b.delay(3, 0.0), b.delay(3, 1.0)) == (4.0, 8.0)
    assert b.delay(20, 0.999) <= 60.0 and b.delay(20, 0.0) == 30.0  # never zero, never past cap


def test_error_kinds() -> None:
    daily = RateLimitError("daily", status=429, policy_name="DAILY")
    burst = RateLimitError("burst", status=429, policy_name="TEN_SECONDLY_ROLLING")
    assert aborts(AuthenticationError("x", status=401)) and aborts(daily)
    assert not aborts(burst) and not permanent(burst)
    assert permanent(ValidationError("x", status=400)) and permanent(ConflictError("x", status=409))
    assert not permanent(NotFoundError("x", status=404))  # retried within the bound
    assert not permanent(ServerError("x", status=503)) and not permanent(AmbiguousWriteError("x"))


def test_error_labels_carry_no_message() -> None:
    err = ValidationError("Property values were not valid: [card 4111...]", status=400,
                          category="VALIDATION_ERROR")  # fmt: skip
    assert error_label(err) == "ValidationError 400 VALIDATION_ERROR"
