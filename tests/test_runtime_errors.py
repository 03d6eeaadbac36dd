"""Every HubSpot error class gets plain words and the right retry advice (issue 9, item 21:
compiler/runtime/errors.py was 59% covered)."""

from __future__ import annotations

import pytest

from compiler.hubspot import errors as hs
from compiler.hubspot.errors import error_from_response
from compiler.runtime.errors import UnexpectedAnswer, explain


@pytest.mark.parametrize(
    ("status", "body", "words", "retry"),
    [
        (400, {"message": "Property values were not valid", "category": "VALIDATION_ERROR",
               "errors": [{"message": 'Property "x" does not exist'}]},
         'HubSpot rejected the values: Property "x" does not exist', False),
        (400, {"message": "bad body", "category": "VALIDATION_ERROR", "errors": ["odd"]},
         "HubSpot rejected the values: bad body", False),
        (401, {"message": "expired", "category": "EXPIRED_AUTHENTICATION"},
         "access has expired; reconnect the account", False),
        (401, {"message": "nope", "category": "INVALID_AUTHENTICATION"},
         "refused the connection's credentials", False),
        (403, {"message": "missing scopes", "category": "MISSING_SCOPES",
               "errors": [{"context": {"requiredGranularScopes": ["crm.objects.deals.write"]}}]},
         "not allowed to do this (missing: crm.objects.deals.write)", False),
        (403, {"message": "forbidden"}, "not allowed to do this", False),
        (404, {"message": "not found"}, "does not know this object or record", False),
        (409, {"message": "Contact already exists. Existing ID: 512", "category": "CONFLICT"},
         "already has a record with this unique value (record 512)", False),
        (409, {"message": "conflict"}, "already has a record with this unique value", False),
        (423, {"message": "locked"}, "locked by another change", True),
        (429, {"message": "slow down", "policyName": "TEN_SECONDLY_ROLLING"},
         "limiting how fast", True),
        (502, None, "internal problem; try again shortly", True),
        (418, {"message": "I'm a teapot"}, "HubSpot answered with an error: I'm a teapot", False),
    ],
)  # fmt: skip
def test_http_errors_in_plain_words(status: int, body: object, words: str, retry: bool) -> None:
    reason, retryable = explain(error_from_response(status, body, method="POST", path="/x"))
    assert words in reason
    assert retryable is retry


@pytest.mark.parametrize(
    ("exc", "words", "retry"),
    [
        (UnexpectedAnswer("odd shape"), "not in the expected shape", False),
        (hs.AmbiguousWriteError("timeout"), "do not try again before checking the CRM", False),
        (hs.TransportError("refused"), "could not be reached", True),
        (hs.TokenRefreshError("invalid_grant", status=400), "could not be renewed", False),
    ],
)
def test_failures_without_a_usable_answer(exc: hs.HubSpotError, words: str, retry: bool) -> None:
    reason, retryable = explain(exc)
    assert words in reason and retryable is retry


def test_long_messages_are_cut() -> None:
    reason, _ = explain(error_from_response(418, {"message": "x" * 1000}))
    assert len(reason) < 260
    reason, _ = explain(error_from_response(400, {"errors": [{"message": "y" * 1000}]}))
    assert reason.endswith("y" * 200) and "y" * 201 not in reason
