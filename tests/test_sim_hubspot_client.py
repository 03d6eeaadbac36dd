"""HubSpot's official Python client (hubspot-api-client 12.x) against the simulator over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sim_fixtures import tiny_sim

from compiler.simulator import RunningServer, Simulator, serve

hubspot = pytest.importorskip("hubspot", reason="hubspot-api-client is not installed")
from hubspot.crm.associations.v4 import AssociationSpec  # noqa: E402
from hubspot.crm.contacts import (  # noqa: E402
    ApiException,
    PublicObjectSearchRequest,
    SimplePublicObjectInput,
    SimplePublicObjectInputForCreate,
)


@pytest.fixture(scope="module")
def running() -> Iterator[tuple[Simulator, RunningServer]]:
    sim = tiny_sim()
    with serve(sim, port=0) as server:
        yield sim, server


@pytest.fixture(scope="module")
def client(running: tuple[Simulator, RunningServer]) -> Any:
    sim, server = running
    return hubspot.HubSpot(access_token=sim.access_token, host=server.base_url)


def _search(client: Any, prop: str, value: str) -> list[str]:
    request = PublicObjectSearchRequest(
        filter_groups=[{"filters": [{"propertyName": prop, "operator": "EQ", "value": value}]}],
        sorts=[{"propertyName": "createdate", "direction": "DESCENDING"}],
        properties=["firstname", "lastname", "email", "phone"],
        limit=10,
    )
    page = client.crm.contacts.search_api.do_search(public_object_search_request=request)
    return [r.id for r in page.results]


def test_contact_lifecycle_with_the_official_client(
    running: tuple[Simulator, RunningServer], client: Any
) -> None:
    sim, _ = running
    created = client.crm.contacts.basic_api.create(
        simple_public_object_input_for_create=SimplePublicObjectInputForCreate(
            properties={
                "email": "official@example.com",
                "firstname": "Offi",
                "phone": "+1 (415) 555-0123",
            }
        )
    )
    contact_id = created.id
    assert created.properties["email"] == "official@example.com"

    read = client.crm.contacts.basic_api.get_by_id(contact_id, properties=["phone", "firstname"])
    assert read.properties["phone"] == "+1 (415) 555-0123"

    updated = client.crm.contacts.basic_api.update(
        contact_id,
        simple_public_object_input=SimplePublicObjectInput(properties={"lastname": "Cial"}),
    )
    assert updated.properties["lastname"] == "Cial"

    assert _search(client, "hs_searchable_calculated_phone_number", "4155550123") == [contact_id]
    assert _search(client, "email", "OFFICIAL@example.com") == [contact_id]

    spec = AssociationSpec(association_category="HUBSPOT_DEFINED", association_type_id=279)
    client.crm.associations.v4.basic_api.create("contacts", contact_id, "companies", "202", [spec])
    page = client.crm.associations.v4.basic_api.get_page("contacts", contact_id, "companies")
    assert [(r.to_object_id, r.association_types[0].type_id) for r in page.results] == [
        ("202", 279)
    ]
    assert sim.store.associated_ids("companies", "202", "contacts") == ["102", contact_id]

    with pytest.raises(ApiException) as conflict:
        client.crm.contacts.basic_api.create(
            simple_public_object_input_for_create=SimplePublicObjectInputForCreate(
                properties={"email": "official@example.com"}
            )
        )
    assert conflict.value.status == 409
    assert f"Existing ID: {contact_id}" in conflict.value.body


def test_typed_models_parse_metadata(client: Any) -> None:
    properties = client.crm.properties.core_api.get_all("contacts")
    assert "hs_searchable_calculated_phone_number" in {p.name for p in properties.results}
    pipelines = client.crm.pipelines.pipelines_api.get_all("deals")
    assert [p.id for p in pipelines.results] == ["default", "wellness_plans"]
    owners = client.crm.owners.owners_api.get_page(limit=10)
    assert [o.id for o in owners.results] == ["9001", "9002"]
    schemas = client.crm.schemas.core_api.get_all()
    assert [s.object_type_id for s in schemas.results] == ["2-9876543"]
    pet = client.crm.objects.basic_api.get_by_id("p4242_pets", "501", properties=["pet_name"])
    assert pet.properties["pet_name"] == "Rex"


def test_oauth_with_the_official_client(running: tuple[Simulator, RunningServer]) -> None:
    sim, server = running
    anonymous = hubspot.HubSpot(host=server.base_url)
    tokens = anonymous.oauth.tokens_api.create(
        grant_type="authorization_code",
        code=sim.issue_auth_code(),
        redirect_uri="http://localhost/callback",
        client_id=sim.client_id,
        client_secret=sim.client_secret,
    )
    assert tokens.expires_in == 1800
    refreshed = anonymous.oauth.tokens_api.create(
        grant_type="refresh_token",
        refresh_token=tokens.refresh_token,
        client_id=sim.client_id,
        client_secret=sim.client_secret,
    )
    info = anonymous.oauth.access_tokens_api.get(refreshed.access_token)
    assert info.hub_id == 4242 and "crm.objects.contacts.read" in info.scopes
    fresh = hubspot.HubSpot(access_token=refreshed.access_token, host=server.base_url)
    assert fresh.crm.contacts.basic_api.get_by_id("101").properties["firstname"] == "Maria"
