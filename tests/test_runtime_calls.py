"""Runtime calls against a counting client: argument checks, slots, results, refusals."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from runtime_fixtures import CountingClient, load, load_all, with_digest

from compiler.hubspot.errors import (
    MissingScopesError,
    RateLimitError,
    ValidationError,
    error_from_response,
)
from compiler.runtime import Caller, Conversation, Runtime

pytestmark = pytest.mark.anyio

SEARCH = ("POST", "/crm/v3/objects/contacts/search")
MARIA = {
    "id": "101",
    "properties": {"firstname": "Maria", "lastname": "Lopez", "phone": "+1 (617) 555-0123"},
    "updatedAt": "2026-10-01T09:00:00Z",
}


def conv(**caller: Any) -> Conversation:
    return Conversation(id="conv-1", caller=Caller(**caller))


def runtime(client: Any, **options: Any) -> Runtime:
    return Runtime(load_all(), client, **options)


async def test_find_contact_fills_phone_slots_and_renders_greeting() -> None:
    client = CountingClient({SEARCH: {"total": 1, "results": [MARIA]}})
    result = await runtime(client).call("find_contact", {}, conv(phone="617.555.0123"))
    assert result.status == "ok"
    assert result.record is not None and result.record.id == "101"
    assert result.text == "Hi Maria!"
    assert len(client.sent) == 1
    body = client.sent[0][2]
    values = [g["filters"][0]["value"] for g in body["filterGroups"]]
    assert values == ["6175550123", "6175550123"]
    assert [str(r) for r in result.requests] == ["POST /crm/v3/objects/contacts/search"]
    assert result.to_json()["record"]["properties"] == {
        "firstname": "Maria",
        "lastname": "Lopez",
        "email": None,
    }


async def test_phone_match_keeps_only_true_matches() -> None:
    other_country = {
        "id": "150",
        "properties": {"phone": "+44 6175550123"},
        "updatedAt": "2026-11-01T00:00:00Z",
    }
    short = {"id": "151", "properties": {"phone": "555-0123"}, "updatedAt": "2026-11-02T00:00:00Z"}
    client = CountingClient({SEARCH: {"results": [other_country, MARIA, short]}})
    result = await runtime(client).call("find_contact", {}, conv(phone="+16175550123"))
    assert result.status == "ok" and result.record is not None
    assert result.record.id == "101" and not result.ambiguous


async def test_several_matches_pick_most_recent_and_flag_ambiguous() -> None:
    robert = {
        "id": "106",
        "properties": {"phone": "+1 617-555-0188"},
        "updatedAt": "2026-09-01T00:00:00Z",
    }
    linda = {
        "id": "107",
        "properties": {"mobilephone": "6175550188"},
        "updatedAt": "2026-10-05T00:00:00Z",
    }
    client = CountingClient({SEARCH: {"results": [robert, linda]}})
    result = await runtime(client).call("find_contact", {}, conv(phone="(617) 555-0188"))
    assert result.status == "ok" and result.record is not None
    assert result.record.id == "107" and result.ambiguous


async def test_no_match_is_ok_without_record() -> None:
    client = CountingClient({SEARCH: {"results": []}})
    result = await runtime(client).call("find_contact", {}, conv(phone="+16175550999"))
    assert result.status == "ok" and result.record is None and not result.found
    assert result.text == "Hello! I don't think we have spoken before."


async def test_missing_caller_phone_is_refused_and_nothing_sent() -> None:
    client = CountingClient()
    result = await runtime(client).call("find_contact", {}, conv())
    assert result.status == "refused" and result.code == "missing_context"
    assert "caller.phone" in result.reason
    assert client.sent == []


async def test_bad_phone_argument_names_the_argument() -> None:
    client = CountingClient()
    result = await runtime(client).call("find_contact_by_phone", {"phone": "call me maybe"}, conv())
    assert result.status == "invalid_arguments"
    assert result.problems[0].argument == "phone"
    assert "phone number" in result.problems[0].reason
    assert client.sent == []


@pytest.mark.parametrize(
    ("skill", "args", "argument", "words"),
    [
        (
            "update_contact",
            {"contact_id": "1/../../owners", "email": "a@b.c"},
            "contact_id",
            "digits",
        ),
        ("update_contact", {"contact_id": 101, "email": "a@b.c"}, "contact_id", "text"),
        ("update_contact", {"contact_id": "101\n", "email": "a@b.c"}, "contact_id", "digits"),
        (
            "update_contact",
            {"contact_id": "\u0661\u0660\u0661", "email": "a"},
            "contact_id",
            "digits",
        ),
        ("update_contact", {"email": "a@b.c"}, "contact_id", "required"),
        ("create_ticket", {"subject": "x"}, "details", "required"),
        (
            "create_ticket",
            {"subject": "x", "details": "y", "priority": "SUPER"},
            "priority",
            "one of",
        ),
        ("search_contacts", {"email": "a@b.c", "operator": "HAS_PROPERTY"}, "operator", "unknown"),
        ("search_contacts", {"email": ["a@b.c"]}, "email", "text"),
    ],
)
async def test_wrong_arguments_are_explained_and_nothing_sent(
    skill: str, args: dict[str, Any], argument: str, words: str
) -> None:
    client = CountingClient()
    conversation = conv(contact_id="101")
    conversation.verified_identity = "101"
    result = await runtime(client).call(skill, args, conversation)
    assert result.status == "invalid_arguments", result
    assert any(p.argument == argument and words in p.reason for p in result.problems), result
    assert client.sent == []


async def test_arguments_must_be_an_object() -> None:
    result = await runtime(CountingClient()).call("search_contacts", ["x"], conv())
    assert result.status == "invalid_arguments" and result.problems[0].argument is None


async def test_smuggled_operator_stays_a_value() -> None:
    client = CountingClient({SEARCH: {"results": []}})
    evil = 'x", "operator": "HAS_PROPERTY'
    result = await runtime(client).call("search_contacts", {"email": evil}, conv())
    assert result.status == "ok"
    (flt,) = client.sent[0][2]["filterGroups"][0]["filters"]
    assert flt == {"propertyName": "email", "operator": "EQ", "value": evil}


async def test_absent_optional_removes_its_filter_group() -> None:
    client = CountingClient({SEARCH: {"results": [MARIA]}})
    result = await runtime(client).call("search_contacts", {"last_name": "Lopez"}, conv())
    assert result.status == "ok" and result.records is not None and len(result.records) == 1
    groups = client.sent[0][2]["filterGroups"]
    assert groups == [
        {"filters": [{"propertyName": "lastname", "operator": "EQ", "value": "Lopez"}]}
    ]


async def test_every_group_emptied_is_refused_not_sent() -> None:
    client = CountingClient()
    result = await runtime(client).call("search_contacts", {}, conv())
    assert result.status == "refused" and result.code == "match_everything"
    assert client.sent == []


async def test_unknown_skill_lists_installed_ones() -> None:
    result = await runtime(CountingClient()).call("delete_everything", {}, conv())
    assert result.status == "refused" and result.code == "unknown_skill"
    assert "find_contact" in result.reason


async def test_tampered_artifact_is_refused_with_reason() -> None:
    tampered = load("search_contacts")
    tampered["steps"][0]["body"]["filterGroups"][0]["filters"][0]["propertyName"] = "hs_password"
    client = CountingClient()
    rt = Runtime([tampered, load("find_contact")], client)
    result = await rt.call("search_contacts", {"email": "a@b.c"}, conv())
    assert result.status == "refused" and result.code == "digest_mismatch"
    assert "digest mismatch" in result.reason
    assert client.sent == []
    assert "find_contact" in rt.skills


async def test_slot_in_a_property_name_refuses_the_artifact() -> None:
    bad = copy.deepcopy(load("search_contacts"))
    bad["steps"][0]["body"]["filterGroups"][0]["filters"][0]["propertyName"] = {"$param": "email"}
    rt = Runtime([with_digest(bad)], CountingClient())
    result = await rt.call("search_contacts", {"email": "a@b.c"}, conv())
    assert result.status == "refused" and result.code == "artifact_invalid"
    assert "propertyName" in result.reason


async def test_slot_in_the_path_refuses_the_artifact() -> None:
    bad = copy.deepcopy(load("update_contact"))
    bad["steps"][0]["path"] = "/crm/v3/objects/{contact_id}"
    rt = Runtime([with_digest(bad)], CountingClient())
    assert rt.refusals["update_contact"][0] == "artifact_invalid"


@pytest.mark.parametrize(
    ("error", "category", "words", "retryable"),
    [
        (
            error_from_response(
                400,
                {
                    "message": "Property values were not valid",
                    "category": "VALIDATION_ERROR",
                    "errors": [{"message": 'Property "x" does not exist'}],
                },
            ),
            "VALIDATION_ERROR",
            "does not exist",
            False,
        ),
        (
            error_from_response(
                403,
                {
                    "message": "no",
                    "category": "MISSING_SCOPES",
                    "errors": [
                        {"context": {"requiredGranularScopes": ["crm.objects.contacts.read"]}}
                    ],
                },
            ),
            "MISSING_SCOPES",
            "crm.objects.contacts.read",
            False,
        ),
        (
            error_from_response(
                429, {"message": "You have reached your secondly limit.", "errorType": "RATE_LIMIT"}
            ),
            "RATE_LIMIT",
            "try again",
            True,
        ),
    ],
)
async def test_crm_errors_come_back_typed_and_explained(
    error: Exception, category: str, words: str, retryable: bool
) -> None:
    assert isinstance(error, ValidationError | MissingScopesError | RateLimitError)

    class Failing(CountingClient):
        async def request(self, method: str, path: str, **kw: Any) -> Any:
            self.sent.append((method, path, kw.get("json")))
            raise error

    result = await runtime(Failing()).call("search_contacts", {"email": "a@b.c"}, conv())
    assert result.status == "crm_error"
    assert result.category == category and words in result.reason
    assert result.retryable is retryable
    assert result.requests[0].outcome == type(error).__name__


async def test_result_to_json_is_plain_data() -> None:
    client = CountingClient({SEARCH: {"results": [MARIA]}})
    result = await runtime(client).call("search_contacts", {"email": "maria@example.com"}, conv())
    data = result.to_json()
    assert data["status"] == "ok" and data["shape"] == "many"
    assert data["records"][0]["id"] == "101"


@pytest.mark.parametrize("answer", [None, [], "ok", {"results": "nope"}])
async def test_odd_answers_are_handled_without_exceptions(answer: Any) -> None:
    client = CountingClient({SEARCH: answer})
    result = await runtime(client).call("search_contacts", {"email": "a@b.c"}, conv())
    if isinstance(answer, dict):
        assert result.status == "ok" and result.records == []
    else:
        assert result.status == "crm_error"
        assert "expected shape" in result.reason


async def test_template_errors() -> None:
    bad_prompt = copy.deepcopy(load("create_ticket"))
    bad_prompt["templates"]["confirmation"] = "About {{ nothing_here }}?"
    client = CountingClient({("POST", "/crm/v3/objects/tickets"): {"id": "1001", "properties": {}}})
    rt = Runtime([with_digest(bad_prompt)], client)
    caller = conv(contact_id="101")
    result = await rt.call("create_ticket", {"subject": "a", "details": "b"}, caller)
    assert result.status == "refused" and result.code == "template_error"
    assert "nothing_here" in result.reason and client.sent == []

    bad_result = copy.deepcopy(load("create_ticket"))
    bad_result["templates"]["result"] = "{{ record.__class__.__mro__ }}"
    rt = Runtime([with_digest(bad_result)], client)
    ask = await rt.call("create_ticket", {"subject": "a", "details": "b"}, caller)
    done = await rt.call(
        "create_ticket", {"subject": "a", "details": "b"}, caller, confirmation=ask.token
    )
    assert done.status == "ok" and done.created and done.text is None
    assert done.text_error is not None


async def test_a_read_flagged_for_verified_callers_needs_verification() -> None:
    flagged = copy.deepcopy(load("find_tickets"))
    flagged["flags"]["requires_verified_identity"] = True
    client = CountingClient({("POST", "/crm/v3/objects/tickets/search"): {"results": []}})
    rt = Runtime([with_digest(flagged)], client)
    caller = conv(contact_id="101")
    first = await rt.call("find_tickets", {}, caller)
    assert first.status == "needs_verification" and client.sent == []
    caller.verified_identity = "101"
    second = await rt.call("find_tickets", {}, caller)
    assert second.status == "ok" and len(client.sent) == 1


@pytest.mark.parametrize(
    ("value", "text"),
    [(1e20, "100000000000000000000"), (2.5e-7, "0.00000025"), (0.1, "0.1"), (3, "3"),
     (True, "true"), ("x", "x")],
)  # fmt: skip
def test_values_become_hubspot_strings(value: Any, text: str) -> None:
    from compiler.runtime.slots import _as_hubspot_string

    assert _as_hubspot_string("v", value) == text


def test_non_finite_numbers_are_refused() -> None:
    from compiler.runtime.slots import SlotError, _as_hubspot_string

    with pytest.raises(SlotError, match="finite"):
        _as_hubspot_string("v", float("inf"))


@pytest.mark.parametrize(
    ("skill", "args"),
    [
        ("create_ticket", {"subject": "\ud800", "details": "x"}),  # gated: hashed for a token
        ("search_contacts", {"email": "a\udcffb"}),
        ("search_contacts", {"\ud800": "x"}),
    ],
)
async def test_lone_surrogates_are_invalid_arguments_not_exceptions(
    skill: str, args: dict[str, Any]
) -> None:
    client = CountingClient()
    result = await runtime(client).call(skill, args, conv(contact_id="101"))
    assert result.status == "invalid_arguments"
    assert "not valid Unicode" in result.problems[0].reason
    assert client.sent == []
    result.to_json()  # and the result itself can be printed


async def test_a_context_value_that_is_not_unicode_is_refused() -> None:
    client = CountingClient()
    result = await runtime(client).call("find_contact", {}, conv(phone="617555\udcff0123"))
    assert result.status == "refused" and result.code == "missing_context"
    assert "not valid Unicode" in result.reason and client.sent == []


async def test_a_search_value_too_long_for_hubspot_is_refused_before_sending() -> None:
    client = CountingClient({SEARCH: {"results": []}})
    rt = runtime(client)
    fits = await rt.call("search_contacts", {"email": "a" * 2000}, conv())
    assert fits.status == "ok" and len(client.sent) == 1
    client.sent.clear()
    result = await rt.call("search_contacts", {"email": "a" * 120_000, "last_name": "x"}, conv())
    assert result.status == "invalid_arguments"
    assert result.problems[0].argument == "email"
    assert "3,000" in result.problems[0].reason
    assert client.sent == []


async def test_a_property_value_too_long_for_hubspot_is_refused_before_sending() -> None:
    client = CountingClient()
    args = {"subject": "Long story", "details": "x" * 70_000}
    result = await runtime(client).call("create_ticket", args, conv(contact_id="101"))
    assert result.status == "invalid_arguments"
    assert result.problems[0].argument == "details" and "65,536" in result.problems[0].reason
    assert client.sent == []


async def test_numbers_too_large_to_turn_into_text_are_invalid_arguments() -> None:
    client = CountingClient()
    args = {"subject": "x", "details": "y", "priority": 10**5000}
    result = await runtime(client).call("create_ticket", args, conv(contact_id="101"))
    assert result.status == "invalid_arguments"
    assert result.problems[0].argument == "priority" and "too large" in result.problems[0].reason
    assert client.sent == []


async def test_a_skill_name_that_is_not_text_is_an_unknown_skill() -> None:
    result = await runtime(CountingClient()).call(["find_contact"], {}, conv())  # type: ignore[arg-type]
    assert result.status == "refused" and result.code == "unknown_skill"


@pytest.mark.parametrize("escaped", ["a", '"', "\u0001", "é"])
async def test_the_search_size_check_is_exact_at_the_limit(escaped: str) -> None:
    """The shortcut that skips encoding short searches never lets an oversized one through."""
    import json

    from compiler.runtime.operations import SEARCH_BODY_LIMIT, prepare

    client = CountingClient({SEARCH: {"results": []}})
    rt = runtime(client)
    artifact = rt.skills["search_contacts"].artifact
    seen = set()
    for n in range(100, 3000, 3):
        args = {"email": escaped * n}
        body = prepare(artifact, args, {}).search.body  # type: ignore[union-attr]
        size = len(json.dumps(body, ensure_ascii=False, separators=(",", ":")))
        result = await rt.call("search_contacts", args, conv())
        assert (result.status == "invalid_arguments") is (size > SEARCH_BODY_LIMIT), (n, size)
        seen.add(result.status)
    assert seen == {"ok", "invalid_arguments"}
