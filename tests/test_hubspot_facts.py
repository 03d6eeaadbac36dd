"""The compiler's and the simulator's standard-object facts agree with FACTS.md, each on its own.

``FACTS`` below is written from the team's HubSpot fact sheet (``../shared/hubspot/FACTS.md``),
section by section. When the fact sheet itself is reachable, the table is also checked against
its text, so neither the table nor the code can drift from it unnoticed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import ROOT

from compiler.account.model import STANDARD_OBJECT_TYPE_IDS
from compiler.account.standard_objects import ENGAGEMENT_RETURNED, STANDARD_OBJECTS
from compiler.plan import SEARCHABLE_PHONE_TWIN
from compiler.simulator import rules as sim

# object -> type id (§2 heading), `query` properties (§1 "Default searchable properties"),
# properties returned when none are named (§1 "Default returned properties"), required at create
# (§2 table; "at least one of" listed apart).
FACTS: dict[str, dict[str, tuple[str, ...]]] = {
    "contacts": {
        "type_id": ("0-1",),
        "searchable": ("firstname", "lastname", "email", "phone", "hs_additional_emails", "fax",
                       "mobilephone", "company", "hs_marketable_until_renewal"),
        "returned": ("firstname", "lastname", "email", "lastmodifieddate", "hs_object_id",
                     "createdate"),
        "required": (),
        "one_of": ("email", "firstname", "lastname"),  # §2: the contacts guide's rule
    },
    "companies": {
        "type_id": ("0-2",),
        "searchable": ("website", "phone", "name", "domain"),
        "returned": ("name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"),
        "required": (),
        "one_of": ("domain", "name"),
    },
    "deals": {
        "type_id": ("0-3",),
        "searchable": ("dealname", "pipeline", "dealstage", "description", "dealtype"),
        "returned": ("dealname", "amount", "closedate", "pipeline", "dealstage", "createdate",
                     "hs_lastmodifieddate", "hs_object_id"),
        "required": ("dealname", "dealstage", "pipeline"),
        "one_of": (),
    },
    "tickets": {
        "type_id": ("0-5",),
        "searchable": ("subject", "content", "hs_pipeline_stage", "hs_ticket_category",
                       "hs_ticket_id"),
        "returned": ("content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category",
                     "hs_ticket_priority", "subject", "createdate", "hs_lastmodifieddate",
                     "hs_object_id"),
        "required": ("subject", "hs_pipeline_stage", "hs_pipeline"),
        "one_of": (),
    },
    "calls": {
        "type_id": ("0-48",),
        "searchable": ("hs_call_title", "hs_body_preview"),
        "returned": ("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
        "required": ("hs_timestamp",),
        "one_of": (),
    },
    "notes": {
        "type_id": ("0-46",),
        "searchable": ("hs_note_body",),
        "returned": ("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
        "required": ("hs_timestamp",),
        "one_of": (),
    },
}  # fmt: skip
# §2: deals and tickets may leave their pipeline out at create (the default pipeline is used).
PIPELINE_DEFAULTS = {"deals": "pipeline", "tickets": "hs_pipeline"}
# §1 "Phone numbers": the calculated properties seen on real records.
PHONE_PROPERTIES = {
    "hs_searchable_calculated_phone_number", "hs_searchable_calculated_mobile_number",
    "hs_searchable_calculated_international_phone_number",
    "hs_searchable_calculated_international_mobile_number", "hs_calculated_phone_number",
    "hs_calculated_phone_number_country_code", "hs_calculated_mobile_number",
}  # fmt: skip
OBJECTS = sorted(FACTS)


# ---------------------------------------------------------------- the compiler
def test_the_compiler_knows_the_same_standard_objects() -> None:
    assert sorted(STANDARD_OBJECTS) == OBJECTS
    assert {name: FACTS[name]["type_id"][0] for name in OBJECTS} == STANDARD_OBJECT_TYPE_IDS


@pytest.mark.parametrize("name", OBJECTS)
def test_compiler_standard_object_agrees_with_facts(name: str) -> None:
    facts, known = FACTS[name], STANDARD_OBJECTS[name]
    assert known.object_type_id == facts["type_id"][0]
    assert known.searchable == facts["searchable"]
    assert known.returned == facts["returned"]
    assert set(known.required) == set(facts["required"])


def test_compiler_engagement_defaults_and_phone_twins_agree_with_facts() -> None:
    assert ENGAGEMENT_RETURNED == FACTS["calls"]["returned"] == FACTS["notes"]["returned"]
    assert set(SEARCHABLE_PHONE_TWIN) == {"phone", "mobilephone"}
    assert set(SEARCHABLE_PHONE_TWIN.values()) <= PHONE_PROPERTIES


# ---------------------------------------------------------------- the simulator
def test_the_simulator_knows_the_same_standard_objects() -> None:
    assert sorted(sim.STANDARD_OBJECT_RULES) == OBJECTS


@pytest.mark.parametrize("name", OBJECTS)
def test_simulator_standard_object_agrees_with_facts(name: str) -> None:
    facts, rules = FACTS[name], sim.STANDARD_OBJECT_RULES[name]
    assert rules.object_type_id == facts["type_id"][0]
    assert rules.query == facts["searchable"]
    assert rules.returned == facts["returned"]
    # Required at create, less a pipeline that defaults (§2); "at least one of" apart.
    defaulted = {PIPELINE_DEFAULTS.get(name)}
    assert set(rules.required) == set(facts["required"]) - defaulted
    assert set(rules.one_of) == set(facts["one_of"])
    if name in PIPELINE_DEFAULTS:
        assert rules.pipeline is not None and rules.pipeline[0] == PIPELINE_DEFAULTS[name]


def test_simulator_phone_twins_agree_with_facts() -> None:
    twins = {t for group in sim.PHONE_TWINS.values() for t in group if t is not None}
    assert twins == PHONE_PROPERTIES


def test_simulator_property_rules_follow_the_properties_api() -> None:
    def prop(**raw: object) -> sim.SimProperty:
        return sim.SimProperty.from_raw({"name": "x", "type": "string", **raw}, "p")

    # §3: read-only is `calculated` or `modificationMetadata.readOnlyValue`, nothing else.
    assert prop(calculated=True).read_only
    assert prop(modificationMetadata={"readOnlyValue": True}).read_only
    assert not prop(modificationMetadata={"readOnlyDefinition": True}).read_only
    # §1/§3: phones are fieldType phonenumber (or type phone_number in the create enum).
    assert prop(fieldType="phonenumber").is_phone and prop(type="phone_number").is_phone
    assert not prop(fieldType="text").is_phone
    # §3: multi-select values are `;`-separated checkbox enumerations.
    assert prop(type="enumeration", fieldType="checkbox").is_multi_select
    assert not prop(type="enumeration", fieldType="select").is_multi_select


# ---------------------------------------------------------------- the table against FACTS.md
def _facts_path() -> Path | None:
    candidates = [os.environ.get("HUBSPOT_FACTS", "")]
    if os.environ.get("HUBSPOT_OPENAPI_DIR"):
        candidates.append(str(Path(os.environ["HUBSPOT_OPENAPI_DIR"]).parent / "FACTS.md"))
    candidates.append(str(ROOT.parent / "shared" / "hubspot" / "FACTS.md"))
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def _section(text: str, number: int) -> str:
    found = re.search(rf"^## {number}\. .*?(?=^## )", text, re.S | re.M)
    assert found is not None, f"FACTS.md has no section {number}"
    return found.group(0)


def _names(text: str) -> tuple[str, ...]:
    return tuple(n.strip(" `") for n in text.split(",") if n.strip(" `"))


@pytest.fixture(scope="module")
def facts_text() -> str:
    path = _facts_path()
    if path is None:
        pytest.skip("FACTS.md not found: set HUBSPOT_FACTS (or HUBSPOT_OPENAPI_DIR next to it)")
    return path.read_text(encoding="utf-8")


def test_the_table_is_what_facts_md_says(facts_text: str) -> None:
    one, two = _section(facts_text, 1), _section(facts_text, 2)
    # §1 searchable: "| contacts | firstname, lastname, ... |"
    for name in OBJECTS:
        row = re.search(rf"^\| {name} \| ([^|]+) \|$", one, re.M)
        assert row is not None, name
        assert _names(row.group(1)) == FACTS[name]["searchable"], name
    # §1 returned: "contacts: a, b, c ·" ... "calls/notes/emails/meetings/tasks: ..."
    returned = one.split("**Default returned properties**", 1)[1].split("\n\n", 1)[0]
    for entry in re.split(r"·|\n", returned):
        label, _, names = entry.partition(":")
        for name in label.strip().split("/"):
            if name in FACTS:
                assert _names(names.strip().rstrip(".")) == FACTS[name]["returned"], name
    # §2 heading: "(contacts 0-1, companies 0-2, ...)"
    heading = two.splitlines()[0]
    for name in OBJECTS:
        found = re.search(rf"\b{name} (\d+-\d+)", heading)
        assert found is not None and (found.group(1),) == FACTS[name]["type_id"], name
    # §2 required table: "| deals | `dealname`, `dealstage`, `pipeline` | ... |"
    for name in OBJECTS:
        row = re.search(rf"^\| {name} \| ([^|]+) \|", two, re.M)
        assert row is not None, name
        cell = row.group(1)
        names = tuple(re.findall(r"`([a-z_]+)`", cell))
        if "at least one of" in cell:
            assert set(names) == set(FACTS[name]["one_of"]), name
        elif cell.strip().startswith("none"):
            assert FACTS[name]["required"] == (), name
            listed = re.search(r"one of ([a-z_/]+)", cell)
            assert listed is not None and set(listed.group(1).split("/")) == set(
                FACTS[name]["one_of"]
            )
        else:
            assert set(names) == set(FACTS[name]["required"]), name
    # §1 phone numbers: every calculated name the table holds is named there.
    for twin in PHONE_PROPERTIES:
        assert f"`{twin}`" in one, twin
