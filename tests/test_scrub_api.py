"""The scrubber's library surface: results and counts, message-by-message context, helpers."""

from __future__ import annotations

import pytest

from compiler.scrub import Kind, ScrubContext, Turn, scrub, scrub_text, scrub_turns
from compiler.scrub.cards import card_like, expiry_like, luhn_ok, network_prefix
from compiler.scrub.iban import iban_ok
from tests.scrub_fixtures import spoken_digits


def test_result_counts_kinds_never_values() -> None:
    result = scrub(
        [
            Turn("agent", "Card number, expiry and security code please."),
            Turn("caller", "4111 1111 1111 1111, expires 04/27, security code 123"),
            Turn("agent", "And your SSN?"),
            Turn("caller", "123-45-6789"),
        ]
    )
    assert result.counts == {"card": 1, "cvv": 1, "expiry": 1, "ssn": 1}
    assert result.total == 4
    assert result.turns[1].text == (
        "[card number removed], expires [expiry removed], security code [CVV removed]"
    )
    for value in ("4111", "04/27", "123", "6789"):
        assert value not in repr(result.counts)


def test_markers_are_distinct() -> None:
    markers = [k.marker for k in Kind]
    assert len(set(markers)) == len(markers)
    assert all(m.startswith("[") and m.endswith(" removed]") for m in markers)


def test_scrub_turns_keeps_speakers_and_order() -> None:
    turns = [Turn("caller", "visa 4242 4242 4242 4242"), Turn("agent", "thanks, order 88123")]
    assert scrub_turns(turns) == [
        Turn("caller", "visa [card number removed]"),
        Turn("agent", "thanks, order 88123"),
    ]


def test_text_without_numbers_is_unchanged() -> None:
    text = "Hello! Can you move my appointment to next week? Thanks 🙂"
    assert scrub_text(text) == text
    assert scrub_text("") == ""


def test_context_explains_a_later_message() -> None:
    ctx = ScrubContext()
    ctx.speaker = "agent"
    assert scrub_text("What's the long number on the card?", context=ctx) == (
        "What's the long number on the card?"
    )
    ctx.speaker = "caller"
    # Luhn fails (a mis-heard digit), but the question makes it a card number.
    assert scrub_text("4111 1111 1111 1121", context=ctx) == "[card number removed]"
    ctx.speaker = "agent"
    assert scrub_text("So that's 4111 1111 1111 1121?", context=ctx) == (
        "So that's [card number removed]?"
    )
    assert ctx.removed[Kind.CARD] == 2
    assert len(ctx.history) == 3


def test_context_joins_a_number_over_two_messages() -> None:
    ctx = ScrubContext()
    scrub_text("4532 0151", context=ctx)
    assert scrub_text("1283 0366", context=ctx) == "[card number removed]"


def test_context_history_is_bounded() -> None:
    ctx = ScrubContext(keep_turns=3)
    for k in range(10):
        scrub_text(f"message {k}", context=ctx)
    assert [t.text for t in ctx.history] == ["message 7", "message 8", "message 9"]


@pytest.mark.parametrize(
    ("spoken", "digits"),
    [
        ("four one one one", "4111"),
        ("oh four twenty seven", "0427"),
        ("double five triple seven", "55777"),
        ("forty five thirty two", "4532"),
        ("twelve", "12"),
        ("forty-five", "45"),
        ("nineteen hundred", "1900"),
        ("two thousand and twenty six", "2026"),
        ("four two, um, oh", "420"),
        ("4 one 1 one", "4111"),
        ("oh, okay", ""),
        ("the last four digits", ""),
        ("the one on the front", ""),
        ("hold on one sec", ""),
    ],
)
def test_spoken_numbers(spoken: str, digits: str) -> None:
    assert spoken_digits([spoken]) == digits


def test_card_checks() -> None:
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert network_prefix("2221000000000009") and network_prefix("2720999999999996")
    assert not network_prefix("2220999999999999") and not network_prefix("2721000000000000")
    assert not network_prefix("9400100000000000") and not network_prefix("1234")
    assert card_like("378282246310005") and not card_like("7489387432210")
    assert expiry_like("0427") and expiry_like("427") and expiry_like("122028")
    assert not expiry_like("1331") and not expiry_like("12")


def test_iban_checks() -> None:
    assert iban_ok("GB82WEST12345698765432")
    assert iban_ok("DE89370400440532013000")
    assert not iban_ok("GB83WEST12345698765432")
    assert not iban_ok("GB82WEST1234569876543")  # one short for GB
    assert not iban_ok("ZZ82WEST12345698765432")
