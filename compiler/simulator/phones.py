"""Phone standardisation as HubSpot does it into ``hs_searchable_calculated_*`` properties.

HubSpot keeps only the national significant number (area code + local number, digits only) in the
searchable twins; the country code is left out (FACTS.md §1). Numbers ``phonenumbers`` cannot parse
fall back to their digits without leading zeros (the observed ``"00004"`` -> ``"4"``).
"""

from __future__ import annotations

import re

import phonenumbers

from compiler.simulator.schema import PHONE_TWINS

_NON_DIGITS = re.compile(r"\D+")


def national_digits(raw: str, region: str) -> str:
    parsed = _parse(raw, region)
    if parsed is not None:
        return str(phonenumbers.national_significant_number(parsed))
    return _NON_DIGITS.sub("", raw).lstrip("0")


def _parse(raw: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return parsed


def phone_twins(prop: str, raw: str | None, region: str) -> dict[str, str | None]:
    """The calculated properties for a new value of ``phone`` or ``mobilephone``."""
    searchable, international, calculated, country = PHONE_TWINS[prop]
    out: dict[str, str | None] = {searchable: None, international: None, calculated: None}
    if country is not None:
        out[country] = None
    if not raw:
        return out
    parsed = _parse(raw, region)
    national = national_digits(raw, region)
    if not national:
        return out
    out[searchable] = national
    if parsed is not None:
        out[international] = f"{parsed.country_code}{national}"
        out[calculated] = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if country is not None:
            out[country] = phonenumbers.region_code_for_number(parsed) or region
    else:
        out[international] = national
        out[calculated] = national
    return out
