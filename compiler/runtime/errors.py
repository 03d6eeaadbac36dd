"""HubSpot errors in plain words, for an agent to act on (and say, if it must)."""

from __future__ import annotations

from compiler.hubspot import errors as hs
from compiler.hubspot.retry import Outcome, classify, is_daily_limit


class UnexpectedAnswer(hs.HubSpotError):
    """HubSpot (or the server posing as it) answered 2xx with a body of the wrong shape."""


def explain(exc: hs.HubSpotError) -> tuple[str, bool]:
    """(plain-language reason, whether trying again later may help: the client's rule, see
    ``compiler.hubspot.retry.classify``)."""
    retryable = not isinstance(exc, UnexpectedAnswer) and classify(exc) is Outcome.TRANSIENT
    return _reason(exc), retryable


def _reason(exc: hs.HubSpotError) -> str:
    if isinstance(exc, UnexpectedAnswer):
        return "HubSpot's answer was not in the expected shape; the result is unknown"
    if isinstance(exc, hs.AmbiguousWriteError):
        return (
            "HubSpot did not say whether the record was saved, and it could not be confirmed; "
            "do not try again before checking the CRM"
        )
    if isinstance(exc, hs.TransportError):
        return "HubSpot could not be reached (network problem or timeout); try again shortly"
    if isinstance(exc, hs.TokenRefreshError):
        return "the HubSpot connection could not be renewed; the account must be reconnected"
    if isinstance(exc, hs.AuthenticationError):
        if exc.expired:
            return "the HubSpot connection's access has expired; reconnect the account"
        return "HubSpot refused the connection's credentials; reconnect the account"
    if isinstance(exc, hs.MissingScopesError):
        scopes = ", ".join(exc.required_scopes)
        detail = f" (missing: {scopes})" if scopes else ""
        return f"the HubSpot connection is not allowed to do this{detail}"
    if isinstance(exc, hs.ConflictError):
        existing = exc.existing_id
        where = f" (record {existing})" if existing else ""
        return f"HubSpot already has a record with this unique value{where}"
    if isinstance(exc, hs.ValidationError):
        return f"HubSpot rejected the values: {_first_detail(exc)}"
    if isinstance(exc, hs.LockedError):
        return "the record is locked by another change in HubSpot; try again in a few seconds"
    if is_daily_limit(exc):
        return "the HubSpot account has used up its daily request limit; try again tomorrow"
    if isinstance(exc, hs.RateLimitError):
        return "HubSpot is limiting how fast requests may be sent; try again in a moment"
    if isinstance(exc, hs.ServerError):
        return "HubSpot had an internal problem; try again shortly"
    if isinstance(exc, hs.NotFoundError):
        return "HubSpot does not know this object or record"
    return f"HubSpot answered with an error: {exc.message[:200]}"


def _first_detail(exc: hs.HubSpotError) -> str:
    for item in exc.errors:
        if isinstance(item, dict) and isinstance(item.get("message"), str):
            return item["message"][:200]
    return exc.message[:200]
