"""The runtime's phone numbers: the one rule, in ``compiler/identity/phone.py``."""

from compiler.identity.phone import (
    PhoneError,
    e164_or_none,
    last_four_token,
    national_digits,
    parse_phone,
    to_e164,
)

__all__ = [
    "PhoneError",
    "e164_or_none",
    "last_four_token",
    "national_digits",
    "parse_phone",
    "to_e164",
]
