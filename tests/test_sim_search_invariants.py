"""Property tests: search invariants that hold for any filter (complements, OR/AND, paging)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sim_fixtures import ids, search, tiny_sim

SIM = tiny_sim()
ALL = set(ids(search(SIM, "contacts", {"limit": 200})))
PROPS = [
    "firstname",
    "lastname",
    "email",
    "city",
    "lifecyclestage",
    "num_pets",
    "createdate",
    "phone",
]
WORDS = [
    "maria",
    "Maria",
    "lopez",
    "boston",
    "customer",
    "lead",
    "2",
    "10",
    "0",
    "*@example.com",
    "mar*",
    "2025-03-03",
    "1740996000000",
    "617",
    "*0123",
    "x",
]
PAIRS = [("EQ", "NEQ"), ("IN", "NOT_IN"), ("CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN")]
filters = st.fixed_dictionaries(
    {"propertyName": st.sampled_from(PROPS), "value": st.sampled_from(WORDS)}
)
SETTINGS = settings(max_examples=40, deadline=None)


def found(groups: list[list[dict[str, Any]]]) -> set[str]:
    body = {"filterGroups": [{"filters": g} for g in groups], "limit": 200}
    return set(ids(search(SIM, "contacts", body)))


def _with(flt: dict[str, Any], operator: str) -> dict[str, Any]:
    if operator in ("IN", "NOT_IN"):
        return {"propertyName": flt["propertyName"], "operator": operator, "values": [flt["value"]]}
    return {**flt, "operator": operator}


@SETTINGS
@given(flt=filters, pair=st.sampled_from(PAIRS))
def test_an_operator_and_its_negation_partition_the_records(
    flt: dict[str, Any], pair: tuple[str, str]
) -> None:
    positive, negative = found([[_with(flt, pair[0])]]), found([[_with(flt, pair[1])]])
    assert positive.isdisjoint(negative)
    assert positive | negative == ALL


@SETTINGS
@given(prop=st.sampled_from(PROPS))
def test_has_property_partitions_the_records(prop: str) -> None:
    has = found([[{"propertyName": prop, "operator": "HAS_PROPERTY"}]])
    has_not = found([[{"propertyName": prop, "operator": "NOT_HAS_PROPERTY"}]])
    assert has.isdisjoint(has_not) and has | has_not == ALL


@SETTINGS
@given(
    a=filters,
    b=filters,
    op_a=st.sampled_from(["EQ", "CONTAINS_TOKEN", "GT"]),
    op_b=st.sampled_from(["NEQ", "LTE"]),
)
def test_groups_or_and_filters_and(
    a: dict[str, Any], b: dict[str, Any], op_a: str, op_b: str
) -> None:
    fa, fb = _with(a, op_a), _with(b, op_b)
    assert found([[fa], [fb]]) == found([[fa]]) | found([[fb]])
    assert found([[fa, fb]]) == found([[fa]]) & found([[fb]])


@SETTINGS
@given(
    low=st.sampled_from(WORDS),
    high=st.sampled_from(WORDS),
    prop=st.sampled_from(["num_pets", "createdate", "city"]),
)
def test_between_is_gte_and_lte(low: str, high: str, prop: str) -> None:
    between = found(
        [[{"propertyName": prop, "operator": "BETWEEN", "value": low, "highValue": high}]]
    )
    gte = found([[{"propertyName": prop, "operator": "GTE", "value": low}]])
    lte = found([[{"propertyName": prop, "operator": "LTE", "value": high}]])
    assert between == gte & lte


@SETTINGS
@given(
    limit=st.integers(min_value=1, max_value=6),
    sort=st.sampled_from([None, "num_pets", "-email", "city"]),
)
def test_pages_concatenate_to_the_whole_result(limit: int, sort: str | None) -> None:
    base: dict[str, Any] = {"sorts": [sort]} if sort else {}
    whole = ids(search(SIM, "contacts", {**base, "limit": 200}))
    pages: list[str] = []
    after: str | None = "0"
    while after is not None:
        page = search(SIM, "contacts", {**base, "limit": limit, "after": after}).json()
        pages += [r["id"] for r in page["results"]]
        after = page.get("paging", {}).get("next", {}).get("after")
    assert pages == whole
