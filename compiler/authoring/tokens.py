"""A goal as tokens: words (with their normalised forms), numbers, dates and quoted strings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from compiler.authoring.vocab import singular

TokKind = Literal["word", "number", "date", "quote"]

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for m in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.I
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I
)

_TOKEN = re.compile(
    r'"(?P<dq>[^"]*)"'
    r"|“(?P<cq>[^”]*)”"
    r"|(?<![A-Za-z0-9])'(?P<sq>[^']+)'(?![A-Za-z0-9])"
    r"|(?P<date>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)"
    r"|(?P<num>[$£€]?\d+(?:,\d{3})*(?:\.\d+)?(?:%|k\b)?)"
    r"|(?P<word>[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9]+)*(?:'s|s'|’s)?)"
)


@dataclass(frozen=True, slots=True)
class Tok:
    kind: TokKind
    text: str  # as written (a number without its currency sign and separators)
    low: str  # lower case, possessive removed
    sing: str  # singular of ``low``
    start: int
    end: int
    possessive: bool = False
    money: bool = False

    @property
    def capitalised(self) -> bool:
        return self.kind == "word" and self.text[:1].isupper()


def _iso_dates(text: str) -> str:
    def dmy(m: re.Match[str]) -> str:
        day, month, year = int(m.group(1)), _MONTHS[m.group(2).lower()], m.group(3)
        return f"{year}-{month:02d}-{day:02d}"

    def mdy(m: re.Match[str]) -> str:
        month, day, year = _MONTHS[m.group(1).lower()], int(m.group(2)), m.group(3)
        return f"{year}-{month:02d}-{day:02d}"

    return _MONTH_DAY_YEAR.sub(mdy, _DAY_MONTH_YEAR.sub(dmy, text))


_FIRST_AND_LAST = re.compile(r"\bfirst and last names?\b", re.I)


def tokenize(goal: str) -> list[Tok]:
    text = _FIRST_AND_LAST.sub("first name and last name", _iso_dates(goal))
    out: list[Tok] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("dq", "cq", "sq"):
            raw = m.group(kind or "dq")
            out.append(Tok("quote", raw, raw.lower(), raw.lower(), m.start(), m.end()))
        elif kind == "date":
            raw = m.group("date").replace(" ", "T")
            out.append(Tok("date", raw, raw, raw, m.start(), m.end()))
        elif kind == "num":
            raw = m.group("num")
            money = raw[0] in "$£€"
            digits = raw.lstrip("$£€").replace(",", "")
            if digits.endswith("%"):
                digits = digits[:-1]
            elif digits.endswith("k"):
                digits = str(int(float(digits[:-1]) * 1000))
            out.append(Tok("number", digits, digits, digits, m.start(), m.end(), money=money))
        else:
            raw = m.group("word")
            low = raw.lower().replace("’", "'")
            possessive = low.endswith(("'s", "s'"))
            if low.endswith("'s"):
                low = low[:-2]
            elif low.endswith("s'"):
                low = low[:-1]
            base = low.replace("-", " ") if "-" in low and low not in ("e-mail",) else low
            out.append(
                Tok("word", raw, base, singular(base), m.start(), m.end(), possessive=possessive)
            )
    return out
