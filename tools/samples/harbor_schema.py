"""The discovered schema of the Harbor Vet portal (HubSpot account 4242)."""

from __future__ import annotations

from tools.samples import harbor_engagements as engagements
from tools.samples import harbor_objects as objs
from tools.samples.build import PORTAL_CREATED, JsonObj, assoc
from tools.samples.harbor_contacts import contact_properties

DISCOVERED_AT = "2026-11-28T12:00:00Z"
PETS_TYPE_ID = "2-9876543"

CONTACT, COMPANY, DEAL, TICKET, CALL, NOTE = "0-1", "0-2", "0-3", "0-5", "0-48", "0-46"


def owner_reference(props: list[JsonObj]) -> list[JsonObj]:
    """``hubspot_owner_id`` takes its values from the owners API, as in a real portal."""
    return [
        {**p, "externalOptions": True, "referencedObjectType": "OWNER", "options": []}
        if p["name"] == "hubspot_owner_id"
        else p
        for p in props
    ]


def _object(
    type_id: str,
    singular: str,
    plural: str,
    primary: str,
    props: list[JsonObj],
    *,
    required: list[str] | None = None,
    searchable: list[str] | None = None,
    secondary: list[str] | None = None,
    pipelines: list[JsonObj] | None = None,
    associations: list[JsonObj] | None = None,
) -> JsonObj:
    return {
        "objectTypeId": type_id,
        "labels": {"singular": singular, "plural": plural},
        "primaryDisplayProperty": primary,
        "secondaryDisplayProperties": secondary or [],
        "requiredProperties": required or [],
        "searchableProperties": searchable or [],
        "properties": owner_reference(props),
        "pipelines": pipelines or [],
        "associations": associations or [],
    }


def harbor_vet_schema() -> JsonObj:
    """The schema without its fingerprint (the generator adds it)."""
    user = "USER_DEFINED"
    contacts = _object(
        CONTACT,
        "Contact",
        "Contacts",
        "email",
        contact_properties(),
        secondary=["firstname", "lastname"],
        searchable=[
            "firstname",
            "lastname",
            "email",
            "phone",
            "mobilephone",
            "company",
            "hs_additional_emails",
        ],
        associations=[
            assoc(COMPANY, 279),
            assoc(COMPANY, 1, "Primary"),
            assoc(DEAL, 4),
            assoc(TICKET, 15),
            assoc(CALL, 193),
            assoc(NOTE, 201),
            assoc(PETS_TYPE_ID, 53, category=user),
        ],
    )
    companies = _object(
        COMPANY,
        "Company",
        "Companies",
        "name",
        objs.company_properties(),
        secondary=["domain"],
        searchable=["name", "domain", "phone", "website"],
        associations=[
            assoc(CONTACT, 280),
            assoc(CONTACT, 2, "Primary"),
            assoc(DEAL, 342),
            assoc(DEAL, 6, "Primary"),
            assoc(TICKET, 340),
            assoc(TICKET, 25, "Primary"),
            assoc(CALL, 181),
            assoc(NOTE, 189),
            assoc(PETS_TYPE_ID, 55, category=user),
        ],
    )
    deals = _object(
        DEAL,
        "Deal",
        "Deals",
        "dealname",
        objs.deal_properties(),
        required=["dealname", "pipeline", "dealstage"],
        searchable=["dealname"],
        pipelines=objs.deal_pipelines(),
        associations=[
            assoc(CONTACT, 3),
            assoc(COMPANY, 341),
            assoc(COMPANY, 5, "Primary"),
            assoc(TICKET, 27),
            assoc(CALL, 205),
            assoc(NOTE, 213),
        ],
    )
    tickets = _object(
        TICKET,
        "Ticket",
        "Tickets",
        "subject",
        objs.ticket_properties(),
        required=["subject", "hs_pipeline", "hs_pipeline_stage"],
        searchable=["subject", "content"],
        pipelines=objs.ticket_pipelines(),
        associations=[
            assoc(CONTACT, 16),
            assoc(COMPANY, 339),
            assoc(COMPANY, 26, "Primary"),
            assoc(DEAL, 28),
            assoc(CALL, 219),
            assoc(NOTE, 227),
        ],
    )
    pets = _object(
        PETS_TYPE_ID,
        "Pet",
        "Pets",
        "pet_name",
        engagements.pet_properties(),
        required=["pet_name", "species"],
        searchable=["pet_name", "microchip_id"],
        secondary=["species"],
        associations=[assoc(CONTACT, 52, category=user), assoc(COMPANY, 54, category=user)],
    )
    # The Schemas API's own fields for a custom object, kept as discovery stores them.
    pets = {
        "id": "9876543",
        "name": "pets",
        "fullyQualifiedName": "p4242_pets",
        "description": "Animals registered with the clinic; each belongs to one or more owners.",
        **pets,
        "createdAt": PORTAL_CREATED,
        "updatedAt": PORTAL_CREATED,
        "archived": False,
    }
    calls = _object(
        CALL,
        "Call",
        "Calls",
        "hs_call_title",
        engagements.call_properties(),
        required=["hs_timestamp"],
        searchable=["hs_call_title"],
        associations=[
            assoc(CONTACT, 194),
            assoc(COMPANY, 182),
            assoc(DEAL, 206),
            assoc(TICKET, 220),
        ],
    )
    notes = _object(
        NOTE,
        "Note",
        "Notes",
        "hs_note_body",
        engagements.note_properties(),
        required=["hs_timestamp"],
        associations=[
            assoc(CONTACT, 202),
            assoc(COMPANY, 190),
            assoc(DEAL, 214),
            assoc(TICKET, 228),
        ],
    )
    return {
        "format": "skillc.discovered-schema/1",
        "account": {
            "id": "4242",
            "label": "Harbor Vet (HubSpot)",
            "defaultRegion": "US",
            "discoveredAt": DISCOVERED_AT,
        },
        "objects": {
            "contacts": contacts,
            "companies": companies,
            "deals": deals,
            "tickets": tickets,
            "pets": pets,
            "calls": calls,
            "notes": notes,
        },
    }
