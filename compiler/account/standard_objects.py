"""What HubSpot documents about its standard objects but does not serve as a schema.

``/crm-object-schemas/v3/schemas`` covers custom objects only, so the display, required and
searchable properties of contacts, companies, deals, tickets, calls and notes come from HubSpot's
documentation (FACTS.md §1 "default searchable properties", §2 "required properties at create").
Discovery keeps only the names that exist among the account's properties.
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
    has_pipelines: bool = False


STANDARD_OBJECTS: dict[str, StandardObject] = {
    o.name: o
    for o in (
        StandardObject(
            "contacts", "0-1", "Contact", "Contacts", "email", ("firstname", "lastname"), (),
            ("firstname", "lastname", "email", "phone", "hs_additional_emails", "fax",
             "mobilephone", "company", "hs_marketable_until_renewal"),
        ),
        StandardObject(
            "companies", "0-2", "Company", "Companies", "name", ("domain",), (),
            ("website", "phone", "name", "domain"),
        ),
        StandardObject(
            "deals", "0-3", "Deal", "Deals", "dealname", (), ("dealname", "pipeline", "dealstage"),
            ("dealname", "pipeline", "dealstage", "description", "dealtype"), has_pipelines=True,
        ),
        StandardObject(
            "tickets", "0-5", "Ticket", "Tickets", "subject", (),
            ("subject", "hs_pipeline", "hs_pipeline_stage"),
            ("subject", "content", "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_id"),
            has_pipelines=True,
        ),
        StandardObject(
            "calls", "0-48", "Call", "Calls", "hs_call_title", (), ("hs_timestamp",),
            ("hs_call_title", "hs_body_preview"),
        ),
        StandardObject(
            "notes", "0-46", "Note", "Notes", "hs_note_body", (), ("hs_timestamp",),
            ("hs_note_body",),
        ),
    )
}  # fmt: skip

STANDARD_BY_TYPE_ID = {o.object_type_id: o for o in STANDARD_OBJECTS.values()}
