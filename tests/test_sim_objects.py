"""Objects, validation, batch and associations in the simulator, as HubSpot behaves."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sim_fixtures import call, tiny_sim

from compiler.simulator import Simulator

CONTACTS = "/crm/v3/objects/contacts"


@pytest.fixture
def sim() -> Simulator:
    return tiny_sim()


def create(sim: Simulator, obj: str, props: dict[str, Any], **extra: Any) -> httpx.Response:
    return call(sim, "POST", f"/crm/v3/objects/{obj}", json={"properties": props, **extra})


def codes(response: httpx.Response) -> list[str]:
    return [e.get("code", "") for e in response.json().get("errors", [])]


# ---- create / read / update / archive -----------------------------------------------------
def test_create_returns_a_simple_public_object(sim: Simulator) -> None:
    response = create(sim, "contacts", {"email": "pat@example.com", "firstname": "Pat"})
    assert response.status_code == 201
    body = response.json()
    assert isinstance(body["id"], str) and body["archived"] is False
    props = body["properties"]
    assert props["hs_object_id"] == body["id"]
    assert props["createdate"] == body["createdAt"] and props["lastmodifieddate"]
    assert sim.store.get("contacts", body["id"])["properties"]["firstname"] == "Pat"  # type: ignore[index]


def test_get_by_name_type_id_and_fully_qualified_name(sim: Simulator) -> None:
    for path in ("/crm/v3/objects/0-1/101", "/crm/v3/objects/contact/101"):
        assert call(sim, "GET", path).json()["id"] == "101"
    for type_name in ("pets", "2-9876543", "p4242_pets"):
        assert (
            call(sim, "GET", f"/crm/v3/objects/{type_name}/501").json()["properties"]["pet_name"]
            == "Rex"
        )
    response = call(sim, "GET", "/crm/v3/objects/spaceships/1")
    assert response.status_code == 400
    assert "Unable to infer object type" in response.json()["message"]


def test_get_default_and_requested_properties(sim: Simulator) -> None:
    props = call(sim, "GET", f"{CONTACTS}/101").json()["properties"]
    assert set(props) == {
        "firstname",
        "lastname",
        "email",
        "lastmodifieddate",
        "hs_object_id",
        "createdate",
    }
    props = call(sim, "GET", f"{CONTACTS}/105?properties=firstname,city&properties=nope").json()[
        "properties"
    ]
    assert props["firstname"] is None and props["city"] is None and "nope" not in props
    assert props["hs_object_id"] == "105"
    calls_props = call(sim, "GET", "/crm/v3/objects/calls/601").json()["properties"]
    assert set(calls_props) == {"hs_createdate", "hs_lastmodifieddate", "hs_object_id"}


def test_get_by_unique_id_property(sim: Simulator) -> None:
    assert (
        call(sim, "GET", f"{CONTACTS}/MARIA.LOPEZ@example.com?idProperty=email").json()["id"]
        == "101"
    )
    assert call(sim, "GET", f"{CONTACTS}/PMS-0002?idProperty=pms_client_id").json()["id"] == "102"
    assert call(sim, "GET", f"{CONTACTS}/Boston?idProperty=city").status_code == 400
    missing = call(sim, "GET", f"{CONTACTS}/9999")
    assert missing.status_code == 404
    assert missing.json()["category"] == "OBJECT_NOT_FOUND" and missing.json()["correlationId"]


def test_get_with_v3_associations(sim: Simulator) -> None:
    body = call(sim, "GET", f"{CONTACTS}/101?associations=companies,deals,notes").json()
    companies = body["associations"]["companies"]["results"]
    assert {(r["id"], r["type"]) for r in companies} == {
        ("201", "contact_to_company"),
        ("201", "contact_to_company_unlabeled"),
    }
    assert body["associations"]["deals"]["results"] == [{"id": "301", "type": "contact_to_deal"}]
    none = call(sim, "GET", f"{CONTACTS}/105?associations=companies").json()
    assert "associations" not in none


def test_update_and_clear(sim: Simulator) -> None:
    before = call(sim, "GET", f"{CONTACTS}/102").json()
    response = call(
        sim, "PATCH", f"{CONTACTS}/102", json={"properties": {"city": "Boston", "firstname": ""}}
    )
    assert response.status_code == 200
    props = response.json()["properties"]
    assert props["city"] == "Boston" and "firstname" not in props
    assert response.json()["updatedAt"] >= before["updatedAt"]
    by_email = call(
        sim,
        "PATCH",
        f"{CONTACTS}/james@obrien.example?idProperty=email",
        json={"properties": {"city": "Lynn"}},
    )
    assert by_email.json()["properties"]["city"] == "Lynn"
    assert (
        call(sim, "PATCH", f"{CONTACTS}/9999", json={"properties": {"city": "X"}}).status_code
        == 404
    )


def test_archive_list_and_archived_reads(sim: Simulator) -> None:
    assert call(sim, "DELETE", f"{CONTACTS}/104").status_code == 204
    assert call(sim, "GET", f"{CONTACTS}/104").status_code == 404
    archived = call(sim, "GET", f"{CONTACTS}/104?archived=true").json()
    assert archived["archived"] is True and "archivedAt" in archived
    live = [r["id"] for r in call(sim, "GET", f"{CONTACTS}?limit=100").json()["results"]]
    assert live == ["101", "102", "103", "105"]
    gone = [r["id"] for r in call(sim, "GET", f"{CONTACTS}?archived=true").json()["results"]]
    assert gone == ["104"]


def test_list_paging(sim: Simulator) -> None:
    first = call(sim, "GET", f"{CONTACTS}?limit=2").json()
    assert [r["id"] for r in first["results"]] == ["101", "102"]
    after = first["paging"]["next"]["after"]
    second = call(sim, "GET", f"{CONTACTS}?limit=2&after={after}").json()
    assert [r["id"] for r in second["results"]] == ["103", "104"]
    assert call(sim, "GET", f"{CONTACTS}?limit=101").status_code == 400


# ---- validation -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("props", "code"),
    [
        ({"email": "a@example.com", "favourite_colour": "red"}, "PROPERTY_DOESNT_EXIST"),
        ({"email": "a@example.com", "num_pets": "two"}, "INVALID_INTEGER"),
        ({"email": "a@example.com", "lifecyclestage": "Customer"}, "INVALID_OPTION"),
        ({"email": "a@example.com", "pet_species_owned": "dog;dragon"}, "INVALID_OPTION"),
        ({"email": "a@example.com", "newsletter_opt_in": "yes"}, "INVALID_BOOLEAN"),
        ({"email": "a@example.com", "last_visit_date": "yesterday"}, "INVALID_DATE"),
        (
            {"email": "a@example.com", "hs_searchable_calculated_phone_number": "1"},
            "READ_ONLY_VALUE",
        ),
        ({"email": "a@example.com", "hubspot_owner_id": "1234"}, "INVALID_OWNER_ID"),
        ({"email": "not-an-email"}, "INVALID_EMAIL"),
        ({"city": "Boston"}, "MISSING_REQUIRED_PROPERTY"),
    ],
)
def test_contact_validation(sim: Simulator, props: dict[str, str], code: str) -> None:
    response = create(sim, "contacts", props)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["category"] == "VALIDATION_ERROR"
    assert body["message"].startswith("Property values were not valid")
    assert code in codes(response)
    assert len(sim.store.list("contacts")) == 5


def test_unknown_property_on_update_names_it(sim: Simulator) -> None:
    response = call(sim, "PATCH", f"{CONTACTS}/101", json={"properties": {"shoe_size": "9"}})
    assert response.status_code == 400
    assert response.json()["errors"][0]["context"] == {"propertyName": ["shoe_size"]}


def test_value_formats_are_normalised(sim: Simulator) -> None:
    props = create(
        sim,
        "contacts",
        {
            "email": "d@example.com",
            "last_visit_date": "1739491200000",
            "client_since": "2024-01-02T03:04:05Z",
            "newsletter_opt_in": "TRUE",
            "num_pets": 3,
        },
    ).json()["properties"]
    assert props["last_visit_date"] == "2025-02-14"
    assert props["client_since"] == "2024-01-02T03:04:05.000Z"
    assert props["newsletter_opt_in"] == "true" and props["num_pets"] == "3"
    not_midnight = create(
        sim, "contacts", {"email": "e@example.com", "last_visit_date": "1739491200001"}
    )
    assert "INVALID_DATE" in codes(not_midnight)


def test_duplicate_contact_email_is_a_409(sim: Simulator) -> None:
    response = create(sim, "contacts", {"email": "Maria.Lopez@EXAMPLE.com"})
    assert response.status_code == 409
    assert response.json()["category"] == "CONFLICT"
    assert response.json()["message"] == "Contact already exists. Existing ID: 101"
    update = call(
        sim, "PATCH", f"{CONTACTS}/102", json={"properties": {"email": "maria.lopez@example.com"}}
    )
    assert update.status_code == 409
    same = call(
        sim, "PATCH", f"{CONTACTS}/101", json={"properties": {"email": "maria.lopez@example.com"}}
    )
    assert same.status_code == 200


def test_unique_value_properties_are_enforced(sim: Simulator) -> None:
    response = create(
        sim, "pets", {"pet_name": "Clone", "species": "dog", "microchip_id": "985112003456789"}
    )
    assert response.status_code == 409
    assert "Existing ID: 501" in response.json()["message"]
    taken = create(sim, "contacts", {"email": "z@example.com", "pms_client_id": "pms-0001"})
    assert taken.status_code == 409


@pytest.mark.parametrize(
    ("obj", "props", "missing"),
    [
        ("deals", {"dealstage": "closedwon"}, "dealname"),
        ("0-3", {"dealname": "No stage"}, "dealstage"),
        ("tickets", {"hs_pipeline_stage": "1"}, "subject"),
        ("calls", {"hs_call_title": "x"}, "hs_timestamp"),
        ("notes", {"hs_note_body": "x"}, "hs_timestamp"),
        ("pets", {"pet_name": "Nemo"}, "species"),
        ("companies", {"city": "Boston"}, "name"),
    ],
)
def test_required_properties_on_create(
    sim: Simulator, obj: str, props: dict[str, str], missing: str
) -> None:
    response = create(sim, obj, props)
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["context"]["propertyName"] == [missing]


def test_pipelines_default_and_stages_are_checked(sim: Simulator) -> None:
    deal = create(sim, "deals", {"dealname": "New plan", "dealstage": "qualifiedtobuy"})
    assert deal.status_code == 201
    assert deal.json()["properties"]["pipeline"] == "default"
    wrong = create(
        sim, "deals", {"dealname": "X", "pipeline": "wellness_plans", "dealstage": "closedwon"}
    )
    assert wrong.status_code == 400 and "INVALID_OPTION" in codes(wrong)
    ok = create(
        sim, "deals", {"dealname": "Y", "pipeline": "wellness_plans", "dealstage": "1234567"}
    )
    assert ok.status_code == 201
    move = call(
        sim, "PATCH", "/crm/v3/objects/deals/301", json={"properties": {"dealstage": "1234567"}}
    )
    assert move.status_code == 400  # 301 is in the default pipeline
    ticket = create(sim, "tickets", {"subject": "Help", "hs_pipeline_stage": "3"})
    assert ticket.json()["properties"]["hs_pipeline"] == "0"
    bad_pipeline = create(
        sim, "tickets", {"subject": "Help", "hs_pipeline": "nope", "hs_pipeline_stage": "1"}
    )
    assert bad_pipeline.status_code == 400


def test_malformed_json_is_a_pointed_400(sim: Simulator) -> None:
    response = call(
        sim,
        "POST",
        CONTACTS,
        content=b'{"properties": {',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert "Invalid input JSON at line 1" in response.json()["message"]
    not_object = call(sim, "POST", CONTACTS, json={"properties": ["email"]})
    assert not_object.status_code == 400


# ---- associations in create bodies ----------------------------------------------------------
def test_create_with_associations_checks_the_type(sim: Simulator) -> None:
    types = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 194}]
    body = {"hs_timestamp": "2026-11-28T12:00:00Z", "hs_call_title": "Inbound"}
    made = create(sim, "calls", body, associations=[{"to": {"id": "102"}, "types": types}])
    assert made.status_code == 201
    assert sim.store.associated_ids("contacts", "102", "calls") == [made.json()["id"]]
    wrong_type = [
        {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 202}
    ]  # note->contact
    bad = create(sim, "calls", body, associations=[{"to": {"id": "102"}, "types": wrong_type}])
    assert bad.status_code == 400
    missing = create(sim, "calls", body, associations=[{"to": {"id": "9999"}, "types": types}])
    assert missing.status_code == 400
    assert len(sim.store.list("calls")) == 2


# ---- batch ------------------------------------------------------------------------------
def test_batch_read_reports_missing_ids(sim: Simulator) -> None:
    body = {"inputs": [{"id": "101"}, {"id": "9999"}], "properties": ["email"]}
    response = call(sim, "POST", f"{CONTACTS}/batch/read", json=body)
    assert response.status_code == 207
    out = response.json()
    assert out["status"] == "COMPLETE" and [r["id"] for r in out["results"]] == ["101"]
    assert out["numErrors"] == 1 and out["errors"][0]["context"]["ids"] == ["9999"]
    by_email = call(
        sim,
        "POST",
        f"{CONTACTS}/batch/read",
        json={"inputs": [{"id": "ana@harbor.example"}], "idProperty": "email"},
    )
    assert by_email.status_code == 200 and by_email.json()["results"][0]["id"] == "103"


def test_batch_limit_is_100(sim: Simulator) -> None:
    inputs = [{"id": str(i)} for i in range(101)]
    assert call(sim, "POST", f"{CONTACTS}/batch/read", json={"inputs": inputs}).status_code == 400


def test_batch_create_is_all_or_nothing_without_trace_ids(sim: Simulator) -> None:
    inputs = [
        {"properties": {"email": "b1@example.com"}},
        {"properties": {"email": "b2@example.com", "bogus": "1"}},
    ]
    assert call(sim, "POST", f"{CONTACTS}/batch/create", json={"inputs": inputs}).status_code == 400
    assert len(sim.store.list("contacts")) == 5
    dupes = [
        {"properties": {"email": "same@example.com"}},
        {"properties": {"email": "SAME@example.com"}},
    ]
    assert call(sim, "POST", f"{CONTACTS}/batch/create", json={"inputs": dupes}).status_code == 400
    good = [
        {"properties": {"email": "b1@example.com"}},
        {"properties": {"email": "b2@example.com"}},
    ]
    response = call(sim, "POST", f"{CONTACTS}/batch/create", json={"inputs": good})
    assert response.status_code == 201 and len(response.json()["results"]) == 2


def test_batch_create_with_trace_ids_is_partial(sim: Simulator) -> None:
    inputs = [
        {"properties": {"email": "ok@example.com"}, "objectWriteTraceId": "t1"},
        {"properties": {"email": "maria.lopez@example.com"}, "objectWriteTraceId": "t2"},
    ]
    response = call(sim, "POST", f"{CONTACTS}/batch/create", json={"inputs": inputs})
    assert response.status_code == 207
    out = response.json()
    assert [r["objectWriteTraceId"] for r in out["results"]] == ["t1"]
    assert out["errors"][0]["category"] == "CONFLICT"
    assert out["errors"][0]["context"]["objectWriteTraceId"] == ["t2"]


def test_batch_update_upsert_archive(sim: Simulator) -> None:
    update = {"inputs": [{"id": "101", "properties": {"city": "Quincy"}}]}
    assert (
        call(sim, "POST", f"{CONTACTS}/batch/update", json=update).json()["results"][0][
            "properties"
        ]["city"]
        == "Quincy"
    )
    upsert = {
        "inputs": [
            {
                "id": "maria.lopez@example.com",
                "idProperty": "email",
                "properties": {"city": "Salem"},
            },
            {
                "id": "fresh@example.com",
                "idProperty": "email",
                "properties": {"firstname": "Fresh"},
            },
        ]
    }
    results = call(sim, "POST", f"{CONTACTS}/batch/upsert", json=upsert).json()["results"]
    assert [(r["id"] == "101", r["new"]) for r in results] == [(True, False), (False, True)]
    assert results[1]["properties"]["email"] == "fresh@example.com"
    archive = {"inputs": [{"id": "101"}, {"id": "102"}]}
    assert call(sim, "POST", f"{CONTACTS}/batch/archive", json=archive).status_code == 204
    assert [c["id"] for c in sim.store.list("contacts", archived=True)] == ["101", "102"]


# ---- associations v4 --------------------------------------------------------------------
def test_v4_associations_roundtrip(sim: Simulator) -> None:
    body = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]
    put = call(sim, "PUT", "/crm/v4/objects/contacts/103/associations/companies/202", json=body)
    assert put.status_code == 201
    assert put.json()["fromObjectId"] == "103" and put.json()["toObjectTypeId"] == "0-2"
    listed = call(sim, "GET", "/crm/v4/objects/contact/103/associations/company").json()["results"]
    assert listed == [
        {"toObjectId": "202", "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 279}]}
    ]
    back = call(sim, "GET", "/crm/v4/objects/0-2/202/associations/0-1").json()["results"]
    assert {r["toObjectId"] for r in back} == {"102", "103"}
    assert back[0]["associationTypes"][0]["typeId"] == 280
    assert (
        call(sim, "DELETE", "/crm/v4/objects/contacts/103/associations/companies/202").status_code
        == 204
    )
    assert sim.store.associated_ids("companies", "202", "contacts") == ["102"]


def test_v4_rejects_unknown_types_and_records(sim: Simulator) -> None:
    bad = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3}]  # deal->contact
    assert (
        call(
            sim, "PUT", "/crm/v4/objects/contacts/103/associations/companies/202", json=bad
        ).status_code
        == 400
    )
    good = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]
    assert (
        call(
            sim, "PUT", "/crm/v4/objects/contacts/103/associations/companies/999", json=good
        ).status_code
        == 404
    )


def test_v4_default_and_batch(sim: Simulator) -> None:
    default = call(
        sim, "PUT", "/crm/v4/objects/notes/701/associations/default/companies/202"
    ).json()
    assert default["results"][0]["associationSpec"] == {
        "associationCategory": "HUBSPOT_DEFINED",
        "associationTypeId": 190,
    }
    created = call(
        sim,
        "POST",
        "/crm/v4/associations/pets/contacts/batch/create",
        json={
            "inputs": [
                {
                    "from": {"id": "502"},
                    "to": {"id": "102"},
                    "types": [{"associationCategory": "USER_DEFINED", "associationTypeId": 52}],
                }
            ]
        },
    )
    assert created.status_code == 201
    assert sim.store.associated_ids("contacts", "102", "pets") == ["502"]
    read = call(
        sim,
        "POST",
        "/crm/v4/associations/contacts/pets/batch/read",
        json={"inputs": [{"id": "101"}, {"id": "102"}, {"id": "105"}]},
    )
    assert read.status_code == 207
    out = read.json()
    assert {r["from"]["id"]: r["to"][0]["toObjectId"] for r in out["results"]} == {
        "101": "501",
        "102": "502",
    }
    assert out["results"][0]["to"][0]["associationTypes"][0]["typeId"] == 53
    labels = call(sim, "GET", "/crm/v4/associations/contacts/companies/labels").json()["results"]
    assert {"category": "HUBSPOT_DEFINED", "typeId": 1, "label": "Primary"} in labels


# ---- metadata ---------------------------------------------------------------------------
def test_properties_pipelines_owners_schemas(sim: Simulator) -> None:
    props = call(sim, "GET", "/crm/v3/properties/contacts").json()["results"]
    names = {p["name"] for p in props}
    assert {"email", "phone", "hs_searchable_calculated_phone_number", "hs_object_id"} <= names
    assert call(sim, "GET", "/crm/v3/properties/0-1/email").json()["type"] == "string"
    assert call(sim, "GET", "/crm/v3/properties/contacts/nope").status_code == 404
    pipelines = call(sim, "GET", "/crm/v3/pipelines/deals").json()["results"]
    assert [p["id"] for p in pipelines] == ["default", "wellness_plans"]
    stages = call(sim, "GET", "/crm/v3/pipelines/tickets/0/stages").json()["results"]
    assert [s["id"] for s in stages] == ["1", "2", "3", "4"]
    assert call(sim, "GET", "/crm/v3/pipelines/deals/nope").status_code == 404
    owners = call(sim, "GET", "/crm/v3/owners?limit=1").json()
    assert owners["results"][0]["id"] == "9001" and owners["paging"]["next"]["after"] == "1"
    assert (
        call(sim, "GET", "/crm/v3/owners/?email=kim@tinyvet.example").json()["results"][0]["id"]
        == "9002"
    )
    schemas = call(sim, "GET", "/crm-object-schemas/v3/schemas").json()["results"]
    assert [s["objectTypeId"] for s in schemas] == ["2-9876543"]
    pets = call(sim, "GET", "/crm-object-schemas/v3/schemas/p4242_pets").json()
    assert pets["requiredProperties"] == ["pet_name", "species"]
    expected = {
        "id": "52",
        "fromObjectTypeId": "2-9876543",
        "toObjectTypeId": "0-1",
        "name": "pets_to_contact",
    }
    assert expected in pets["associations"]


def test_date_versioned_paths_serve_the_same_shapes(sim: Simulator) -> None:
    assert call(sim, "GET", "/crm/objects/2026-03/contacts/101").json()["id"] == "101"
    found = call(sim, "POST", "/crm/objects/2026-09-beta/contacts/search", json={"query": "lopez"})
    assert [r["id"] for r in found.json()["results"]] == ["101"]
    listed = call(sim, "GET", "/crm/objects/2026-03/contacts/101/associations/companies").json()
    assert listed["results"][0]["toObjectId"] == "201"
    assert call(sim, "GET", "/crm/properties/2026-03/contacts/email").json()["name"] == "email"
    assert call(sim, "GET", "/crm/owners/2026-03").json()["results"][0]["id"] == "9001"
    assert call(sim, "GET", "/crm/pipelines/2026-03/deals").status_code == 200
    assert call(sim, "GET", "/crm-object-schemas/2026-03/schemas").status_code == 200
    labels = call(sim, "GET", "/crm/associations/2026-03/contacts/companies/labels")
    assert labels.status_code == 200
    assert sim.request_log.count("POST", "/crm/objects/2026-09-beta/contacts/search") == 1


def test_account_details(sim: Simulator) -> None:
    details = call(sim, "GET", "/account-info/v3/details").json()
    assert details["portalId"] == 4242 and details["timeZone"] == "US/Eastern"


def test_v3_associations_batch_api(sim: Simulator) -> None:
    v3 = "/crm/v3/associations/contacts/companies"
    names = {t["name"] for t in call(sim, "GET", f"{v3}/types").json()["results"]}
    assert names == {"contact_to_company", "contact_to_company_unlabeled"}
    inputs = [{"from": {"id": "104"}, "to": {"id": "202"}, "type": "contact_to_company_unlabeled"}]
    created = call(sim, "POST", f"{v3}/batch/create", json={"inputs": inputs})
    assert (
        created.status_code == 201
        and created.json()["results"][0]["type"] == "contact_to_company_unlabeled"
    )
    assert sim.store.associated_ids("companies", "202", "contacts") == ["102", "104"]
    bad = [{"from": {"id": "104"}, "to": {"id": "202"}, "type": "contact_to_nothing"}]
    assert call(sim, "POST", f"{v3}/batch/create", json={"inputs": bad}).status_code == 400
    read = call(
        sim, "POST", f"{v3}/batch/read", json={"inputs": [{"id": "101"}, {"id": "104"}]}
    ).json()
    assert {r["from"]["id"]: len(r["to"]) for r in read["results"]} == {"101": 2, "104": 1}
    assert call(sim, "POST", f"{v3}/batch/archive", json={"inputs": inputs}).status_code == 204
    assert sim.store.associated_ids("companies", "202", "contacts") == ["102"]
