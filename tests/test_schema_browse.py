"""Schema browse and search: the library functions (compiler.account.browse / .search)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.account import AccountSchema
from compiler.account.browse import (
    UnknownObjectError,
    UnknownPropertyError,
    closest,
    describe_object,
    describe_property,
    list_objects,
)
from compiler.account.search import did_you_mean, search_properties
from compiler.samples import load_sample_schema

# Loaded once: hypothesis tests cannot use function-scoped fixtures, and search caches its index
# per schema object.
_HARBOR = load_sample_schema("harbor_vet")
_SMALL = load_sample_schema("small")


@pytest.fixture(scope="module")
def harbor() -> AccountSchema:
    return _HARBOR


@pytest.fixture(scope="module")
def small() -> AccountSchema:
    return _SMALL


def _names(
    schema: AccountSchema, query: str, *, object_name: str | None = None, limit: int = 10
) -> list[str]:
    hits = search_properties(schema, query, object_name=object_name, limit=limit)
    return [f"{h.object}.{h.name}" for h in hits]


# --- browse -------------------------------------------------------------------------------------


def test_list_objects(harbor: AccountSchema) -> None:
    data = list_objects(harbor)
    assert data["account"] == {"id": "4242", "label": "Harbor Vet (HubSpot)"}
    assert data["fingerprint"] == harbor.fingerprint
    by_name = {o["name"]: o for o in data["objects"]}
    assert list(by_name) == ["contacts", "companies", "deals", "tickets", "pets", "calls", "notes"]
    assert by_name["contacts"]["properties"] == len(harbor.objects["contacts"].properties)
    assert by_name["deals"]["pipelines"] == [
        {"id": "default", "label": "Sales Pipeline", "stages": 7},
        {"id": "wellness_plans", "label": "Wellness Plans", "stages": 4},
    ]
    assert by_name["tickets"]["requiredProperties"] == [
        "subject",
        "hs_pipeline",
        "hs_pipeline_stage",
    ]
    pets = by_name["pets"]
    assert pets["custom"] and pets["fullyQualifiedName"] == "p4242_pets"
    assert not by_name["contacts"]["custom"]


@pytest.mark.parametrize("alias", ["deals", "0-3"])
def test_describe_object_by_name_or_type_id(harbor: AccountSchema, alias: str) -> None:
    data = describe_object(harbor, alias)
    assert data["name"] == "deals"
    assert [p["id"] for p in data["pipelines"]] == ["default", "wellness_plans"]
    closed = data["pipelines"][0]["stages"][5]
    assert closed == {
        "id": "closedwon",
        "label": "Closed Won",
        "metadata": {"isClosed": "true", "probability": "1.0"},
    }
    stage = next(p for p in data["properties"] if p["name"] == "dealstage")
    assert stage["valuesFrom"] == "pipeline_stages" and stage["options"] == []
    assoc = {(a["toObject"], a["typeId"]) for a in data["associations"]}
    assert ("contacts", 3) in assoc and ("companies", 341) in assoc


def test_describe_custom_object_by_fully_qualified_name(harbor: AccountSchema) -> None:
    data = describe_object(harbor, "p4242_pets")
    assert data["name"] == "pets" and data["objectTypeId"] == "2-9876543"
    assert data["requiredProperties"] == ["pet_name", "species"]
    assert data["pipelines"] == []
    assert {(a["toObject"], a["category"]) for a in data["associations"]} == {
        ("contacts", "USER_DEFINED"),
        ("companies", "USER_DEFINED"),
    }
    chip = next(p for p in data["properties"] if p["name"] == "microchip_id")
    assert chip["type"] == "string" and not chip["readOnly"]


@pytest.mark.parametrize(
    ("wrong", "suggested"),
    [("contact", "contacts"), ("Pets", "pets"), ("0-4", None), ("ticket", "tickets")],
)
def test_unknown_object_suggests_closest(
    harbor: AccountSchema, wrong: str, suggested: str | None
) -> None:
    with pytest.raises(UnknownObjectError) as info:
        describe_object(harbor, wrong)
    assert f"no object {wrong!r} in account 4242" in str(info.value)
    if suggested:
        assert info.value.suggestions[0] == suggested
        assert f"did you mean: {suggested}" in str(info.value)


def test_small_account_lacks_pets(small: AccountSchema) -> None:
    with pytest.raises(UnknownObjectError, match="no object 'pets' in account 777"):
        describe_object(small, "pets")


def test_describe_property_options_and_hidden(harbor: AccountSchema) -> None:
    data = describe_property(harbor, "contacts", "client_tier")
    assert data["object"] == "contacts" and data["type"] == "enumeration"
    assert {o["value"]: o["label"] for o in data["options"]}["vip_gold"] == "Gold VIP"
    assert [o["value"] for o in data["options"] if o["hidden"]] == ["legacy_silver"]
    assert data["valuesFrom"] is None and not data["readOnly"]


def test_describe_property_flags(harbor: AccountSchema) -> None:
    searchable = describe_property(harbor, "contacts", "hs_searchable_calculated_phone_number")
    assert searchable["readOnly"] and searchable["calculated"] and searchable["hidden"]
    phone = describe_property(harbor, "contacts", "phone")
    assert phone["phone"] and not phone["readOnly"]
    species = describe_property(harbor, "contacts", "pet_species_owned")
    assert species["multiSelect"]
    chip = describe_property(harbor, "2-9876543", "microchip_id")
    assert chip["unique"] and chip["object"] == "pets"
    assert describe_property(harbor, "deals", "dealname")["required"]


def test_describe_pipeline_properties(harbor: AccountSchema) -> None:
    stage = describe_property(harbor, "tickets", "hs_pipeline_stage")
    assert stage["externalOptions"] and stage["options"] == []
    source = stage["valuesFrom"]
    assert source["kind"] == "pipeline_stages"
    assert [p["id"] for p in source["pipelines"]] == ["0", "7733001"]
    assert [s["id"] for s in source["pipelines"][0]["stages"]] == ["1", "2", "3", "4"]
    pipe = describe_property(harbor, "deals", "pipeline")["valuesFrom"]
    assert pipe == {
        "kind": "pipelines",
        "pipelines": [
            {"id": "default", "label": "Sales Pipeline"},
            {"id": "wellness_plans", "label": "Wellness Plans"},
        ],
    }
    owner = describe_property(harbor, "contacts", "hubspot_owner_id")["valuesFrom"]
    assert owner is not None and owner["kind"] == "owners"


def test_unknown_property_suggests_closest(harbor: AccountSchema) -> None:
    with pytest.raises(UnknownPropertyError) as info:
        describe_property(harbor, "contacts", "phon")
    assert info.value.suggestions[0] == "phone"
    assert "mobilephone" in info.value.suggestions
    with pytest.raises(UnknownPropertyError) as info:
        describe_property(harbor, "contacts", "First Name")  # a label, not a name
    assert info.value.suggestions[0] == "firstname"
    with pytest.raises(UnknownObjectError):
        describe_property(harbor, "contact", "phone")


def test_closest_is_empty_for_nothing_alike() -> None:
    assert closest("zzzz", {"contacts": "contacts", "deals": "deals"}) == []


# --- search -------------------------------------------------------------------------------------


def test_search_phone_finds_the_phone_fields_first(harbor: AccountSchema) -> None:
    top = _names(harbor, "phone", limit=3)
    assert set(top) == {"contacts.phone", "contacts.mobilephone", "companies.phone"}
    # Case does not matter, and the hidden searchable twin ranks below the real property.
    assert _names(harbor, "PHONE", limit=3) == top
    ranked = _names(harbor, "phone", limit=50)
    assert ranked.index("contacts.phone") < ranked.index(
        "contacts.hs_searchable_calculated_phone_number"
    )


def test_search_by_option_label(harbor: AccountSchema) -> None:
    hits = search_properties(harbor, "gold vip")
    assert hits[0].object == "contacts" and hits[0].name == "client_tier"
    assert any("Gold VIP" in r and "vip_gold" in r for r in hits[0].reasons)
    urgent = search_properties(harbor, "urgent", limit=1)[0]
    assert (urgent.object, urgent.name) == ("tickets", "hs_ticket_priority")


def test_search_pipeline_stage(harbor: AccountSchema) -> None:
    assert set(_names(harbor, "pipeline stage", limit=2)) == {
        "tickets.hs_pipeline_stage",
        "deals.dealstage",
    }


def test_search_stage_labels_count_as_options(harbor: AccountSchema) -> None:
    assert "deals.dealstage" in _names(harbor, "closed won", limit=5)
    hit = search_properties(harbor, "waiting on us", limit=1)[0]
    assert (hit.object, hit.name) == ("tickets", "hs_pipeline_stage")
    assert any("Waiting on us" in r for r in hit.reasons)


def test_search_exact_name_beats_label_and_description(harbor: AccountSchema) -> None:
    assert _names(harbor, "email", limit=1) == ["contacts.email"]
    assert _names(harbor, "hs_pipeline_stage", limit=1) == ["tickets.hs_pipeline_stage"]
    assert _names(harbor, "pet name", limit=1) == ["pets.pet_name"]
    assert _names(harbor, "date of birth", limit=2) == [
        "pets.date_of_birth",
        "contacts.date_of_birth",
    ]


def test_search_label_match(harbor: AccountSchema) -> None:
    hit = search_properties(harbor, "ticket status", limit=1)[0]
    assert (hit.object, hit.name) == ("tickets", "hs_pipeline_stage")
    assert "exact label" in hit.reasons


def test_search_description_only_match_ranks_low(harbor: AccountSchema) -> None:
    hits = search_properties(harbor, "nail trims")  # only in client_tier's description
    assert [(h.object, h.name) for h in hits] == [("contacts", "client_tier")]
    assert hits[0].reasons == ("description mentions 'nail'", "description mentions 'trims'")
    assert hits[0].score < search_properties(harbor, "client tier", limit=1)[0].score


def test_search_all_words_beat_one_word(harbor: AccountSchema) -> None:
    top = search_properties(harbor, "ticket priority", limit=2)
    assert top[0].name == "hs_ticket_priority"
    assert top[0].score > 2 * top[1].score


def test_search_within_one_object(harbor: AccountSchema) -> None:
    names = _names(harbor, "phone", object_name="companies")
    assert names and all(n.startswith("companies.") for n in names)
    assert names[0] == "companies.phone"
    assert _names(harbor, "species", object_name="p4242_pets", limit=1) == ["pets.species"]
    with pytest.raises(UnknownObjectError):
        search_properties(harbor, "phone", object_name="contact")


def test_search_limit_and_empty(harbor: AccountSchema) -> None:
    assert len(search_properties(harbor, "date", limit=7)) == 7
    assert search_properties(harbor, "") == []
    assert search_properties(harbor, "  ;; ") == []
    assert search_properties(harbor, "xylophone quokka") == []
    with pytest.raises(ValueError, match="at least 1"):
        search_properties(harbor, "phone", limit=0)


def test_search_small_account(small: AccountSchema) -> None:
    assert set(_names(small, "phone", limit=2)) == {"contacts.phone", "companies.phone"}
    assert _names(small, "microchip") == []


def test_search_hit_json(harbor: AccountSchema) -> None:
    data = search_properties(harbor, "mobile", limit=1)[0].to_json()
    assert data["object"] == "contacts" and data["name"] == "mobilephone"
    assert data["label"] == "Mobile Phone Number" and data["type"] == "string"
    assert data["fieldType"] == "phonenumber" and data["readOnly"] is False
    assert isinstance(data["score"], float) and data["reasons"]


@settings(max_examples=60, deadline=None)
@given(query=st.text(max_size=30), limit=st.integers(min_value=1, max_value=20))
def test_search_never_fails_and_ranks_by_score(query: str, limit: int) -> None:
    hits = search_properties(_SMALL, query, limit=limit)
    assert len(hits) <= limit
    assert all(h.score > 0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("contact phone", "contacts.phone"),
        ("company phone", "companies.phone"),
        ("deal amount", "deals.amount"),
        ("contact email", "contacts.email"),
        ("pet species", "pets.species"),
        ("deal stage", "deals.dealstage"),
        ("call duration", "calls.hs_call_duration"),
    ],
)
def test_search_words_naming_the_object(harbor: AccountSchema, query: str, first: str) -> None:
    hits = search_properties(harbor, query, limit=1)
    assert f"{hits[0].object}.{hits[0].name}" == first


def test_object_word_alone_is_not_a_match(harbor: AccountSchema) -> None:
    # "pets" names the object but no property of it: object words only count beside a match.
    assert all(
        h.object != "pets" or "pet" in h.name for h in search_properties(harbor, "pets", limit=50)
    )


def _brute_force(schema: AccountSchema, query: str) -> list[tuple[str, str, float]]:
    """Score every property, without the index's candidate pruning."""
    from compiler.account import search

    qwords = search._query_words(query)
    index = search._index(schema)
    looked_up = [search._QueryWord.build(q, index.vocabulary) for q in qwords]
    out = []
    for entry in index.entries:
        score, _ = search._score(entry, query, qwords, looked_up)
        if score > 0:
            out.append((entry.object, entry.prop.name, score))
    out.sort(key=lambda item: -item[2])
    return out


_VOCABULARY = sorted(
    {w for p in _HARBOR.objects["tickets"].properties for w in p.label.lower().split()}
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_VOCABULARY), st.text("aeinorst", min_size=1, max_size=5)),
        min_size=1,
        max_size=3,
    )
)
def test_index_pruning_loses_nothing(parts: list[str]) -> None:
    schema = _HARBOR
    query = " ".join(parts)
    expected = _brute_force(schema, query)
    got = search_properties(schema, query, limit=1000)
    assert sorted((h.object, h.name, h.score) for h in got) == sorted(expected)


def test_did_you_mean(harbor: AccountSchema) -> None:
    assert did_you_mean(harbor, "phnoe") == ["phone"]
    assert did_you_mean(harbor, "ticket priorty")[0] == "ticket priority"
    assert did_you_mean(harbor, "phone") == []  # every word is known
    assert did_you_mean(harbor, "xylophone") == []  # nothing close
    assert did_you_mean(harbor, "") == []
