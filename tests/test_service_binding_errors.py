"""A binding that does not compile is a 422 pointing where the person wrote it: the JSON field,
and a line and column inside the binding text (or the `yaml` skill file) they sent."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from service_fixtures import Service, connect, service
from store_fixtures import databases, store_url

__all__ = ["databases", "service", "store_url"]


@pytest.fixture
def agent_api(service: Service) -> Iterator[tuple[httpx.Client, str]]:
    """A connected workspace's API and one agent's bindings path."""
    connect(service)
    with service.api(service.key()) as api:
        agent = api.post("/agents", json={"name": "a"}).json()["data"]["id"]
        yield api, f"/agents/{agent}"


def test_errors_in_the_json_form_point_into_the_binding_text(
    agent_api: tuple[httpx.Client, str],
) -> None:
    api, agent = agent_api
    path = f"{agent}/integrations/hubspot/bindings"
    pet = {"name": "find_pet", "description": "Find a pet."}
    typo = api.post(path, json={**pet, "binding": "search pets wher"})
    assert typo.status_code == 422, typo.text
    error = typo.json()["error"]
    assert error["code"] == "binding_invalid"
    (detail,) = error["details"]
    # `wher` is the 13th character of the binding's first line.
    assert (detail["path"], detail["line"], detail["col"]) == ("binding", 1, 13)
    assert "binding line 1, col 13" in error["message"] and "wher" in error["message"]

    lines = "search pets\nwhere nosuchfield = {x}\nreturn pet_name"
    (detail,) = api.post(path, json={**pet, "binding": lines}).json()["error"]["details"]
    assert (detail["path"], detail["line"], detail["col"]) == ("binding", 2, 7)
    assert "nosuchfield" in detail["message"]

    good = "search pets where pet_name = {x} limit 1 return pet_name"
    bad_name = api.post(path, json={**pet, "name": "Find Pet!", "binding": good})
    assert bad_name.status_code == 422
    assert [d["path"] for d in bad_name.json()["error"]["details"]] == ["name"]
    assert api.get(agent).json()["data"]["draft"]["skills"] == []


def test_missing_fields_are_each_named(agent_api: tuple[httpx.Client, str]) -> None:
    api, agent = agent_api
    answer = api.post(
        f"{agent}/integrations/hubspot/bindings", json={"binding": "search pets return pet_name"}
    )
    assert answer.status_code == 422
    assert {d["path"] for d in answer.json()["error"]["details"]} == {"name", "description"}


def test_errors_in_a_yaml_skill_file_point_into_that_file(
    agent_api: tuple[httpx.Client, str],
) -> None:
    api, agent = agent_api
    path = f"{agent}/integrations/hubspot/bindings"
    text = (
        "name: find_pet\ndescription: Find a pet.\ncrm: hubspot\n"
        "read: search pets where nosuchfield = {x} return pet_name\n"
    )
    answer = api.post(path, json={"yaml": text})
    assert answer.status_code == 422
    (detail,) = answer.json()["error"]["details"]
    assert (detail["path"], detail["line"], detail["col"]) == ("yaml", 4, 25)

    both = api.post(path, json={"yaml": text, "binding": "search pets return pet_name"})
    assert both.status_code == 422 and both.json()["error"]["details"][0]["path"] == "yaml"
    assert api.get(agent).json()["data"]["draft"]["skills"] == []
