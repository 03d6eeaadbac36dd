"""Phone numbers as the runtime compares them: E.164 via ``phonenumbers``, region from the artifact.

HubSpot keeps a calculated twin of each phone property (``hs_searchable_calculated_*``) holding the
national significant number, digits only; searching that finds every stored spelling, and
comparing E.164 forms afterwards keeps only the true matches.
"""

from __future__ import annotations

from functools import lru_cache

import phonenumbers


class PhoneError(ValueError):
    """The value is not a phone number (for the given default region)."""


def parse_phone(value: str, region: str) -> phonenumbers.PhoneNumber:
    if not isinstance(value, str) or not value.strip():
        raise PhoneError("is empty, expected a phone number")
    if len(value) > 64:
        raise PhoneError("is too long to be a phone number")
    try:
        number = phonenumbers.parse(value, region.upper() or None)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"is not a phone number ({exc._msg})") from None
    if not phonenumbers.is_possible_number(number):
        raise PhoneError("is not a possible phone number (wrong number of digits)")
    return number


# Parsing is the runtime's main CPU cost per call and the same few numbers recur (the caller's,
# the stored spellings of their record), so results are memoised.
@lru_cache(maxsize=4096)
def to_e164(value: str, region: str) -> str:
    return phonenumbers.format_number(
        parse_phone(value, region), phonenumbers.PhoneNumberFormat.E164
    )


def e164_or_none(value: str | None, region: str) -> str | None:
    """E.164 for a stored value, or None when it is not a usable number (never raises)."""
    if not isinstance(value, str):
        return None
    try:
        return to_e164(value, region)
    except PhoneError:
        return None


@lru_cache(maxsize=4096)
def national_digits(value: str, region: str) -> str:
    """The national significant number: what HubSpot stores in ``hs_searchable_calculated_*``."""
    return phonenumbers.national_significant_number(parse_phone(value, region))


def last_four_token(value: str, region: str) -> str:
    """``*`` + the last four digits, for ``CONTAINS_TOKEN`` on a phone with no searchable twin."""
    return "*" + national_digits(value, region)[-4:]
