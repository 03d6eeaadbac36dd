"""National and tax IDs: removed when their own label names them and their python-stdnum
validator accepts them; the same digits stay where no label names them (order and ticket
numbers), because together the validators accept almost any number."""

from __future__ import annotations

import importlib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.scrub import Turn, scrub, scrub_text
from compiler.scrub.cards import card_like
from compiler.scrub.national import VALIDATORS, valid_for
from tests.scrub_fixtures import six_runs, spoken_digits

# Numeric identifiers: (label as said, stdnum module, digits).
_NUMERIC = [
    ("meine Steuer-ID ist", "de.idnr", 11),
    ("Steueridentifikationsnummer:", "de.idnr", 11),
    ("mijn BSN is", "nl.bsn", 9),
    ("burgerservicenummer", "nl.bsn", 9),
    ("numer PESEL", "pl.pesel", 11),
    ("meu CPF é", "br.cpf", 11),
    ("my SIN is", "ca.sin", 9),
    ("social insurance number", "ca.sin", 9),
    ("TFN", "au.tfn", 9),
    ("tax file number:", "au.tfn", 9),
    ("Aadhaar", "in_.aadhaar", 12),
    ("personnummer", "se.personnummer", 10),
    ("CPR-nummer", "dk.cpr", 10),
    ("OIB", "hr.oib", 11),
    ("CNP", "ro.cnp", 13),
    ("EGN", "bg.egn", 10),
    ("TC Kimlik", "tr.tckimlik", 11),
]


def _valid_number(module: str, digits: int, rng: random.Random) -> str:
    validator = importlib.import_module(f"stdnum.{module}").is_valid
    while True:
        number = "".join(rng.choice("0123456789") for _ in range(digits))
        if validator(number):
            return number


def _grouped(number: str, rng: random.Random) -> str:
    style = rng.randint(0, 3)
    if style == 0:
        return number
    size = 3 if style == 1 else 4
    sep = rng.choice([" ", "-", "."])
    return sep.join(number[i : i + size] for i in range(0, len(number), size))


def test_every_label_names_a_known_validator() -> None:
    for label, names in VALIDATORS.items():
        assert names, label
        for name in names:
            assert callable(importlib.import_module(f"stdnum.{name}").is_valid), (label, name)


@settings(max_examples=150, deadline=None)
@given(spec=st.sampled_from(_NUMERIC), seed=st.integers(0, 2**32 - 1), split=st.booleans())
def test_a_labelled_valid_id_never_survives(
    spec: tuple[str, str, int], seed: int, split: bool
) -> None:
    label, module, digits = spec
    rng = random.Random(seed)
    number = _valid_number(module, digits, rng)

    if split:  # the label in one message, the number over the next two
        cut = rng.randint(3, digits - 3)
        turns = [
            Turn("agent", f"{label}?"),
            Turn("caller", number[:cut]),
            Turn("caller", number[cut:]),
        ]
    else:
        turns = [Turn("caller", f"{label} {_grouped(number, rng)} thanks")]
    out = [t.text for t in scrub(turns).turns]
    assert not [run for run in six_runs(number) if run in spoken_digits(out)], out


@settings(max_examples=150, deadline=None)
@given(
    spec=st.sampled_from(_NUMERIC),
    seed=st.integers(0, 2**32 - 1),
    template=st.sampled_from(
        [
            "order {} shipped",
            "ticket {} is still open",
            "tracking number {}",
            "my order number is {}, thanks",
            "invoice {} was paid",
        ]
    ),
)
def test_valid_id_digits_stay_where_no_label_names_them(
    spec: tuple[str, str, int], seed: int, template: str
) -> None:
    _, module, digits = spec
    number = _valid_number(module, digits, random.Random(seed))
    if card_like(number):
        return  # a card-shaped number that passes Luhn goes wherever it is (the policy)
    text = template.format(number)
    assert scrub_text(text) == text


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("mi NIE es X4738291S", "X4738291S"),
        ("DNI 12345678Z", "12345678Z"),
        ("codice fiscale RCCMNL83S18D969H", "RCCMNL83S18D969H"),
        ("NHS number 943 476 5919", "943 476 5919"),
        ("numéro de sécurité sociale 2 95 10 99 126 111 93", "2 95 10 99 126 111 93"),
        ("my N.I.E. is Y7902635X", "Y7902635X"),
    ],
)
def test_labelled_ids_with_letters_or_spaces(text: str, number: str) -> None:
    out = scrub_text(text)
    assert number not in out
    assert "[ID number removed]" in out


def test_a_checked_only_label_wants_a_valid_number() -> None:
    """A short label such as "RUT" or "CF" names a number only when its checksum passes."""
    assert valid_for("rut", "76086428-5")
    assert scrub_text("RUT 76086428-5") == "RUT [ID number removed]"
    assert scrub_text("RUT 76086428-4 is wrong") == "RUT 76086428-4 is wrong"
