"""The simulator's response bodies validated against HubSpot's official OpenAPI specs.

The specs are read from ``$HUBSPOT_OPENAPI_DIR`` (never copied into the project). One documented
deviation is patched in before validating: the specs type ``SimplePublicObject.properties`` values
as strings, but HubSpot returns ``null`` for a requested property that has no value (FACTS.md §1),
and so does the simulator.
"""

from __future__ import annotations

import copy
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft7Validator
from sim_fixtures import call, search, tiny_sim

from compiler.simulator import RateLimits, Simulator

SPEC_DIR = os.environ.get("HUBSPOT_OPENAPI_DIR")
pytestmark = pytest.mark.skipif(
    not SPEC_DIR,
    reason="HUBSPOT_OPENAPI_DIR is not set: point it at HubSpot's OpenAPI JSON specs "
    "(e.g. /work/shared/hubspot/openapi) to validate simulator responses against them",
)


@cache
def _spec(filename: str) -> dict[str, Any]:
    assert SPEC_DIR is not None
    doc = json.loads((Path(SPEC_DIR) / filename).read_text(encoding="utf-8"))
    doc = copy.deepcopy(doc)
    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        props = schema.get("properties", {})
        if name.startswith("SimplePublic") and "properties" in props:
            props["properties"]["additionalProperties"] = {"type": ["string", "null"]}
    return doc


def check(filename: str, path: str, method: str, response: httpx.Response) -> None:
    """Validate ``response`` against the spec's schema for (path, method, status)."""
    doc = _spec(filename)
    operation = doc["paths"][path][method.lower()]
    responses = operation["responses"]
    declared = responses.get(str(response.status_code))
    if declared is None:
        assert response.status_code >= 400, (
            f"{method} {path}: status {response.status_code} is not declared in {filename} "
            f"(declared: {sorted(responses)})"
        )
        declared = responses["default"]
    if "$ref" in declared:
        declared = doc["components"]["responses"][declared["$ref"].rsplit("/", 1)[-1]]
    content = declared.get("content", {})
    if not content:
        assert not response.content, f"{method} {path}: expected no body"
        return
    media = content.get("application/json") or content["*/*"]
    schema = media["schema"]
    root = {**schema, "components": doc["components"]}
    errors = sorted(Draft7Validator(root).iter_errors(response.json()), key=lambda e: e.path)
    assert not errors, "\n".join(
        f"{method} {path} {response.status_code}: {list(e.path)}: {e.message}" for e in errors[:5]
    )


@pytest.fixture(scope="module")
def sim() -> Simulator:
    return tiny_sim()


CONTACTS = "crm-contacts-v3.json"


def test_object_create_get_update_search(sim: Simulator) -> None:
    created = call(
        sim,
        "POST",
        "/crm/v3/objects/contacts",
        json={"properties": {"email": "spec@example.com", "phone": "617 555 0142"}},
    )
    assert created.status_code == 201
    check(CONTACTS, "/crm/v3/objects/contacts", "POST", created)
    new_id = created.json()["id"]
    got = call(
        sim,
        "GET",
        "/crm/v3/objects/contacts/101?properties=phone,city,fax&associations=companies,deals",
    )
    check(CONTACTS, "/crm/v3/objects/contacts/{contactId}", "GET", got)
    updated = call(
        sim,
        "PATCH",
        f"/crm/v3/objects/contacts/{new_id}",
        json={"properties": {"firstname": "Spec"}},
    )
    check(CONTACTS, "/crm/v3/objects/contacts/{contactId}", "PATCH", updated)
    found = search(sim, "contacts", {"limit": 2, "properties": ["email", "fax"]})
    assert "paging" in found.json()
    check(CONTACTS, "/crm/v3/objects/contacts/search", "POST", found)
    listed = call(sim, "GET", "/crm/v3/objects/contacts?limit=2&associations=companies")
    check(CONTACTS, "/crm/v3/objects/contacts", "GET", listed)


def test_date_versioned_paths_by_their_spec(sim: Simulator) -> None:
    spec = "dated-2026-03/crm-contacts-2026-03.json"
    found = search(sim, "contacts", {"limit": 1})
    dated = call(sim, "POST", "/crm/objects/2026-03/contacts/search", json={"limit": 1})
    assert dated.json() == found.json()
    check(spec, "/crm/objects/2026-03/contacts/search", "POST", dated)
    got = call(sim, "GET", "/crm/objects/2026-03/contacts/101")
    check(spec, "/crm/objects/2026-03/contacts/{contactId}", "GET", got)


def test_other_objects_by_their_spec(sim: Simulator) -> None:
    deal = call(sim, "GET", "/crm/v3/objects/0-3/301")
    check("crm-deals-v3.json", "/crm/v3/objects/0-3/{dealId}", "GET", deal)
    note = call(
        sim,
        "POST",
        "/crm/v3/objects/notes",
        json={
            "properties": {"hs_timestamp": "2026-11-28T12:00:00Z", "hs_note_body": "hello"},
            "associations": [
                {
                    "to": {"id": "101"},
                    "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 202}],
                }
            ],
        },
    )
    check("crm-notes-v3.json", "/crm/v3/objects/notes", "POST", note)
    calls = search(sim, "calls", {"properties": ["hs_call_title"]})
    check("crm-calls-v3.json", "/crm/v3/objects/calls/search", "POST", calls)
    pet = call(sim, "GET", "/crm/v3/objects/2-9876543/501")
    check("crm-custom-objects-v3.json", "/crm/v3/objects/{objectType}/{objectId}", "GET", pet)


def test_batch_responses(sim: Simulator) -> None:
    ok = call(
        sim,
        "POST",
        "/crm/v3/objects/contacts/batch/read",
        json={"inputs": [{"id": "101"}], "properties": ["email"]},
    )
    assert ok.status_code == 200
    check(CONTACTS, "/crm/v3/objects/contacts/batch/read", "POST", ok)
    partial = call(
        sim,
        "POST",
        "/crm/v3/objects/contacts/batch/read",
        json={"inputs": [{"id": "101"}, {"id": "404404"}]},
    )
    assert partial.status_code == 207
    check(CONTACTS, "/crm/v3/objects/contacts/batch/read", "POST", partial)
    created = call(
        sim,
        "POST",
        "/crm/v3/objects/companies/batch/create",
        json={"inputs": [{"properties": {"name": "Batch Co"}}]},
    )
    check("crm-companies-v3.json", "/crm/v3/objects/companies/batch/create", "POST", created)
    upsert = call(
        sim,
        "POST",
        "/crm/v3/objects/contacts/batch/upsert",
        json={
            "inputs": [
                {
                    "id": "upsert@example.com",
                    "idProperty": "email",
                    "properties": {"firstname": "U"},
                }
            ]
        },
    )
    check(CONTACTS, "/crm/v3/objects/contacts/batch/upsert", "POST", upsert)


def test_metadata_responses(sim: Simulator) -> None:
    check(
        "crm-properties-v3.json",
        "/crm/v3/properties/{objectType}",
        "GET",
        call(sim, "GET", "/crm/v3/properties/contacts"),
    )
    check(
        "crm-properties-v3.json",
        "/crm/v3/properties/{objectType}/{propertyName}",
        "GET",
        call(sim, "GET", "/crm/v3/properties/pets/species"),
    )
    check(
        "crm-schemas-v3.json",
        "/crm-object-schemas/v3/schemas",
        "GET",
        call(sim, "GET", "/crm-object-schemas/v3/schemas"),
    )
    check(
        "crm-schemas-v3.json",
        "/crm-object-schemas/v3/schemas/{objectType}",
        "GET",
        call(sim, "GET", "/crm-object-schemas/v3/schemas/contacts"),
    )
    check(
        "crm-pipelines-v3.json",
        "/crm/v3/pipelines/{objectType}",
        "GET",
        call(sim, "GET", "/crm/v3/pipelines/deals"),
    )
    check(
        "crm-pipelines-v3.json",
        "/crm/v3/pipelines/{objectType}/{pipelineId}/stages",
        "GET",
        call(sim, "GET", "/crm/v3/pipelines/tickets/0/stages"),
    )
    owners = call(sim, "GET", "/crm/v3/owners/?limit=1")
    assert "paging" in owners.json()
    check("crm-owners-v3.json", "/crm/v3/owners", "GET", owners)
    labels = call(sim, "GET", "/crm/v4/associations/contacts/companies/labels")
    check(
        "crm-associations-schema-v4-labels.json",
        "/crm/v4/associations/{fromObjectType}/{toObjectType}/labels",
        "GET",
        labels,
    )


V4 = "crm-associations-v4.json"


def test_associations_v4_responses(sim: Simulator) -> None:
    body = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]
    put = call(sim, "PUT", "/crm/v4/objects/contacts/103/associations/companies/202", json=body)
    check(
        V4,
        "/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}",
        "PUT",
        put,
    )
    default = call(sim, "PUT", "/crm/v4/objects/contacts/104/associations/default/companies/202")
    check(
        V4,
        "/crm/v4/objects/{fromObjectType}/{fromObjectId}/associations/default/{toObjectType}/{toObjectId}",
        "PUT",
        default,
    )
    listed = call(sim, "GET", "/crm/v4/objects/contacts/101/associations/companies")
    check(V4, "/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}", "GET", listed)
    read = call(
        sim,
        "POST",
        "/crm/v4/associations/contacts/companies/batch/read",
        json={"inputs": [{"id": "101"}, {"id": "105"}]},
    )
    check(V4, "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read", "POST", read)
    created = call(
        sim,
        "POST",
        "/crm/v4/associations/contacts/deals/batch/create",
        json={
            "inputs": [
                {
                    "from": {"id": "102"},
                    "to": {"id": "302"},
                    "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 4}],
                }
            ]
        },
    )
    check(V4, "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/create", "POST", created)
    removed = call(sim, "DELETE", "/crm/v4/objects/contacts/103/associations/companies/202")
    check(
        V4,
        "/crm/v4/objects/{objectType}/{objectId}/associations/{toObjectType}/{toObjectId}",
        "DELETE",
        removed,
    )


def test_associations_v3_responses(sim: Simulator) -> None:
    v3 = "/crm/v3/associations/{fromObjectType}/{toObjectType}"
    types = call(sim, "GET", "/crm/v3/associations/contacts/companies/types")
    check("crm-associations-schema-v3-types.json", v3 + "/types", "GET", types)
    inputs = [{"from": {"id": "105"}, "to": {"id": "201"}, "type": "contact_to_company_unlabeled"}]
    created = call(
        sim, "POST", "/crm/v3/associations/contacts/companies/batch/create", json={"inputs": inputs}
    )
    check("crm-associations-v3.json", v3 + "/batch/create", "POST", created)
    read = call(
        sim,
        "POST",
        "/crm/v3/associations/contacts/companies/batch/read",
        json={"inputs": [{"id": "105"}, {"id": "424242"}]},
    )
    assert read.status_code == 207
    check("crm-associations-v3.json", v3 + "/batch/read", "POST", read)


def test_oauth_responses(sim: Simulator) -> None:
    form = {"client_id": sim.client_id, "client_secret": sim.client_secret}
    code = sim.issue_auth_code()
    token = call(
        sim,
        "POST",
        "/oauth/v1/token",
        data={**form, "grant_type": "authorization_code", "code": code},
    )
    check("auth-oauth-v1.json", "/oauth/v1/token", "POST", token)
    v3 = call(
        sim,
        "POST",
        "/oauth/v3/token",
        data={
            **form,
            "grant_type": "refresh_token",
            "refresh_token": token.json()["refresh_token"],
        },
    )
    check("auth-oauth-v3.json", "/oauth/v3/token", "POST", v3)
    info = call(sim, "GET", f"/oauth/v1/access-tokens/{v3.json()['access_token']}")
    check("auth-oauth-v1.json", "/oauth/v1/access-tokens/{token}", "GET", info)
    refresh_info = call(sim, "GET", f"/oauth/v1/refresh-tokens/{token.json()['refresh_token']}")
    check("auth-oauth-v1.json", "/oauth/v1/refresh-tokens/{token}", "GET", refresh_info)
    for value in (v3.json()["access_token"], token.json()["refresh_token"]):
        introspected = call(
            sim, "POST", "/oauth/v3/token/introspect", data={**form, "token": value}
        )
        check("auth-oauth-v3.json", "/oauth/v3/token/introspect", "POST", introspected)


def test_error_bodies() -> None:
    sim = tiny_sim(rate_limits=RateLimits(ten_secondly=1000, search_per_second=1))
    cases = [
        call(
            sim,
            "POST",
            "/crm/v3/objects/contacts",
            json={"properties": {"email": "x@example.com", "nope": "1"}},
        ),
        call(
            sim,
            "POST",
            "/crm/v3/objects/contacts",
            json={"properties": {"email": "maria.lopez@example.com"}},
        ),
        call(sim, "GET", "/crm/v3/objects/contacts/424242"),
        call(sim, "GET", "/crm/v3/objects/contacts/101", token="expired-or-invalid"),
        call(
            sim,
            "GET",
            "/crm/v3/objects/pets/501",
            token=sim.issue_token(["crm.objects.contacts.read"])[0],
        ),
        search(sim, "contacts", {"filterGroups": [{"filters": []}] * 6}),
    ]
    cases.append(search(sim, "contacts", {}))  # the second search in this second: 429
    assert [c.status_code for c in cases] == [400, 409, 404, 401, 403, 400, 429]
    for response in cases:
        path = (
            "/crm/v3/objects/contacts/search"
            if response.request.url.path.endswith("search")
            else "/crm/v3/objects/contacts/{contactId}"
        )
        method = "POST" if path.endswith("search") else "GET"
        check(CONTACTS, path, method, response)


def test_the_check_itself_rejects_wrong_shapes() -> None:
    request = httpx.Request("GET", "http://hubspot.sim/crm/v3/objects/contacts/1")
    wrong = [
        {"id": 1, "properties": {}, "createdAt": "x", "updatedAt": "x", "archived": False},
        {"id": "1", "properties": {"a": 1}, "createdAt": "x", "updatedAt": "x", "archived": False},
        {"properties": {}, "createdAt": "x", "updatedAt": "x", "archived": False},
    ]
    for body in wrong:
        response = httpx.Response(200, json=body, request=request)
        with pytest.raises(AssertionError):
            check(CONTACTS, "/crm/v3/objects/contacts/{contactId}", "GET", response)
    error = httpx.Response(404, json={"message": "no category"}, request=request)
    with pytest.raises(AssertionError):
        check(CONTACTS, "/crm/v3/objects/contacts/{contactId}", "GET", error)
