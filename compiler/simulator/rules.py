"""The simulator's own knowledge of HubSpot: property semantics and the standard objects.

Written from FACTS.md (the team's HubSpot fact sheet) and HubSpot's OpenAPI specs, independently
of the compiler: the simulator stands in for HubSpot in the compiler's and runtime's tests, so if
it read the compiler's beliefs (``compiler.account``), a wrong belief would pass on both sides.
``tests/test_hubspot_facts.py`` checks both tables against FACTS.md, and
``tests/test_sim_independence.py`` that nothing here is imported from outside the simulator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class SchemaShapeError(ValueError):
    """A discovered schema the simulator cannot serve; the message says where and why."""


@dataclass(frozen=True, slots=True)
class SimProperty:
    """One property definition (``Property`` of the properties API, FACTS.md §3)."""

    name: str
    type: str  # bool, enumeration, date, datetime, string, number (+ phone_number in the spec)
    field_type: str
    options: tuple[str, ...]
    calculated: bool
    read_only_value: bool
    external_options: bool
    has_unique_value: bool
    referenced_object_type: str | None

    @classmethod
    def from_raw(cls, raw: Any, where: str) -> SimProperty:
        if not isinstance(raw, dict):
            raise SchemaShapeError(f"{where}: expected a property object")
        for key in ("name", "type"):
            if not isinstance(raw.get(key), str) or not raw[key]:
                raise SchemaShapeError(f"{where}.{key}: expected a non-empty string")
        options = raw.get("options") or []
        if not isinstance(options, list) or not all(
            isinstance(o, dict) and isinstance(o.get("value"), str) for o in options
        ):
            raise SchemaShapeError(f"{where}.options: expected a list of {{label, value}}")
        meta = raw.get("modificationMetadata")
        referenced = raw.get("referencedObjectType")
        return cls(
            name=raw["name"],
            type=raw["type"],
            field_type=str(raw.get("fieldType") or "text"),
            # Hidden options stay valid values to write; only the UI hides them.
            options=tuple(o["value"] for o in options),
            calculated=bool(raw.get("calculated", False)),
            read_only_value=isinstance(meta, dict) and bool(meta.get("readOnlyValue", False)),
            external_options=bool(raw.get("externalOptions", False)),
            has_unique_value=bool(raw.get("hasUniqueValue", False)),
            referenced_object_type=referenced if isinstance(referenced, str) else None,
        )

    @property
    def read_only(self) -> bool:
        """A value HubSpot computes or locks: ``calculated`` or ``readOnlyValue`` (FACTS.md §3)."""
        return self.calculated or self.read_only_value

    @property
    def is_phone(self) -> bool:
        """Phone numbers: fieldType ``phonenumber`` (FACTS.md §1), type ``phone_number`` (§3)."""
        return self.field_type == "phonenumber" or self.type == "phone_number"

    @property
    def is_multi_select(self) -> bool:
        """``;``-separated values: an enumeration shown as checkboxes (FACTS.md §3)."""
        return self.type == "enumeration" and self.field_type == "checkbox"


@dataclass(frozen=True, slots=True)
class StandardObjectRules:
    """What HubSpot does with one standard object that its schema endpoints do not say."""

    object_type_id: str
    singular: str  # in association type names and ``associations.{singular}`` (FACTS.md §1)
    returned: tuple[str, ...]  # properties a read returns when it names none (FACTS.md §1)
    query: tuple[str, ...]  # properties the free-text ``query`` searches (FACTS.md §1)
    required: tuple[str, ...]  # required at create (FACTS.md §2; pipelines default, see below)
    one_of: tuple[str, ...] = ()  # at least one of these at create (FACTS.md §2)
    pipeline: tuple[str, str] | None = None  # (pipeline property, stage property)


# Calls, notes and the other engagements return these when a read names none (FACTS.md §1).
ENGAGEMENT_RETURNED = ("hs_createdate", "hs_lastmodifieddate", "hs_object_id")

# FACTS.md §1 (default searchable and returned properties) and §2 (required at create). Deals and
# tickets list their pipeline as required, but their guides say it defaults to the default
# pipeline when left out, so only the stage is required here.
STANDARD_OBJECT_RULES: dict[str, StandardObjectRules] = {
    "contacts": StandardObjectRules(
        object_type_id="0-1",
        singular="contact",
        returned=("firstname", "lastname", "email", "lastmodifieddate", "hs_object_id",
                  "createdate"),
        query=("firstname", "lastname", "email", "phone", "hs_additional_emails", "fax",
               "mobilephone", "company", "hs_marketable_until_renewal"),
        required=(),
        # The table says none, the contacts guide at least one of these: the guide wins (§2).
        one_of=("email", "firstname", "lastname"),
    ),
    "companies": StandardObjectRules(
        object_type_id="0-2",
        singular="company",
        returned=("name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"),
        query=("website", "phone", "name", "domain"),
        required=(),
        one_of=("name", "domain"),
    ),
    "deals": StandardObjectRules(
        object_type_id="0-3",
        singular="deal",
        returned=("dealname", "amount", "closedate", "pipeline", "dealstage", "createdate",
                  "hs_lastmodifieddate", "hs_object_id"),
        query=("dealname", "pipeline", "dealstage", "description", "dealtype"),
        required=("dealname", "dealstage"),
        pipeline=("pipeline", "dealstage"),
    ),
    "tickets": StandardObjectRules(
        object_type_id="0-5",
        singular="ticket",
        returned=("content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category",
                  "hs_ticket_priority", "subject", "createdate", "hs_lastmodifieddate",
                  "hs_object_id"),
        query=("subject", "content", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_id"),
        required=("subject", "hs_pipeline_stage"),
        pipeline=("hs_pipeline", "hs_pipeline_stage"),
    ),
    "calls": StandardObjectRules(
        object_type_id="0-48",
        singular="call",
        returned=ENGAGEMENT_RETURNED,
        query=("hs_call_title", "hs_body_preview"),
        required=("hs_timestamp",),
    ),
    "notes": StandardObjectRules(
        object_type_id="0-46",
        singular="note",
        returned=ENGAGEMENT_RETURNED,
        query=("hs_note_body",),
        required=("hs_timestamp",),
    ),
}  # fmt: skip

# Objects with pipelines that are neither deals nor tickets (custom objects) use these.
DEFAULT_PIPELINE_PROPERTIES = ("hs_pipeline", "hs_pipeline_stage")

# Phone property -> the calculated twins HubSpot keeps (FACTS.md §1 "Phone numbers"): searchable
# national, searchable international, calculated E.164, country code (contacts' phone only).
PHONE_TWINS: dict[str, tuple[str, str, str, str | None]] = {
    "phone": (
        "hs_searchable_calculated_phone_number",
        "hs_searchable_calculated_international_phone_number",
        "hs_calculated_phone_number",
        "hs_calculated_phone_number_country_code",
    ),
    "mobilephone": (
        "hs_searchable_calculated_mobile_number",
        "hs_searchable_calculated_international_mobile_number",
        "hs_calculated_mobile_number",
        None,
    ),
}
