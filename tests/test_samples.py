"""The bundled sample accounts: they load, are current, and their records fit their schemas."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from compiler.account import fingerprint
from compiler.samples import (
    UnknownSampleError,
    load_sample_schema,
    sample_names,
    sample_records_path,
    sample_schema_path,
)
from tools.samples.check import check_records
from tools.samples.generate import build


def _records(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sample_records_path(name).read_text(encoding="utf-8"))
    return data


def test_sample_names() -> None:
    assert sample_names() == ["harbor_vet", "small"]


@pytest.mark.parametrize("name", ["harbor_vet", "small"])
def test_every_sample_loads_and_its_records_check(name: str) -> None:
    schema = load_sample_schema(name)
    assert check_records(schema, _records(name)) == []


def test_regeneration_is_byte_identical() -> None:
    for file_name, text in build().items():
        path = sample_schema_path("small").parent / file_name
        assert path.read_text(encoding="utf-8") == text, (
            f"{file_name} is stale: run python -m tools.samples.generate"
        )


@pytest.mark.parametrize("name", ["harbor_vet", "small"])
def test_fingerprint_in_file_matches_recomputation(name: str) -> None:
    raw = json.loads(sample_schema_path(name).read_text(encoding="utf-8"))
    assert raw["fingerprint"] == fingerprint(raw)
    assert load_sample_schema(name).fingerprint == raw["fingerprint"]


def test_unknown_sample_lists_the_available_ones() -> None:
    with pytest.raises(UnknownSampleError, match="available: harbor_vet, small"):
        load_sample_schema("nope")


def test_harbor_vet_shape() -> None:
    schema = load_sample_schema("harbor_vet")
    assert schema.account.id == "4242"
    assert schema.account.label == "Harbor Vet (HubSpot)"
    assert schema.account.defaultRegion == "US"
    objects = schema.objects
    assert len(objects["contacts"].properties) >= 300
    assert len(objects["companies"].properties) >= 100
    assert len(objects["deals"].properties) >= 80
    assert len(objects["tickets"].properties) >= 60
    assert [p.id for p in objects["deals"].pipelines] == ["default", "wellness_plans"]
    assert [p.id for p in objects["tickets"].pipelines] == ["0", "7733001"]
    assert any(s.id.isdigit() for s in objects["deals"].pipelines[1].stages)
    assert objects["deals"].requiredProperties == ["dealname", "pipeline", "dealstage"]
    assert objects["tickets"].requiredProperties == ["subject", "hs_pipeline", "hs_pipeline_stage"]
    for obj, name in (("deals", "dealstage"), ("tickets", "hs_pipeline_stage")):
        prop = objects[obj].get_property(name)
        assert prop is not None and prop.externalOptions and prop.options == []


def test_harbor_vet_contact_properties() -> None:
    contacts = load_sample_schema("harbor_vet").objects["contacts"]
    phones = {p.name for p in contacts.properties if p.is_phone}
    assert {"phone", "mobilephone", "fax"} <= phones
    lifecycle = contacts.get_property("lifecyclestage")
    assert lifecycle is not None
    assert lifecycle.option_values() == [
        "subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead",
        "opportunity", "customer", "evangelist", "other",
    ]  # fmt: skip
    searchable = contacts.get_property("hs_searchable_calculated_phone_number")
    assert searchable is not None and searchable.read_only and searchable.calculated
    species = contacts.get_property("pet_species_owned")
    assert species is not None and species.is_multi_select
    tier = contacts.get_property("client_tier")
    assert tier is not None
    assert {o.label: o.value for o in tier.options}["Gold VIP"] == "vip_gold"
    assert [o.value for o in tier.options if o.hidden] == ["legacy_silver"]
    modified = contacts.get_property("lastmodifieddate")
    assert modified is not None and modified.read_only and modified.type == "datetime"


def test_pets_custom_object() -> None:
    schema = load_sample_schema("harbor_vet")
    found = schema.resolve_object("p4242_pets")
    assert found is not None and found[0] == "pets"
    pets = found[1]
    assert pets.objectTypeId == "2-9876543" and pets.is_custom
    assert pets.requiredProperties == ["pet_name", "species"]
    chip = pets.get_property("microchip_id")
    assert chip is not None and chip.hasUniqueValue
    to_contacts = pets.association_to("0-1")
    assert to_contacts is not None and to_contacts.category == "USER_DEFINED"
    assert pets.association_to("0-2") is not None
    contacts = schema.objects["contacts"]
    assert contacts.association_to("2-9876543") is not None


def test_hubspot_defined_association_ids() -> None:
    objects = load_sample_schema("harbor_vet").objects
    expected = {
        ("contacts", "0-2"): 279, ("companies", "0-1"): 280, ("tickets", "0-1"): 16,
        ("contacts", "0-5"): 15, ("deals", "0-1"): 3, ("contacts", "0-3"): 4,
        ("calls", "0-1"): 194, ("notes", "0-1"): 202, ("contacts", "0-48"): 193,
        ("contacts", "0-46"): 201, ("deals", "0-2"): 341, ("tickets", "0-2"): 339,
        ("tickets", "0-3"): 28, ("deals", "0-5"): 27,
    }  # fmt: skip
    for (name, to_type), type_id in expected.items():
        found = objects[name].association_to(to_type)
        assert found is not None and found.typeId == type_id, (name, to_type)
    primary = [a for a in objects["contacts"].associations if a.label == "Primary"]
    assert [(a.toObjectTypeId, a.typeId) for a in primary] == [("0-2", 1)]


def test_harbor_vet_records_cast() -> None:
    records = _records("harbor_vet")
    contacts = records["objects"]["contacts"]
    assert 35 <= len(contacts) <= 45
    by_name = {(c["properties"]["firstname"], c["properties"]["lastname"]): c for c in contacts}
    assert by_name[("Maria", "Lopez")]["properties"]["phone"] == "+1 (617) 555-0123"
    phones = [c["properties"].get("phone") for c in contacts if c["properties"].get("phone")]
    assert len(phones) - len(set(phones)) == 1  # exactly one shared number: the ambiguous case
    assert any(
        "mobilephone" in c["properties"] and "phone" not in c["properties"] for c in contacts
    )
    assert any(p.startswith("+44") for p in phones)
    for c in contacts:
        assert not any(k.startswith("hs_searchable_calculated_") for k in c["properties"])
    pipelines = {d["properties"]["pipeline"] for d in records["objects"]["deals"]}
    assert pipelines == {"default", "wellness_plans"}
    pipelines = {t["properties"]["hs_pipeline"] for t in records["objects"]["tickets"]}
    assert pipelines == {"0", "7733001"}
    assert len(records["objects"]["pets"]) >= 20
    assert 2 <= len(records["owners"]) <= 3


def test_small_account_lacks_custom_objects() -> None:
    schema = load_sample_schema("small")
    assert schema.account.id == "777" and schema.account.defaultRegion == "GB"
    assert sorted(schema.objects) == ["companies", "contacts", "deals", "tickets"]
    for obj in schema.objects.values():
        assert 25 <= len(obj.properties) <= 40
    assert len(schema.objects["deals"].pipelines) == 1
    assert len(schema.objects["tickets"].pipelines) == 1


def _broken(mutate: Any) -> list[str]:
    schema = load_sample_schema("harbor_vet")
    records = copy.deepcopy(_records("harbor_vet"))
    mutate(records)
    return check_records(schema, records)


def _contact(records: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = records["objects"]["contacts"][0]["properties"]
    return props


def _deal(records: dict[str, Any]) -> dict[str, Any]:
    props: dict[str, Any] = records["objects"]["deals"][0]["properties"]
    return props


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda r: _contact(r).update(favourite_colour="blue"),
            "favourite_colour: no such property",
        ),
        (lambda r: _contact(r).update(client_tier="Gold VIP"), "not among the options"),
        (lambda r: _contact(r).update(pet_species_owned="dog;hamster"), "'hamster' not among"),
        (lambda r: _contact(r).update(newsletter_opt_in="yes"), "not 'true' or 'false'"),
        (lambda r: _contact(r).update(num_pets="two"), "not a number"),
        (lambda r: _contact(r).update(last_visit_date="14/10/2026"), "not a YYYY-MM-DD date"),
        (lambda r: _contact(r).update(hubspot_owner_id="1"), "not an owner id"),
        (lambda r: _contact(r).update(hs_object_id="999"), "differs from the record id"),
        (lambda r: _contact(r).update(num_pets=2), "values are strings"),
        (
            lambda r: _contact(r).update(hs_searchable_calculated_phone_number="6175550123"),
            "not stored",
        ),
        (
            lambda r: _deal(r).update(dealstage="closedwon"),
            "not a stage of pipeline 'wellness_plans'",
        ),
        (lambda r: _deal(r).update(pipeline="nope"), "'nope' is not a pipeline"),
        (lambda r: _deal(r).pop("dealname"), "required property 'dealname' is missing"),
        (lambda r: r["associations"][0].update(typeId=999), "has no association type"),
        (lambda r: r["associations"][0].update(toId="1"), "no companies record '1'"),
        (lambda r: r["objects"].update(widgets=[]), "objects.widgets: no such object"),
    ],
)
def test_check_catches_broken_records(mutate: Any, expected: str) -> None:
    problems = _broken(mutate)
    assert any(expected in p for p in problems), problems


def test_check_catches_duplicate_unique_values() -> None:
    def dup(records: dict[str, Any]) -> None:
        pets = records["objects"]["pets"]
        pets[1]["properties"]["microchip_id"] = pets[0]["properties"]["microchip_id"]

    assert any("unique property 'microchip_id'" in p for p in _broken(dup))


@pytest.mark.parametrize("name", ["harbor_vet", "small"])
def test_phone_values_are_valid_numbers(name: str) -> None:
    """Every stored phone is a valid number in the account's region, however it is spelled."""
    import phonenumbers

    schema = load_sample_schema(name)
    region = schema.account.defaultRegion
    checked = 0
    for obj_name, records in _records(name)["objects"].items():
        obj = schema.objects[obj_name]
        phones = [p.name for p in obj.properties if p.is_phone]
        for record in records:
            for prop in phones:
                value = record["properties"].get(prop)
                if value:
                    number = phonenumbers.parse(value, region)
                    assert phonenumbers.is_valid_number(number), (obj_name, record["id"], value)
                    checked += 1
    assert checked >= 5
