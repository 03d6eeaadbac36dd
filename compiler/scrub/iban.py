"""IBANs, as python-stdnum knows them: every country in its registry copy, its BBAN structure
and the ISO 13616 mod-97 check. Only the lengths are derived here, to find an IBAN inside a
longer stream of letters and digits."""

from __future__ import annotations

import re

from stdnum import iban as _stdnum_iban
from stdnum import numdb

_LENGTH_PART = re.compile(r"(\d+)!?[nac]")


def _lengths() -> dict[str, int]:
    lengths: dict[str, int] = {}
    for _, low, _high, props, _children in numdb.get("iban").prefixes:
        bban = props.get("bban")
        if bban and len(low) == 2 and low.isalpha():
            lengths[low] = 4 + sum(int(n) for n in _LENGTH_PART.findall(bban))
    return lengths


IBAN_LENGTHS = _lengths()
"""Country code → IBAN length, for every country python-stdnum's IBAN registry lists."""


def _valid(chars: str) -> bool:
    # The country-specific checks (national check digits inside some BBANs) are left out: a
    # mistyped national check digit still leaves a person's bank account in the text.
    return bool(_stdnum_iban.is_valid(chars, check_country=False))


def iban_ok(chars: str) -> bool:
    """``chars`` (upper-case letters and digits, no spaces) is a valid IBAN."""
    if IBAN_LENGTHS.get(chars[:2]) != len(chars):
        return False
    if not (chars[2:4].isdigit() and chars.isalnum() and chars.isascii()):
        return False
    return _valid(chars)


def iban_at(chars: str, i: int) -> int:
    """Length of a valid IBAN starting at ``chars[i]``, or 0."""
    length = IBAN_LENGTHS.get(chars[i : i + 2])
    if length is None or i + length > len(chars):
        return 0
    return length if iban_ok(chars[i : i + length]) else 0


def iban_shaped(chars: str) -> bool:
    """Looks like an IBAN even if its check digits are wrong (country, 2 digits, 10+ more)."""
    return len(chars) >= 14 and chars[:2].isalpha() and chars[2:4].isdigit()
