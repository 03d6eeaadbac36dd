"""CRM search semantics in the simulator: operators, case rules, tokens, groups, paging, limits."""

from __future__ import annotations

from typing import Any

import pytest
from sim_fixtures import FakeClock, call, ids, one_filter, search, tiny_sim

from compiler.simulator import FaultSpec, Simulator


@pytest.fixture(scope="module")
def sim() -> Simulator:
    return tiny_sim()


def q(
    sim: Simulator, prop: str, op: str, value: Any = None, obj: str = "contacts", **kw: Any
) -> list[str]:
    return sorted(ids(search(sim, obj, one_filter(prop, op, value, **kw))))


# ---- operators --------------------------------------------------------------------------
def test_eq_is_case_insensitive_on_strings(sim: Simulator) -> None:
    assert q(sim, "firstname", "EQ", "MARIA") == ["101", "104"]
    assert q(sim, "email", "EQ", "Maria.Lopez@Example.com") == ["101"]


def test_enumerations_are_case_sensitive(sim: Simulator) -> None:
    assert q(sim, "lifecyclestage", "EQ", "customer") == ["101", "103"]
    assert q(sim, "lifecyclestage", "EQ", "Customer") == []
    assert q(sim, "lifecyclestage", "IN", values=["Customer"]) == []
    assert q(sim, "lifecyclestage", "CONTAINS_TOKEN", "Custom*") == []
    assert q(sim, "lifecyclestage", "CONTAINS_TOKEN", "custom*") == ["101", "103"]


def test_neq_includes_records_without_the_property(sim: Simulator) -> None:
    assert q(sim, "lifecyclestage", "NEQ", "customer") == ["102", "104", "105"]
    assert q(sim, "firstname", "NEQ", "maria") == ["102", "103", "105"]


def test_number_comparisons_are_numeric(sim: Simulator) -> None:
    # num_pets: 101=2, 102=1, 103=10, 104=0, 105 unset; "10" > "2" numerically, not as text.
    assert q(sim, "num_pets", "GT", "1") == ["101", "103"]
    assert q(sim, "num_pets", "GTE", "10") == ["103"]
    assert q(sim, "num_pets", "LT", "2") == ["102", "104"]
    assert q(sim, "num_pets", "LTE", 2) == ["101", "102", "104"]
    assert q(sim, "num_pets", "EQ", "2.0") == ["101"]
    assert q(sim, "num_pets", "BETWEEN", "1", highValue="2") == ["101", "102"]


def test_dates_compare_as_epoch_ms_or_iso(sim: Simulator) -> None:
    assert q(sim, "last_visit_date", "EQ", "2025-02-14") == ["101"]
    assert q(sim, "last_visit_date", "EQ", "1739491200000") == ["101"]
    assert q(sim, "createdate", "GT", "2025-03-03T10:00:00Z") == ["104", "105"]
    assert q(sim, "createdate", "GTE", "2025-03-03T10:00:00.000Z") == ["103", "104", "105"]
    low, high = "1740823200000", "1740996000000"  # 2025-03-01T10:00Z .. 2025-03-03T10:00Z
    assert q(sim, "createdate", "BETWEEN", low, highValue=high) == ["101", "102", "103"]
    assert q(sim, "client_since", "LT", "2021-01-01") == ["101"]


def test_in_on_strings_needs_lowercase_values(sim: Simulator) -> None:
    assert q(sim, "firstname", "IN", values=["maria", "james"]) == ["101", "102", "104"]
    assert q(sim, "firstname", "IN", values=["Maria"]) == []
    assert q(sim, "lifecyclestage", "IN", values=["customer", "lead"]) == ["101", "102", "103"]
    assert q(sim, "lifecyclestage", "NOT_IN", values=["customer", "lead"]) == ["104", "105"]
    assert q(sim, "num_pets", "IN", values=["0", "10"]) == ["103", "104"]


def test_has_property(sim: Simulator) -> None:
    assert q(sim, "phone", "HAS_PROPERTY") == ["101", "103", "104"]
    assert q(sim, "firstname", "NOT_HAS_PROPERTY") == ["105"]


def test_contains_token_matches_whole_tokens_and_wildcards(sim: Simulator) -> None:
    assert q(sim, "firstname", "CONTAINS_TOKEN", "maria") == ["101", "103", "104"]
    assert q(sim, "firstname", "CONTAINS_TOKEN", "mar") == []
    assert q(sim, "firstname", "CONTAINS_TOKEN", "mar*") == ["101", "103", "104"]
    assert q(sim, "email", "CONTAINS_TOKEN", "*@example.com") == ["101", "105"]
    assert q(sim, "lastname", "CONTAINS_TOKEN", "JONES") == ["103"]
    assert q(sim, "phone", "CONTAINS_TOKEN", "*0123") == ["101"]
    assert q(sim, "firstname", "NOT_CONTAINS_TOKEN", "maria") == ["102", "105"]


def test_multi_select_and_bool(sim: Simulator) -> None:
    assert q(sim, "pet_species_owned", "IN", values=["cat"]) == ["101", "102"]
    assert q(sim, "pet_species_owned", "CONTAINS_TOKEN", "dog") == ["101"]
    assert q(sim, "newsletter_opt_in", "EQ", "TRUE") == ["101"]


def test_groups_are_ored_and_filters_anded(sim: Simulator) -> None:
    body = {
        "filterGroups": [
            {"filters": [{"propertyName": "city", "operator": "EQ", "value": "Cambridge"}]},
            {"filters": [{"propertyName": "lastname", "operator": "EQ", "value": "chen"}]},
        ]
    }
    assert sorted(ids(search(sim, "contacts", body))) == ["102", "104"]
    body = {
        "filterGroups": [
            {
                "filters": [
                    {"propertyName": "city", "operator": "EQ", "value": "boston"},
                    {"propertyName": "lifecyclestage", "operator": "EQ", "value": "customer"},
                    {"propertyName": "num_pets", "operator": "GT", "value": "5"},
                ]
            }
        ]
    }
    assert ids(search(sim, "contacts", body)) == ["103"]


def test_association_pseudo_property(sim: Simulator) -> None:
    assert q(sim, "associations.company", "EQ", "201") == ["101"]
    assert q(sim, "associations.contact", "EQ", "101", obj="deals") == ["301"]
    assert q(sim, "associations.contact", "EQ", "101", obj="0-5") == ["401"]
    assert q(sim, "associations.contact", "EQ", "999", obj="deals") == []
    response = search(sim, "contacts", one_filter("associations.pets", "EQ", "501"))
    assert response.status_code == 400


def test_free_text_query(sim: Simulator) -> None:
    assert sorted(ids(search(sim, "contacts", {"query": "maria"}))) == ["101", "103", "104"]
    assert ids(search(sim, "contacts", {"query": "mar lop"})) == ["101"]
    assert ids(search(sim, "contacts", {"query": "5550123"})) == ["101"]
    assert ids(search(sim, "companies", {"query": "kennels"})) == ["202"]
    # pets: the schema's searchableProperties (pet_name, microchip_id)
    assert ids(search(sim, "pets", {"query": "985112003456790"})) == ["502"]


def test_unknown_filter_property_is_a_400(sim: Simulator) -> None:
    response = search(sim, "contacts", one_filter("no_such_prop", "EQ", "x"))
    assert response.status_code == 400
    assert response.json()["category"] == "VALIDATION_ERROR"


# ---- phones -----------------------------------------------------------------------------
def test_phone_values_are_searchable_as_national_digits(sim: Simulator) -> None:
    assert q(sim, "hs_searchable_calculated_phone_number", "EQ", "6175550123") == ["101"]
    assert q(sim, "hs_searchable_calculated_mobile_number", "EQ", "6175550199") == ["102"]
    assert q(sim, "hs_searchable_calculated_phone_number", "EQ", "4") == ["103"]  # "00004"
    assert q(sim, "hs_searchable_calculated_mobile_number", "EQ", "7700900123") == ["104"]
    body = one_filter("hs_searchable_calculated_phone_number", "EQ", "6175550456")
    body["properties"] = ["hs_searchable_calculated_phone_number", "phone"]
    result = search(sim, "contacts", body).json()["results"][0]
    assert result["properties"]["hs_searchable_calculated_phone_number"] == "6175550456"
    assert result["properties"]["phone"] == "617-555-0456"


def test_phone_twins_follow_every_write() -> None:
    sim = tiny_sim()
    created = call(
        sim,
        "POST",
        "/crm/v3/objects/contacts",
        json={"properties": {"email": "new@example.com", "phone": "(617) 555-0777"}},
    )
    new_id = created.json()["id"]
    assert q(sim, "hs_searchable_calculated_phone_number", "EQ", "6175550777") == [new_id]
    call(
        sim,
        "PATCH",
        f"/crm/v3/objects/contacts/{new_id}",
        json={"properties": {"phone": "+1 212 555 0100"}},
    )
    assert q(sim, "hs_searchable_calculated_phone_number", "EQ", "6175550777") == []
    assert q(sim, "hs_searchable_calculated_phone_number", "EQ", "2125550100") == [new_id]
    call(sim, "PATCH", f"/crm/v3/objects/contacts/{new_id}", json={"properties": {"phone": ""}})
    assert q(sim, "hs_searchable_calculated_phone_number", "HAS_PROPERTY") == ["101", "103", "104"]


# ---- sorting and paging -----------------------------------------------------------------
def test_default_sort_is_creation_order(sim: Simulator) -> None:
    assert ids(search(sim, "contacts", {})) == ["101", "102", "103", "104", "105"]


def test_one_sort_object_or_string_missing_values_last(sim: Simulator) -> None:
    body = {"sorts": [{"propertyName": "num_pets", "direction": "DESCENDING"}]}
    assert ids(search(sim, "contacts", body)) == ["103", "101", "102", "104", "105"]
    assert ids(search(sim, "contacts", {"sorts": ["num_pets"]})) == [
        "104",
        "102",
        "101",
        "103",
        "105",
    ]
    assert ids(search(sim, "contacts", {"sorts": ["-createdate"]}))[0] == "105"
    two = {"sorts": [{"propertyName": "num_pets"}, {"propertyName": "createdate"}]}
    assert search(sim, "contacts", two).status_code == 400


def test_after_paging(sim: Simulator) -> None:
    first = search(sim, "contacts", {"limit": 2}).json()
    assert [r["id"] for r in first["results"]] == ["101", "102"]
    assert first["total"] == 5
    assert first["paging"]["next"]["after"] == "2"
    second = search(sim, "contacts", {"limit": 2, "after": "2"}).json()
    assert [r["id"] for r in second["results"]] == ["103", "104"]
    last = search(sim, "contacts", {"limit": 2, "after": second["paging"]["next"]["after"]}).json()
    assert [r["id"] for r in last["results"]] == ["105"]
    assert "paging" not in last


def test_default_limit_is_10_and_default_properties(sim: Simulator) -> None:
    body = search(sim, "companies", {}).json()
    props = body["results"][0]["properties"]
    assert set(props) == {"name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"}


def test_requested_properties_come_back_with_nulls(sim: Simulator) -> None:
    body = one_filter("hs_object_id", "EQ", "105")
    body["properties"] = ["firstname", "lastname", "not_a_property"]
    props = search(sim, "contacts", body).json()["results"][0]["properties"]
    assert props["firstname"] is None
    assert props["lastname"] == "NoFirst"
    assert "not_a_property" not in props
    assert props["hs_object_id"] == "105"


# ---- limits -----------------------------------------------------------------------------
def _groups(n_groups: int, per_group: int) -> dict[str, Any]:
    flt = {"propertyName": "firstname", "operator": "HAS_PROPERTY"}
    return {"filterGroups": [{"filters": [flt] * per_group} for _ in range(n_groups)]}


@pytest.mark.parametrize(
    ("groups", "per_group", "ok"),
    [(5, 3, True), (3, 6, True), (6, 1, False), (1, 7, False), (4, 5, False)],
)
def test_filter_limits(sim: Simulator, groups: int, per_group: int, ok: bool) -> None:
    response = search(sim, "contacts", _groups(groups, per_group))
    assert response.status_code == (200 if ok else 400), response.text
    if not ok:
        assert response.json()["category"] == "VALIDATION_ERROR"


def test_body_and_query_length_cap(sim: Simulator) -> None:
    assert search(sim, "contacts", {"query": "x" * 2900}).status_code == 200
    response = search(sim, "contacts", {"query": "x" * 3001})
    assert response.status_code == 400
    long_values = one_filter("firstname", "IN", values=["v" * 100] * 30)
    assert search(sim, "contacts", long_values).status_code == 400


def test_limit_max_200(sim: Simulator) -> None:
    assert search(sim, "contacts", {"limit": 200}).status_code == 200
    assert search(sim, "contacts", {"limit": 201}).status_code == 400


def test_ten_thousand_results_cap() -> None:
    sim = tiny_sim()
    companies = sim.schema.resolve("companies")
    assert companies is not None
    for i in range(10_050):
        sim.store.insert(companies, {"name": f"Bulk {i}"}, seeded=True)
    page = search(sim, "companies", {"limit": 200, "after": "9800"}).json()
    assert page["total"] == 10_052
    assert len(page["results"]) == 200
    assert "paging" not in page  # nothing reachable past 10,000
    response = search(sim, "companies", {"limit": 10, "after": "10000"})
    assert response.status_code == 400
    assert response.json()["category"] == "VALIDATION_ERROR"


# ---- eventual consistency ---------------------------------------------------------------
def test_index_delay_hides_new_and_updated_values_from_search_only() -> None:
    clock = FakeClock()
    sim = tiny_sim(faults=FaultSpec(index_delay=5.0), clock=clock)
    created = call(
        sim, "POST", "/crm/v3/objects/contacts", json={"properties": {"email": "late@example.com"}}
    )
    new_id = created.json()["id"]
    assert call(sim, "GET", f"/crm/v3/objects/contacts/{new_id}").status_code == 200
    assert q(sim, "email", "EQ", "late@example.com") == []
    clock.tick(5)
    assert q(sim, "email", "EQ", "late@example.com") == [new_id]
    call(
        sim,
        "PATCH",
        f"/crm/v3/objects/contacts/{new_id}",
        json={"properties": {"firstname": "Zed"}},
    )
    assert q(sim, "firstname", "EQ", "zed") == []
    assert q(sim, "email", "EQ", "late@example.com") == [new_id]  # the old snapshot still matches
    clock.tick(4.9)
    assert q(sim, "firstname", "EQ", "zed") == []
    clock.tick(0.2)
    assert q(sim, "firstname", "EQ", "zed") == [new_id]


def test_archived_records_leave_search() -> None:
    sim = tiny_sim()
    assert call(sim, "DELETE", "/crm/v3/objects/contacts/105").status_code == 204
    assert q(sim, "lastname", "EQ", "nofirst") == []
    assert call(sim, "GET", "/crm/v3/objects/contacts/105").status_code == 404


def test_engagement_bodies_get_a_searchable_preview() -> None:
    sim = tiny_sim()
    body = {
        "hs_timestamp": "2026-11-28T12:00:00Z",
        "hs_call_body": "<p>Rex&#39;s <b>booster</b> is due</p>",
    }
    made = call(sim, "POST", "/crm/v3/objects/calls", json={"properties": body}).json()
    assert made["properties"]["hs_body_preview"] == "Rex's booster is due"
    # calls are found by free text through hs_call_title and hs_body_preview only
    assert ids(search(sim, "calls", {"query": "booster"})) == [made["id"]]


@pytest.mark.parametrize(
    "flt",
    [
        {"value": {"a": 1}},
        {"value": ["maria"]},
        {"operator": "BETWEEN", "value": "a", "highValue": {"b": 2}},
        {"operator": "IN", "values": "maria"},
        {"operator": "IN", "values": [["maria"]]},
        {"operator": "IN", "values": [None]},
    ],
)
def test_filter_values_of_the_wrong_json_type_are_a_400(
    sim: Simulator, flt: dict[str, Any]
) -> None:
    body = {"filterGroups": [{"filters": [{"propertyName": "firstname", "operator": "EQ", **flt}]}]}
    response = search(sim, "contacts", body)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert answer["category"] == "VALIDATION_ERROR"
    assert "filterGroups[0].filters[0]." in answer["message"]


def test_numbers_and_booleans_are_accepted_as_filter_values(sim: Simulator) -> None:
    assert q(sim, "firstname", "IN", values=["maria", 5, True]) == ["101", "104"]
