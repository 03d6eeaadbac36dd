"""Optional parameters inside `in (...)`: the plan keeps a slot per value, and the runtime sends
only the values given (a list left empty drops its filter) (issue 9, item 21)."""

from __future__ import annotations

from typing import Any

import pytest
from dsl_fixtures import harbor
from runtime_fixtures import CountingClient, with_digest

from compiler.binding import compile_binding
from compiler.runtime import Caller, Conversation, Runtime

pytestmark = pytest.mark.anyio

BINDING = (
    'search contacts where email in ({a?}, {b?}, "Fixed@Example.com") '
    "or lastname in ({c?}, {d?}) limit 5 return email"
)
SEARCH = ("POST", "/crm/v3/objects/contacts/search")


def test_the_plan_keeps_one_slot_per_optional_value() -> None:
    result = compile_binding(BINDING, harbor())
    assert result.plan is not None
    groups = result.plan.to_json()["steps"][0]["body"]["filterGroups"]
    assert groups[0]["filters"][0]["values"] == [
        {"$param": "a", "$format": "lower"},
        {"$param": "b", "$format": "lower"},
        "fixed@example.com",
    ]
    assert groups[1]["filters"][0]["values"] == [
        {"$param": "c", "$format": "lower"},
        {"$param": "d", "$format": "lower"},
    ]
    assert result.plan.parameters["required"] == []


def _artifact() -> dict[str, Any]:
    result = compile_binding(BINDING, harbor())
    assert result.plan is not None
    plan = result.plan.to_json()
    return with_digest(
        {
            "format": "skillc.artifact/1",
            "name": "search_in",
            "description": "d",
            "account": {"id": "4242", "label": "Harbor Vet"},
            "kind": "read",
            "operation": "search",
            "object": plan["object"],
            "parameters": plan["parameters"],
            "context": plan["context"],
            "flags": {},
            "phoneRegion": "US",
            "steps": plan["steps"],
            "result": {"shape": "many", "properties": ["email"]},
            "templates": {"confirmation": None, "result": None},
        }
    )


@pytest.mark.parametrize(
    ("args", "groups"),
    [
        ({}, [["fixed@example.com"]]),
        ({"b": "B@x.org"}, [["b@x.org", "fixed@example.com"]]),
        ({"a": "A@x.org", "d": "Lopez"}, [["a@x.org", "fixed@example.com"], ["lopez"]]),
        (
            {"a": "a@x.org", "b": "b@x.org", "c": "Ng", "d": "Li"},
            [["a@x.org", "b@x.org", "fixed@example.com"], ["ng", "li"]],
        ),
    ],
)
async def test_the_runtime_sends_only_the_values_given(
    args: dict[str, str], groups: list[list[str]]
) -> None:
    client = CountingClient({SEARCH: {"results": [], "total": 0}})
    runtime = Runtime([_artifact()], client)
    result = await runtime.call("search_in", args, Conversation(id="c", caller=Caller()))
    assert result.status == "ok", result
    ((_, _, body),) = client.sent
    sent = [g["filters"][0]["values"] for g in body["filterGroups"]]
    assert sent == groups
