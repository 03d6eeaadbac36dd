"""IBANs: country lengths and the ISO 13616 mod-97 check."""

from __future__ import annotations

# ISO 13616 registry lengths.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
    "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
    "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22,
    "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28, "TL": 23,
    "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}  # fmt: skip


def iban_ok(chars: str) -> bool:
    """``chars`` (upper-case letters and digits, no spaces) is a valid IBAN."""
    if len(chars) < 15 or IBAN_LENGTHS.get(chars[:2]) != len(chars):
        return False
    if not (chars[2:4].isdigit() and chars.isalnum() and chars.isascii()):
        return False
    rearranged = chars[4:] + chars[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def iban_at(chars: str, i: int) -> int:
    """Length of a valid IBAN starting at ``chars[i]``, or 0."""
    length = IBAN_LENGTHS.get(chars[i : i + 2])
    if length is None or i + length > len(chars):
        return 0
    return length if iban_ok(chars[i : i + length]) else 0


def iban_shaped(chars: str) -> bool:
    """Looks like an IBAN even if its check digits are wrong (country, 2 digits, 10+ more)."""
    return len(chars) >= 14 and chars[:2].isalpha() and chars[2:4].isdigit()
