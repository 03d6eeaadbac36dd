"""Property tests: no goal text, however odd, crashes the author or yields an unchecked binding."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.account import load_schema
from compiler.authoring import author
from compiler.binding import compile_binding

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = [
    load_schema(ROOT / "compiler" / "samples" / "harbor_vet.schema.json"),
    load_schema(ROOT / "compiler" / "samples" / "small.schema.json"),
    load_schema(ROOT / "tests" / "fixtures" / "sim" / "tiny.schema.json"),
]

# Words the engine reacts to, so generated goals reach deep into it rather than failing early.
VOCAB = [
    "find",
    "list",
    "create",
    "update",
    "find or create",
    "mark",
    "close",
    "the",
    "a",
    "given",
    "caller",
    "caller's",
    "whoever is calling",
    "all",
    "top",
    "5",
    "latest",
    "newest",
    "most",
    "recently",
    "updated",
    "biggest",
    "open",
    "closed",
    "won",
    "over",
    "at least",
    "between",
    "and",
    "or",
    "not",
    "before",
    "after",
    "in the last",
    "30",
    "days",
    "2026-01-01",
    "$500",
    "ticket",
    "tickets",
    "deal",
    "deals",
    "contact",
    "contacts",
    "pet",
    "pets",
    "company",
    "email",
    "phone",
    "name",
    "first name",
    "subject",
    "priority",
    "high",
    "urgent",
    "dog",
    "cats",
    "weight",
    "kg",
    "stage",
    "pipeline",
    "Wellness Plans",
    "Clinic Requests",
    "named",
    "Rex",
    "in",
    "Boston",
    "by",
    "with",
    "their",
    "link it to the caller",
    "optional",
    "return",
    "containing",
    "keyword",
    "sorted by",
    "amount",
    "'quoted'",
    '"double"',
    "(",
    ")",
    "{x}",
    "{caller.phone}",
    "?",
    ",",
    "tickts",
    "emial",
    "0",
    "-1",
    "99999999999999999999",
    "é",
]


def _check(goal: str, schema_index: int, obj: str | None) -> None:
    schema = SCHEMAS[schema_index]
    result = author(goal, schema, obj)
    data = result.to_json()
    assert isinstance(data["ok"], bool)
    if data["ok"]:
        compiled = compile_binding(data["binding"], schema)
        assert compiled.ok and compiled.plan is not None
        assert {k: data[k] for k in ("kind", "object", "parameters", "context", "steps")} == (
            compiled.plan.to_json()
        )
        assert 0.0 <= data["confidence"] <= 1.0
        for alt in data["alternatives"]:
            assert compile_binding(alt["binding"], schema).ok
    elif "question" in data:
        assert data["question"]
        for c in data["candidates"]:
            if "binding" in c:
                assert compile_binding(c["binding"], schema).ok
    else:
        assert data["errors"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(VOCAB), min_size=0, max_size=14).map(" ".join),
    st.integers(min_value=0, max_value=len(SCHEMAS) - 1),
)
def test_goals_from_engine_words_never_crash_or_escape_the_checker(goal: str, idx: int) -> None:
    _check(goal, idx, None)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120), st.integers(min_value=0, max_value=len(SCHEMAS) - 1))
def test_arbitrary_text_never_crashes(goal: str, idx: int) -> None:
    _check(goal, idx, None)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(VOCAB), min_size=1, max_size=8).map(" ".join),
    st.sampled_from(["tickets", "pets", "0-3", "p4242_pets", "nothing", "", "Pets"]),
)
def test_object_option_never_crashes(goal: str, obj: str) -> None:
    _check(goal, 0, obj)
