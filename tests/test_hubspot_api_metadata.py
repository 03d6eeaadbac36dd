"""The typed API layer's metadata calls (properties, pipelines, custom object schemas,
association labels): HubSpot's own shapes kept as returned minus archived entries, malformed
answers refused with where they went wrong; and discovery builds no HubSpot path of its own."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from discover_fixtures import sim_client

from compiler.hubspot import HubSpotClient, api
from compiler.hubspot.api import UnexpectedAnswer
from compiler.simulator import Simulator

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parent.parent


def _answering(path: str, answer: object) -> HubSpotClient:
    """A client whose GET ``path`` answers ``answer`` (200); anything else is a 404."""

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == path:
            return httpx.Response(200, json=answer)
        return httpx.Response(404, json={"status": "error", "message": "not here"})

    return HubSpotClient("http://hubspot.test", "tok", transport=httpx.MockTransport(handle))


async def test_metadata_from_the_simulator() -> None:
    async with sim_client(Simulator.from_sample("harbor_vet")) as client:
        props = await api.properties(client, "contacts")
        pipelines = await api.pipelines(client, "deals")
        schemas = await api.custom_object_schemas(client)
        labels = await api.association_labels(client, "contacts", "companies")
    firstname = next(p for p in props if p["name"] == "firstname")
    assert firstname["type"] == "string" and "modificationMetadata" in firstname
    assert pipelines and all(p["stages"] for p in pipelines)
    pets = api.custom_object_schema(next(s for s in schemas if s["name"] == "pets"))
    assert pets.fully_qualified_name == "p4242_pets"
    assert any(label.type_id == 1 and label.category == "HUBSPOT_DEFINED" for label in labels)


async def test_archived_pipelines_and_stages_are_left_out_and_the_rest_kept_as_sent() -> None:
    live_stage = {"id": "s1", "label": "Open", "metadata": {"probability": "0.1"}}
    answer = {
        "results": [
            {"id": "p1", "label": "Sales", "stages": [live_stage, {"id": "s2", "archived": True}]},
            {"id": "p2", "label": "Old", "archived": True, "stages": []},
            {"id": "p3", "label": "Bare"},
        ]
    }
    async with _answering("/crm/v3/pipelines/deals", answer) as client:
        found = await api.pipelines(client, "deals")
    assert found == [
        {"id": "p1", "label": "Sales", "stages": [live_stage]},
        {"id": "p3", "label": "Bare"},
    ]


@pytest.mark.parametrize(
    ("answer", "where"),
    [
        ({"results": "nope"}, ("results",)),
        ([], ()),
        ({"results": [{"typeId": "4", "category": "HUBSPOT_DEFINED"}]}, ("results", 0, "typeId")),
        ({"results": [{"category": "USER_DEFINED"}]}, ("results", 0, "typeId")),
    ],
)
async def test_malformed_association_labels_say_where(
    answer: object, where: tuple[Any, ...]
) -> None:
    path = "/crm/v4/associations/contacts/deals/labels"
    async with _answering(path, answer) as client:
        with pytest.raises(UnexpectedAnswer) as caught:
            await api.association_labels(client, "contacts", "deals")
    assert caught.value.where == where
    assert path in caught.value.message


def test_discovery_builds_no_hubspot_path_of_its_own() -> None:
    source = (ROOT / "compiler" / "hubspot" / "discovery.py").read_text(encoding="utf-8")
    raw_paths = re.findall(r"/(?:crm|crm-object-schemas|account-info|oauth)/v\d", source)
    assert raw_paths == [], "HubSpot paths belong in compiler/hubspot/api.py"
