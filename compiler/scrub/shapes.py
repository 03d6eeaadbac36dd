"""Ordinary numbers recognised by their written shape: prices, times, dates, phone numbers.

Their digits are kept out of card-number runs (a price next to a card number must not be
joined to it), though a date-shaped expiry can still be removed when a cue says so.
"""

from __future__ import annotations

import re
from collections.abc import Container

import phonenumbers

# Not glued to more digits on either side (a piece of "4111.1111.1111.1111" is not a price).
_B = r"(?<![\d])(?<!\d[ .\-/,])(?<!\d[ .\-/,]\s)"
_E = r"(?![\d])(?![ .\-/]\s?\d)"

_GLUED = r"(?<![\d/.\-])(?<!\d[/.\-])"  # not glued to more digits
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DIGIT = re.compile(r"\d")
_UNITS = "|".join(
    (
        "kg", "kgs", "mg", "lb", "lbs", "oz", "ml", "cl", "dl", "litres?", "liters?", "gallons?",
        "cm", "mm", "km", "metres?", "meters?", "inch(?:es)?", "feet", "miles?", "kwh", "kw",
        "gb", "mb", "tb", "pcs", "pieces?", "units?", "boxes", "box", "packs?", "packets?",
        "bottles?", "cans?", "bags?", "cartons?", "pallets?", "rolls?", "sheets?", "pairs?",
        "sets?", "dozen", "items?", "tickets?", "nights?", "people", "guests?", "adults?",
        "children", "kids", "%", "percent", "degrees", "calories", "kcal", "points", "minutes",
        "mins", "hours", "hrs", "days", "weeks", "months", "years",
    )
)  # fmt: skip
_STREETS = (
    "St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Way|Ct|Court|Pl|Place|"
    "Terrace|Pkwy|Parkway|Hwy|Highway|Circle|Square|Crescent|Close|Row|Alley"
)
_LONG_STREETS = "street|avenue|road|boulevard|lane|drive|parkway|highway"
_SHAPES = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            # prices: $1,299.99  €49  1,299.99  49.95  12 dollars
            _B + r"[$€£¥₹]\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?" + _E,
            _B + r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?" + _E,
            _B + r"\d{1,6}\.\d{2}" + _E,
            _B + r"\d+(?:\.\d{1,2})?\s?(?:€|USD|EUR|GBP|dollars|euros|pounds|bucks|cents)\b",
            # times: 10:30, 10:30:15, 4pm, 4 p.m.
            _B + r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[aApP]\.?[mM]\.?)?" + _E,
            _B + r"\d{1,2}\s?[aApP]\.?[mM]\b\.?",
            # dates: 2026-11-28, 28.11.2026, 11/28/2026, 10/31, 3rd
            # (a whole date may follow another number: "DL 402 2026-08-14")
            _GLUED + r"(?:19|20)\d{2}-\d{1,2}-\d{1,2}" + _E,
            _B + r"\d{4}-\d{1,2}-\d{1,2}" + _E,
            _GLUED + r"\d{1,2}(?P<sep>[/.\-])\d{1,2}(?P=sep)(?:19|20)\d{2}" + _E,
            _B + r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}" + _E,
            # a day and month may follow another number ("UA 917 12/08"), not be glued to one
            r"(?<![\d/.\-])(?<!\d[/.\-])\d{1,2}/\d{1,2}" + _E,
            # year and month: 2026-08, 2026/08
            _B + r"(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])" + _E,
            # coordinates: 40°42'46"N, 40.7128, -74.0060, 51.5074°
            _B + r"\d{1,3}°\s?\d{1,2}['′]\s?(?:\d{1,2}(?:\.\d+)?[\"″]?)?\s?[NSEWnsew]?",
            r"(?<![\d./])(?<!\d[.\-/])\d{1,3}\.\d{3,8}°?" + _E,
            _B + r"\d{1,2}(?:st|nd|rd|th)\b",
            # dates with a month name: March 3rd 1980, 3 March 1980, March 3, 2026
            r"\b" + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b",
            r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+\d{4}\b",
            # quantities with a unit: 1200 kg, 250 ml, 4000 boxes; short units glued: 500g, 1.5l
            _B + r"\d+(?:[.,]\d+)?\s?(?i:" + _UNITS + r")\b",
            _B + r"\d{1,4}(?:[.,]\d+)?(?:g|l|m|k)\b",
            # a house number before its street: 1111 Main St, 2200 Oak Avenue
            r"(?<![\d\-/.])\d{1,6}\s+(?:[A-Z][A-Za-z]+\.?\s+){1,3}(?:" + _STREETS + r")\b",
            r"(?<![\d\-/.])\d{1,6}\s+(?:[A-Za-z]+\s+){1,3}(?i:" + _LONG_STREETS + r")\b",
            # ZIP+4
            _B + r"\d{5}-\d{4}" + _E,
        )
    )
)
_PHONES = re.compile(
    "|".join(
        f"(?:{p})"
        for p in (
            # North American phones: (415) 555-2671, 415-555-2671, 1 415 555 2671
            _B + r"(?:1[\s.\-])?\(?\d{3}\)?[\s.\-]?\d{3}[\s.\-]\d{4}" + _E,
            # national numbers with a trunk 0: 020 7946 0958, 0113 496 0000, 07700 900123,
            # 030 901820
            _B + r"0\d{2}[\s\-]\d{4}[\s\-]\d{4}" + _E,
            _B + r"0\d{3}[\s\-]\d{3}[\s\-]\d{4}" + _E,
            _B + r"0\d{2,4}[\s\-]\d{5,8}" + _E,
        )
    )
)
# International numbers start with + or 00; phonenumbers decides whether they are phones.
_INTERNATIONAL = re.compile(
    r"(?<![\w+])(?<!\d[ .\-/])(?:\+|00)\s?\d{1,3}(?:[\s.\-]?\(?\d{1,5}\)?){1,6}" + r"(?![\d])"
)


def ordinary_spans(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character spans in ``text`` of prices, times and dates, and (apart) of phone numbers.

    Phone shapes are apart because identifiers often share them: after "NHS number" or "SIN",
    "943 476 5919" is an identifier, not a phone.
    """
    if _DIGIT.search(text) is None:
        return [], []  # every shape holds a digit; most turns have none
    spans = [(m.start(), m.end()) for m in _SHAPES.finditer(text)]
    phones = [(m.start(), m.end()) for m in _PHONES.finditer(text)]
    for m in _INTERNATIONAL.finditer(text):
        raw = m.group()
        number = "+" + raw[2:] if raw.startswith("00") else raw
        try:
            parsed = phonenumbers.parse(number, None)
        except phonenumbers.NumberParseException:
            continue
        # "00" also starts plenty of digit strings that are not phone numbers: ask for more.
        check = (
            phonenumbers.is_valid_number
            if raw.startswith("00")
            else phonenumbers.is_possible_number
        )
        if check(parsed):
            phones.append((m.start(), m.end()))
    return spans, phones


# A reference that starts with letters: INV-2026-00123, INV/2026/00458, TCK-2026-4412, LH454,
# "UA 917". Card and ID cue words ("CVV 123", "SSN 123…") are not such prefixes.
_REFERENCE = re.compile(
    r"(?<![\w\-/])(?P<prefix>[A-Z]{2,5})(?:[\-/#]?\d[\dA-Z]*(?:[\-/][\dA-Z]+)*|\s\d{1,4}\b)"
)


def reference_spans(text: str, cue_words: Container[str]) -> list[tuple[int, int]]:
    """Character spans of references that start with capital letters (an invoice, a ticket,
    a flight), except those whose letters are a cue word such as "SSN" or "CVV"."""
    if _DIGIT.search(text) is None:
        return []
    return [
        (m.start(), m.end())
        for m in _REFERENCE.finditer(text)
        if m.group("prefix").lower() not in cue_words
    ]
