"""Ordinary numbers recognised by their written shape: prices, times, dates, phone numbers.

Their digits are kept out of card-number runs (a price next to a card number must not be
joined to it), though a date-shaped expiry can still be removed when a cue says so.
"""

from __future__ import annotations

import re

import phonenumbers

# Not glued to more digits on either side (a piece of "4111.1111.1111.1111" is not a price).
_B = r"(?<![\d])(?<!\d[ .\-/,])"
_E = r"(?![\d])(?![ .\-/]\d)"

_SHAPES = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            # prices: $1,299.99  €49  1,299.99  49.95  12 dollars
            _B + r"[$€£¥₹]\s?\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?" + _E,
            _B + r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?" + _E,
            _B + r"\d{1,6}\.\d{2}" + _E,
            _B + r"\d+(?:\.\d{1,2})?\s?(?:€|USD|EUR|GBP|dollars|euros|pounds|bucks|cents)\b",
            # times: 10:30, 10:30:15, 4pm, 4 p.m.
            _B + r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[aApP]\.?[mM]\.?)?" + _E,
            _B + r"\d{1,2}\s?[aApP]\.?[mM]\b\.?",
            # dates: 2026-11-28, 28.11.2026, 11/28/2026, 10/31, 3rd
            _B + r"\d{4}-\d{1,2}-\d{1,2}" + _E,
            _B + r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}" + _E,
            _B + r"\d{1,2}/\d{1,2}" + _E,
            _B + r"\d{1,2}(?:st|nd|rd|th)\b",
            # ZIP+4
            _B + r"\d{5}-\d{4}" + _E,
            # North American phones: (415) 555-2671, 415-555-2671, 1 415 555 2671
            _B + r"(?:1[\s.\-])?\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]\d{4}" + _E,
            # national numbers with a trunk 0: 020 7946 0958, 07700 900123, 030 901820
            _B + r"0\d{2,4}[\s\-]\d{3,4}(?:[\s\-]?\d{3,4})?" + _E,
        )
    )
)
# International numbers start with + or 00; phonenumbers decides whether they are phones.
_INTERNATIONAL = re.compile(
    r"(?<![\w+])(?:\+|00)\s?\d{1,3}(?:[\s.\-]?\(?\d{1,5}\)?){1,6}" + r"(?![\d])"
)


def ordinary_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of prices, times, dates and phone numbers in ``text``."""
    spans = [(m.start(), m.end()) for m in _SHAPES.finditer(text)]
    for m in _INTERNATIONAL.finditer(text):
        raw = m.group()
        number = "+" + raw[2:] if raw.startswith("00") else raw
        try:
            parsed = phonenumbers.parse(number, None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(parsed):
            spans.append((m.start(), m.end()))
    return spans
