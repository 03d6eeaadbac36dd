"""Goals an audit of "describe it" found answered wrongly on the small sample account (a filter
quietly dropped, the wrong property compared, a relative date turned the wrong way), with what
a careful author binds. Judged on the compiled plan, as in ``test_author_goals``."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.account import load_schema
from compiler.authoring import author
from compiler.binding import compile_binding

ROOT = Path(__file__).resolve().parent.parent
SMALL = load_schema(ROOT / "compiler" / "samples" / "small.schema.json")

GOALS = [
    # "by X and Y": both identify the record; the second is not a field to return.
    (
        "Find a contact by first and last name",
        "search contacts where firstname = {firstname} and lastname = {lastname} limit 1",
    ),
    (
        "Find a contact by email and first name",
        "search contacts where email = {email} and firstname = {firstname} limit 1",
    ),
    (
        "Find a contact by email and phone",
        "search contacts where email = {email} and phone matches {phone} limit 1",
    ),
    # "created before" is the creation date, not a property whose label is like "list contacts".
    (
        "List contacts created before 2024-01-01",
        'search contacts where createdate < "2024-01-01"',
    ),
    # A list of options: every one of them, and a negation covers them all.
    (
        "List tickets with priority high or medium",
        'search tickets where hs_ticket_priority in ("HIGH", "MEDIUM")',
    ),
    (
        "List tickets with priority high, medium or low",
        'search tickets where hs_ticket_priority in ("HIGH", "MEDIUM", "LOW")',
    ),
    (
        "List tickets whose priority is not high or medium",
        'search tickets where hs_ticket_priority not in ("HIGH", "MEDIUM")',
    ),
    # A range whose ends the agent gives.
    (
        "List deals closing between two given dates",
        "search deals where closedate between {closedate_from} and {closedate_to}",
    ),
    (
        "List deals with a close date between a given start and end date",
        "search deals where closedate between {closedate_from} and {closedate_to}",
    ),
]


@pytest.mark.parametrize(("goal", "expected"), GOALS, ids=[g for g, _ in GOALS])
def test_goal_binds_like_a_careful_author(goal: str, expected: str) -> None:
    result = author(goal, SMALL)
    assert result.ok and result.binding is not None, result.to_json()
    want = compile_binding(expected, SMALL)
    assert want.ok and want.plan is not None
    assert result.plan == want.plan.to_json(), f"authored: {result.binding}"


@pytest.mark.parametrize(
    "goal",
    ["List contacts with more than 3 pets", "List contacts with more than 2 emails"],
)
def test_a_comparison_no_property_takes_is_an_error_not_a_dropped_filter(goal: str) -> None:
    result = author(goal, SMALL)
    assert not result.ok and result.binding is None, result.to_json()
    assert result.errors and result.errors[0]["code"] == "unknown-property"


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("List tickets older than 30 days", "search tickets where createdate < {before}"),
        (
            "List deals created more than 2 weeks ago",
            "search deals where createdate < {before}",
        ),
        ("List tickets created in the last 7 days", "search tickets where createdate >= {since}"),
    ],
)
def test_a_relative_date_is_a_question_whose_answer_points_the_right_way(
    goal: str, expected: str
) -> None:
    result = author(goal, SMALL)
    assert not result.ok and result.question, result.to_json()
    (candidate,) = result.candidates
    assert candidate.binding is not None
    got = compile_binding(candidate.binding, SMALL)
    want = compile_binding(expected, SMALL)
    assert got.plan is not None and want.plan is not None
    assert got.plan.to_json() == want.plan.to_json(), candidate.binding
