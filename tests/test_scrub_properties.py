"""Property tests: generated cards in any spelling always go; ordinary numbers always stay."""

from __future__ import annotations

import random
import re

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum import numdb

from compiler.scrub import Turn, scrub, scrub_text
from compiler.scrub.iban import IBAN_LENGTHS
from tests.scrub_fixtures import join_groups, luhn_complete, six_runs, speak, spoken_digits

# (prefix chooser, lengths) per network: Visa, Mastercard 51-55 and 2221-2720, Amex, Discover.
_NETWORKS: list[tuple[st.SearchStrategy[str], list[int]]] = [
    (st.just("4"), [13, 16, 19]),
    (st.integers(51, 55).map(str), [16]),
    (st.integers(2221, 2720).map(str), [16]),
    (st.sampled_from(["34", "37"]), [15]),
    (st.sampled_from(["6011", "65", "644", "645", "649"]), [16, 19]),
]


@st.composite
def cards(draw: st.DrawFn) -> str:
    prefix_strategy, lengths = draw(st.sampled_from(_NETWORKS))
    prefix = draw(prefix_strategy)
    length = draw(st.sampled_from(lengths))
    body = draw(
        st.text("0123456789", min_size=length - 1 - len(prefix), max_size=length - 1 - len(prefix))
    )
    return luhn_complete(prefix + body)


def _written(number: str, rng: random.Random) -> list[str]:
    sep = rng.choice([" ", "-", ".", "/", "", "  "])
    sizes = [4] * 5 if rng.random() < 0.5 else [rng.randint(1, 6) for _ in range(19)]
    groups, i = [], 0
    for size in sizes:
        if i >= len(number):
            break
        groups.append(number[i : i + size])
        i += size
    if i < len(number):
        groups.append(number[i:])
    return [sep.join(groups)] if sep else ["".join(groups)]


_SENTENCES = [
    "{}",
    "sure, it's {} thanks",
    "ok here you go: {}",
    "the number is {}.",
    "yeah so {}",
    "{} — did you get that?",
    "Hi! {} 🙂",
    "uh, {}, yes",
]
_ACKS = ["okay", "mm-hm", "go on", "yep", "got it", "okay, go ahead"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(card=cards(), seed=st.integers(0, 2**32 - 1), spoken=st.booleans(), split=st.booleans())
def test_generated_cards_never_survive(card: str, seed: int, spoken: bool, split: bool) -> None:
    rng = random.Random(seed)
    groups = speak(card, rng) if spoken else _written(card, rng)
    template = rng.choice(_SENTENCES)
    if split and len(groups) >= 2:
        cut = rng.randint(1, len(groups) - 1)
        turns = [Turn("caller", template.format(join_groups(groups[:cut], rng)))]
        if rng.random() < 0.6:
            turns.append(Turn("agent", rng.choice(_ACKS)))
        turns.append(Turn("caller", join_groups(groups[cut:], rng)))
    elif split and not spoken and len(card) > 8:  # a written number cut in two messages
        cut = rng.randint(4, len(card) - 4)
        turns = [Turn("caller", template.format(card[:cut])), Turn("caller", card[cut:])]
    else:
        turns = [Turn("caller", template.format(join_groups(groups, rng)))]
    out = [t.text for t in scrub(turns).turns]
    left = spoken_digits(out)
    survivors = [run for run in six_runs(card) if run in left]
    assert not survivors, (turns, out)


# ---- ordinary numbers ------------------------------------------------------------------------

_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"]  # fmt: skip


@st.composite
def prices(draw: st.DrawFn) -> str:
    amount = draw(st.integers(0, 9_999_999))
    dollars, cents = divmod(amount, 100)
    symbol = draw(st.sampled_from(["$", "£", "€"]))
    style = draw(st.integers(0, 3))
    if style == 0:
        return f"{symbol}{dollars:,}.{cents:02d}"
    if style == 1:
        return f"{symbol}{dollars}"
    if style == 2:
        return f"{dollars}.{cents:02d} dollars"
    return f"{symbol}{dollars:,}"


@st.composite
def dates(draw: st.DrawFn) -> str:
    year = draw(st.integers(1950, 2060))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    style = draw(st.integers(0, 5))
    if style == 0:
        return f"{month}/{day}"
    if style == 1:
        return f"{month:02d}/{day:02d}/{year}"
    if style == 2:
        return f"{year}-{month:02d}-{day:02d}"
    if style == 3:
        return f"{day:02d}.{month:02d}.{year}"
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(day, "th")
    if style == 4:
        return f"{_MONTH_NAMES[month - 1]} {day}{suffix}"
    return f"{_MONTH_NAMES[month - 1]} {day}{suffix} {year}"


@st.composite
def times(draw: st.DrawFn) -> str:
    hour = draw(st.integers(0, 23))
    minute = draw(st.integers(0, 59))
    style = draw(st.integers(0, 2))
    if style == 0:
        return f"{hour}:{minute:02d}"
    if style == 1:
        return f"{hour % 12 or 12}:{minute:02d} {draw(st.sampled_from(['am', 'pm', 'a.m.', 'PM']))}"
    return f"{hour % 12 or 12}{draw(st.sampled_from(['am', 'pm']))}"


_REGIONS = ["US", "GB", "DE", "FR", "ES", "IT", "NL", "AU", "CA", "IE", "BR", "JP", "IN", "MX"]


@st.composite
def phones(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(_REGIONS))
    kind = draw(
        st.sampled_from(
            [phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE]
        )
    )
    example = phonenumbers.example_number_for_type(region, kind)
    assert example is not None
    national = str(example.national_number)
    tail = draw(st.text("0123456789", min_size=4, max_size=4))
    example.national_number = int(national[:-4] + tail)
    fmt = draw(
        st.sampled_from(
            [phonenumbers.PhoneNumberFormat.INTERNATIONAL, phonenumbers.PhoneNumberFormat.E164]
            + ([phonenumbers.PhoneNumberFormat.NATIONAL] if region in ("US", "CA", "GB") else [])
        )
    )
    return phonenumbers.format_number(example, fmt)


_ORDINARY_SENTENCES = [
    "The total is {} today.",
    "See you then, {} works.",
    "ok {}",
    "It was delivered on {}, thanks.",
    "Can you call me on {} please?",
    "{}",
]


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(prices(), dates(), times(), phones()),
    template=st.sampled_from(_ORDINARY_SENTENCES),
)
def test_ordinary_numbers_stay_verbatim(value: str, template: str) -> None:
    text = template.format(value)
    assert scrub_text(text) == text


@settings(max_examples=150, deadline=None)
@given(card=cards(), value=st.one_of(prices(), dates(), times(), phones()))
def test_ordinary_numbers_stay_beside_a_card(card: str, value: str) -> None:
    turns = [
        Turn("caller", f"my card number is {card}"),
        Turn("agent", f"Thanks, that's all set. For your records: {value}."),
    ]
    out = scrub(turns).turns
    assert card not in out[0].text
    assert value in out[1].text


@st.composite
def zip_codes(draw: st.DrawFn) -> str:
    zip5 = f"{draw(st.integers(0, 99_999)):05d}"
    style = draw(st.integers(0, 2))
    if style == 0:
        return f"ZIP {zip5}"
    if style == 1:
        return f"zip code {zip5}-{draw(st.integers(0, 9_999)):04d}"
    return f"my zip is {zip5}"


@st.composite
def quantities(draw: st.DrawFn) -> str:
    n = draw(st.integers(1, 100_000))
    unit = draw(st.sampled_from(["boxes", "items", "lbs", "bags", "units", "kg", "tablets"]))
    return f"{n:,} {unit}" if draw(st.booleans()) else f"{n} {unit}"


@st.composite
def references(draw: st.DrawFn) -> str:
    """Order, tracking, invoice ... numbers after their cue. A Luhn-valid card-shaped one is
    removed by policy (SCRUBBING.md: Luhn decides), so none is generated."""
    from compiler.scrub.cards import card_like

    digits = draw(st.text("0123456789", min_size=5, max_size=20).filter(lambda d: not card_like(d)))
    cue = draw(st.sampled_from([
        "order", "order number", "order #", "tracking number", "invoice", "reference",
        "confirmation number", "ticket", "claim number",
    ]))  # fmt: skip
    return f"{cue} {digits}"


@settings(max_examples=200, deadline=None)
@given(
    value=st.one_of(zip_codes(), quantities(), references()),
    template=st.sampled_from(["I need {} please.", "ok {}", "{}", "Thanks, {} is noted."]),
)
def test_zip_codes_quantities_and_references_stay_verbatim(value: str, template: str) -> None:
    text = template.format(value)
    assert scrub_text(text) == text


# ---- identifiers -------------------------------------------------------------------------------

_NATO = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
    "uniform", "victor", "whiskey", "xray", "yankee", "zulu",
], strict=True))  # fmt: skip
_DIGIT_NAMES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _bban_parts(country: str) -> list[tuple[int, str]]:
    """The BBAN structure python-stdnum's registry gives ``country``: (count, n/a/c) parts."""
    info = numdb.get("iban").info(country + "00")[0][1]
    return [(int(n), kind) for n, kind in re.findall(r"(\d+)!([nac])", info["bban"])]


_IBAN_COUNTRIES = sorted(IBAN_LENGTHS)
_CHARSETS = {
    "n": "0123456789",
    "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
}


def test_every_iban_country_stdnum_knows_is_covered() -> None:
    """The table is python-stdnum's: Honduras, missing from the old hand-written one, included."""
    known = {cc for _, cc, _, props, _ in numdb.get("iban").prefixes if props.get("bban")}
    assert set(_IBAN_COUNTRIES) == known
    assert "HN" in known
    assert "[IBAN removed]" in scrub_text("HN88CABF00000000000250005469")


@st.composite
def ibans(draw: st.DrawFn) -> str:
    country = draw(st.sampled_from(_IBAN_COUNTRIES))
    bban = "".join(
        draw(st.text(_CHARSETS[kind], min_size=n, max_size=n)) for n, kind in _bban_parts(country)
    )
    iban = f"{country}{stdnum_iban.calc_check_digits(country + '00' + bban)}{bban}"
    assert stdnum_iban.is_valid(iban, check_country=False)
    return iban


def _spell_iban(iban: str, style: int) -> str:
    if style == 0:
        return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    if style == 1:
        return iban
    words = [_NATO[ch] if ch.isalpha() else _DIGIT_NAMES[int(ch)] for ch in iban]
    return " ".join(words)


@settings(max_examples=300, deadline=None)
@given(iban=ibans(), style=st.integers(0, 2), cue=st.sampled_from(["", "my IBAN is ", "send to "]))
def test_generated_ibans_never_survive(iban: str, style: int, cue: str) -> None:
    text = f"{cue}{_spell_iban(iban, style)}, thanks"
    out = scrub_text(text)
    assert "[IBAN removed]" in out
    digits = "".join(ch for ch in iban[4:] if ch.isdigit())
    left = spoken_digits([out])
    assert not [run for run in six_runs(digits) if run in left], out


@settings(max_examples=150, deadline=None)
@given(
    area=st.integers(1, 899),
    group=st.integers(1, 99),
    serial=st.integers(1, 9999),
    style=st.integers(0, 4),
)
def test_generated_ssns_never_survive(area: int, group: int, serial: int, style: int) -> None:
    a, g, s = f"{area:03d}", f"{group:02d}", f"{serial:04d}"
    spoken = ", ".join(" ".join(_DIGIT_NAMES[int(d)] for d in part) for part in (a, g, s))
    forms = [f"{a}-{g}-{s}", f"{a} {g} {s}", f"{a}.{g}.{s}", f"my SSN is {a}{g}{s}", spoken]
    form = forms[style]
    text = form if style in (0, 1, 2, 3) else f"my social security number is {form}"
    out = scrub_text(f"Sure. {text}.")
    assert "[SSN removed]" in out
    assert not [run for run in six_runs(a + g + s) if run in spoken_digits([out])], out


# ---- lines -------------------------------------------------------------------------------------

_ORDINARY_LINES = [
    "Agent: Thanks for calling, how can I help?",
    "Caller: my order 55231 ships on 10/31.",
    "Agent: The total was $45.99 with tax.",
    "Caller: see you at 11, 1111 Main St",
    "okay",
    "Agent: Anything else today?",
    "Caller: 2 boxes of 250 ml, please",
]


@st.composite
def transcript_lines(draw: st.DrawFn) -> list[str]:
    """Lines of a transcript: ordinary ones, blank ones, and cards written, spoken or cut."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    lines: list[str] = []
    for _ in range(draw(st.integers(1, 14))):
        what = draw(st.integers(0, 5))
        if what <= 2:
            lines.append(rng.choice(_ORDINARY_LINES))
        elif what == 3:
            lines.append(rng.choice(["", "  ", "\t"]))
        else:
            card = draw(cards())
            groups = speak(card, rng) if what == 5 else _written(card, rng)
            cut = rng.randint(1, len(groups))
            lines.append("Caller: " + join_groups(groups[:cut], rng))
            if cut < len(groups):
                lines.append(join_groups(groups[cut:], rng))
    return lines


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=transcript_lines(), ending=st.sampled_from(["\n", "\r\n"]), final=st.booleans())
def test_scrub_text_keeps_exactly_the_input_lines(
    lines: list[str], ending: str, final: bool
) -> None:
    text = ending.join(lines) + (ending if final else "")
    out = scrub_text(text)
    assert out.count("\n") == text.count("\n")
    assert out.count("\r") == text.count("\r")
    for before, after in zip(text.split("\n"), out.split("\n"), strict=True):
        if before.rstrip("\r") in _ORDINARY_LINES or not before.strip():
            assert after == before


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(exclude_categories=("Cs",)), max_size=300))
def test_scrub_text_keeps_the_line_count_of_any_text(text: str) -> None:
    assert scrub_text(text).count("\n") == text.count("\n")


@pytest.mark.parametrize("country", _IBAN_COUNTRIES)
def test_an_iban_of_every_country_never_survives(country: str) -> None:
    """One IBAN per country python-stdnum knows, written grouped, compact and spelled."""
    rng = random.Random(country)
    bban = "".join(
        "".join(rng.choice(_CHARSETS[kind]) for _ in range(n)) for n, kind in _bban_parts(country)
    )
    iban = f"{country}{stdnum_iban.calc_check_digits(country + '00' + bban)}{bban}"
    digits = "".join(ch for ch in iban[4:] if ch.isdigit())
    for style in range(3):
        out = scrub_text(f"please refund {_spell_iban(iban, style)} thanks")
        assert "[IBAN removed]" in out, out
        assert not [run for run in six_runs(digits) if run in spoken_digits([out])], out
