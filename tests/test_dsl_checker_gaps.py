"""Checker and schema-loader gaps found by trying skillc as a new user (issue 9, item 11)."""

from __future__ import annotations

import copy
import json

import pytest
from dsl_fixtures import harbor

from compiler.account.load import SchemaLoadError, parse_schema
from compiler.binding import compile_binding
from compiler.samples import sample_schema_path


def diagnostics(text: str) -> list[tuple[str, int, int, str | None]]:
    return [(d.code, d.line, d.col, d.hint) for d in compile_binding(text, harbor()).diagnostics]


@pytest.mark.parametrize(
    ("text", "prop"),
    [
        ("search contacts where last_visit_date > 20200101", "last_visit_date"),
        ("search pets where date_of_birth = 20191231", "date_of_birth"),
        ("search contacts where createdate < 20200101", "createdate"),
        ("search contacts where firstname = 12", "firstname"),
        ("search contacts where last_visit_date > 2020", "last_visit_date"),
        ("search contacts where last_visit_date > 20201399", "last_visit_date"),
    ],
)
def test_every_hint_suggests_a_fix_the_checker_accepts(text: str, prop: str) -> None:
    (d,) = compile_binding(text, harbor()).diagnostics
    assert d.code == "literal-type"
    if d.hint is None:
        return  # no sure fix: nothing is suggested
    assert d.hint.startswith('write "')
    fixed = d.hint.removeprefix("write ")
    number = text.rsplit(" ", 1)[1]
    assert compile_binding(text.replace(number, fixed), harbor()).ok, (text, d.hint)


def test_a_yyyymmdd_number_on_a_date_suggests_the_iso_date() -> None:
    (d,) = compile_binding("search contacts where last_visit_date > 20200101", harbor()).diagnostics
    assert d.hint == 'write "2020-01-01"'
    # A number that is no date gets no hint rather than one the checker refuses.
    (d,) = compile_binding("search contacts where last_visit_date > 2020", harbor()).diagnostics
    assert d.hint is None


def test_duplicate_return_properties_are_refused() -> None:
    assert diagnostics("search contacts return email, firstname, email") == [
        ("duplicate", 1, 42, None)
    ]
    assert compile_binding("search contacts return email, firstname", harbor()).ok


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("search contacts where num_pets between 50 and 10", "write `between 10 and 50`"),
        (
            'search contacts where last_visit_date between "2026-02-01" and "2026-01-31"',
            'write `between "2026-01-31" and "2026-02-01"`',
        ),
        (
            'search contacts where createdate between "2026-01-01T10:00:00+02:00" and '
            '"2026-01-01T07:00:00Z"',
            'write `between "2026-01-01T07:00:00Z" and "2026-01-01T10:00:00+02:00"`',
        ),
    ],
)
def test_a_range_whose_low_end_is_above_its_high_end_is_refused(text: str, hint: str) -> None:
    ((code, _, _, got),) = diagnostics(text)
    assert (code, got) == ("empty-range", hint)


def test_ranges_in_order_or_with_parameters_compile() -> None:
    for text in (
        "search contacts where num_pets between 10 and 50",
        "search contacts where num_pets between 10 and 10",
        "search contacts where num_pets between {low} and 10",
        'search contacts where last_visit_date between "2026-01-01" and "2026-01-31"',
    ):
        assert compile_binding(text, harbor()).ok, text


def _raw() -> dict:
    return json.loads(sample_schema_path("harbor_vet").read_text(encoding="utf-8"))


def _contact_props(raw: dict) -> list[dict]:
    return raw["objects"]["contacts"]["properties"]


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (
            lambda r: _contact_props(r)[0].update(type="strnig"),
            "objects.contacts.properties[0].type",
        ),
        (lambda r: _contact_props(r)[0].update(name=""), "objects.contacts.properties[0].name"),
        (
            lambda r: _contact_props(r).append(copy.deepcopy(_contact_props(r)[0])),
            "appears twice",
        ),
        (lambda r: r["account"].update(defaultRegion="XX"), "'XX' is not a region code"),
    ],
)
def test_the_schema_loader_refuses_damaged_files(damage, words: str) -> None:
    raw = _raw()
    raw.pop("fingerprint", None)
    damage(raw)
    with pytest.raises(SchemaLoadError, match=words.replace("[", r"\[").replace("]", r"\]")):
        parse_schema(raw, source="s.json")


def test_the_schema_loader_still_takes_every_hubspot_property_type() -> None:
    raw = _raw()
    for i, kind in enumerate(["phone_number", "object_coordinates", "json", "bool", "date"]):
        _contact_props(raw)[i]["type"] = kind
    raw["account"]["defaultRegion"] = "GB"
    assert parse_schema(raw).account.defaultRegion == "GB"
