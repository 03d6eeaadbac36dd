"""Any JSON body gets a HubSpot-shaped 2xx/4xx answer, never a crash (hypothesis fuzzing).

Bodies are valid requests with one random subtree replaced by random JSON, so the fuzzing reaches
deep into each handler instead of stopping at the first type check.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sim_fixtures import call, tiny_sim

SIM = tiny_sim()
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-5, 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["101", "email", "EQ", "IN", "HUBSPOT_DEFINED", "279", "2025-03-01", ""])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
TYPES = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]
FILTER = {"propertyName": "num_pets", "operator": "BETWEEN", "value": "1", "highValue": "5"}
TEMPLATES: list[tuple[str, str, Any]] = [
    (
        "POST",
        "/crm/v3/objects/contacts/search",
        {
            "filterGroups": [
                {"filters": [FILTER, {"propertyName": "email", "operator": "IN", "values": ["a"]}]}
            ],
            "sorts": [{"propertyName": "createdate", "direction": "DESCENDING"}],
            "properties": ["email"],
            "limit": 5,
            "after": "0",
            "query": "maria",
        },
    ),
    (
        "POST",
        "/crm/v3/objects/contacts",
        {
            "properties": {"email": "fz@example.com", "num_pets": "2"},
            "associations": [{"to": {"id": "201"}, "types": TYPES}],
        },
    ),
    (
        "POST",
        "/crm/v3/objects/contacts/batch/create",
        {"inputs": [{"properties": {"email": "fy@example.com"}, "objectWriteTraceId": "t"}]},
    ),
    (
        "POST",
        "/crm/v3/objects/contacts/batch/read",
        {"inputs": [{"id": "101"}], "properties": ["email"], "idProperty": "email"},
    ),
    (
        "POST",
        "/crm/v3/objects/contacts/batch/update",
        {"inputs": [{"id": "102", "properties": {"city": "X"}}]},
    ),
    (
        "POST",
        "/crm/v3/objects/contacts/batch/upsert",
        {"inputs": [{"id": "fx@example.com", "idProperty": "email", "properties": {"city": "Y"}}]},
    ),
    ("POST", "/crm/v3/objects/contacts/batch/archive", {"inputs": [{"id": "999"}]}),
    ("PATCH", "/crm/v3/objects/contacts/103", {"properties": {"city": "Z"}}),
    ("PUT", "/crm/v4/objects/contacts/102/associations/companies/201", TYPES),
    (
        "POST",
        "/crm/v4/associations/contacts/companies/batch/create",
        {"inputs": [{"from": {"id": "102"}, "to": {"id": "201"}, "types": TYPES}]},
    ),
    ("POST", "/crm/v4/associations/contacts/companies/batch/read", {"inputs": [{"id": "101"}]}),
    (
        "POST",
        "/crm/v3/associations/contacts/companies/batch/create",
        {
            "inputs": [
                {"from": {"id": "102"}, "to": {"id": "201"}, "type": "contact_to_company_unlabeled"}
            ]
        },
    ),
    (
        "POST",
        "/crm/v4/associations/contacts/companies/batch/archive",
        {"inputs": [{"from": {"id": "999"}, "to": [{"id": "998"}]}]},
    ),
]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, (*prefix, index))
    return out


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copied = copy.deepcopy(value)
    parent = copied
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = new
    return copied


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str, Any]:
    method, path, body = draw(st.sampled_from(TEMPLATES))
    where = draw(st.sampled_from(_paths(body)))
    return method, path, _replace(body, where, draw(json_values))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=mutated())
def test_no_body_crashes_the_simulator(request: tuple[str, str, Any]) -> None:
    method, path, body = request
    response = call(SIM, method, path, json=body)
    assert response.status_code < 500, (method, path, body, response.text)
    if response.status_code >= 400:
        error = response.json()
        assert error["status"] == "error" and error["message"] and error["category"]
