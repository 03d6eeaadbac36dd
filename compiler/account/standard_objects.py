"""What HubSpot documents about its standard objects but does not serve as a schema.

``/crm-object-schemas/v3/schemas`` covers custom objects only, so the display, required,
searchable and default returned properties of contacts, companies, deals, tickets, calls and notes
come from HubSpot's documentation (FACTS.md §1 "default searchable properties" and "default
returned properties", §2 "required properties at create"). Discovery and the compiler read them
from here; the simulator keeps its own table (``compiler/simulator/rules.py``), and
``tests/test_hubspot_facts.py`` checks both against FACTS.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StandardObject:
    name: str
    object_type_id: str
    singular: str
    plural: str
    primary_display: str
    secondary_display: tuple[str, ...]
    required: tuple[str, ...]
    searchable: tuple[str, ...]
    returned: tuple[str, ...]  # what a search returns when it names no properties
    has_pipelines: bool = False

    @property
    def association_name(self) -> str:
        """The name in the ``associations.{name}`` search pseudo-property ("contact")."""
        return self.singular.lower()


ENGAGEMENT_RETURNED = ("hs_createdate", "hs_lastmodifieddate", "hs_object_id")


STANDARD_OBJECTS: dict[str, StandardObject] = {
    o.name: o
    for o in (
        StandardObject(
            "contacts", "0-1", "Contact", "Contacts", "email", ("firstname", "lastname"), (),
            ("firstname", "lastname", "email", "phone", "hs_additional_emails", "fax",
             "mobilephone", "company", "hs_marketable_until_renewal"),
            ("firstname", "lastname", "email", "lastmodifieddate", "hs_object_id", "createdate"),
        ),
        StandardObject(
            "companies", "0-2", "Company", "Companies", "name", ("domain",), (),
            ("website", "phone", "name", "domain"),
            ("name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"),
        ),
        StandardObject(
            "deals", "0-3", "Deal", "Deals", "dealname", (), ("dealname", "pipeline", "dealstage"),
            ("dealname", "pipeline", "dealstage", "description", "dealtype"),
            ("dealname", "amount", "closedate", "pipeline", "dealstage", "createdate",
             "hs_lastmodifieddate", "hs_object_id"),
            has_pipelines=True,
        ),
        StandardObject(
            "tickets", "0-5", "Ticket", "Tickets", "subject", (),
            ("subject", "hs_pipeline", "hs_pipeline_stage"),
            ("subject", "content", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_id"),
            ("content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_category",
             "hs_ticket_priority", "subject", "createdate", "hs_lastmodifieddate", "hs_object_id"),
            has_pipelines=True,
        ),
        StandardObject(
            "calls", "0-48", "Call", "Calls", "hs_call_title", (), ("hs_timestamp",),
            ("hs_call_title", "hs_body_preview"), ENGAGEMENT_RETURNED,
        ),
        StandardObject(
            "notes", "0-46", "Note", "Notes", "hs_note_body", (), ("hs_timestamp",),
            ("hs_note_body",), ENGAGEMENT_RETURNED,
        ),
    )
}  # fmt: skip

STANDARD_BY_TYPE_ID = {o.object_type_id: o for o in STANDARD_OBJECTS.values()}
