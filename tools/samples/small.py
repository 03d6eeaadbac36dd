"""A small UK account (HubSpot account 777): four standard objects, one pipeline each, no custom
objects and no calls or notes. For fast tests and for "the account lacks that object"."""

from __future__ import annotations

from datetime import UTC, datetime

from tools.samples import harbor_objects as objs
from tools.samples.build import JsonObj, assoc
from tools.samples.harbor_contacts import contact_properties
from tools.samples.harbor_records import RecordMaker, link
from tools.samples.harbor_schema import COMPANY, CONTACT, DEAL, TICKET, owner_reference

CONTACT_NAMES = """
firstname lastname email phone mobilephone company jobtitle address city state zip country website
lifecyclestage hs_lead_status hubspot_owner_id message hs_language hs_calculated_phone_number
hs_searchable_calculated_phone_number hs_searchable_calculated_mobile_number hs_object_id createdate
lastmodifieddate hs_object_source hs_created_by_user_id hs_updated_by_user_id hs_all_owner_ids
hs_merged_object_ids hs_was_imported associatedcompanyid notes_last_contacted notes_last_updated
num_notes hs_email_optout hs_analytics_source
"""
COMPANY_NAMES = """
name domain phone website industry type description address city state zip country numberofemployees
annualrevenue lifecyclestage hs_lead_status num_associated_contacts num_associated_deals
total_revenue createdate hs_object_id hs_lastmodifieddate hs_object_source
hs_created_by_user_id hs_all_owner_ids
hs_was_imported hubspot_owner_id notes_last_contacted notes_last_updated num_notes
"""
DEAL_NAMES = """
dealname amount closedate pipeline dealstage dealtype hs_priority description closed_lost_reason
closed_won_reason hs_next_step hs_deal_stage_probability hs_forecast_amount amount_in_home_currency
deal_currency_code hs_is_closed hs_is_closed_won days_to_close num_associated_contacts createdate
hs_object_id hs_lastmodifieddate hs_object_source hs_created_by_user_id hs_all_owner_ids
hubspot_owner_id notes_last_contacted notes_last_updated num_notes
"""
TICKET_NAMES = """
subject content hs_pipeline hs_pipeline_stage hs_ticket_priority hs_ticket_category source_type
hs_resolution closed_date last_reply_date time_to_close hs_is_closed hs_num_times_contacted
hs_ticket_id hs_file_upload createdate hs_object_id hs_lastmodifieddate hs_object_source
hs_created_by_user_id hs_all_owner_ids hs_was_imported hubspot_owner_id notes_last_contacted
notes_last_updated num_notes
"""


def _subset(props: list[JsonObj], names: str) -> list[JsonObj]:
    wanted = names.split()
    by_name = {p["name"]: p for p in props}
    missing = [n for n in wanted if n not in by_name]
    if missing:
        raise ValueError(f"small account: unknown properties {missing}")
    return owner_reference([by_name[n] for n in wanted])


def _obj(
    type_id: str, singular: str, plural: str, primary: str, props: list[JsonObj], **extra: object
) -> JsonObj:
    return {
        "objectTypeId": type_id,
        "labels": {"singular": singular, "plural": plural},
        "primaryDisplayProperty": primary,
        "secondaryDisplayProperties": [],
        "requiredProperties": extra.get("required", []),
        "searchableProperties": extra.get("searchable", []),
        "properties": props,
        "pipelines": extra.get("pipelines", []),
        "associations": extra.get("associations", []),
    }


def small_schema() -> JsonObj:
    deal_pipes = objs.deal_pipelines()[:1]
    ticket_pipes = objs.ticket_pipelines()[:1]
    return {
        "format": "skillc.discovered-schema/1",
        "account": {
            "id": "777",
            "label": "Thistle Plumbing (HubSpot)",
            "defaultRegion": "GB",
            "discoveredAt": "2026-11-28T12:00:00Z",
        },
        "objects": {
            "contacts": _obj(
                CONTACT,
                "Contact",
                "Contacts",
                "email",
                _subset(contact_properties(), CONTACT_NAMES),
                searchable=["firstname", "lastname", "email", "phone"],
                associations=[
                    assoc(COMPANY, 279),
                    assoc(COMPANY, 1, "Primary"),
                    assoc(DEAL, 4),
                    assoc(TICKET, 15),
                ],
            ),
            "companies": _obj(
                COMPANY,
                "Company",
                "Companies",
                "name",
                _subset(objs.company_properties(), COMPANY_NAMES),
                searchable=["name", "domain", "phone"],
                associations=[assoc(CONTACT, 280), assoc(DEAL, 342), assoc(TICKET, 340)],
            ),
            "deals": _obj(
                DEAL,
                "Deal",
                "Deals",
                "dealname",
                _subset(objs.deal_properties(), DEAL_NAMES),
                required=["dealname", "pipeline", "dealstage"],
                searchable=["dealname"],
                pipelines=deal_pipes,
                associations=[assoc(CONTACT, 3), assoc(COMPANY, 341), assoc(TICKET, 27)],
            ),
            "tickets": _obj(
                TICKET,
                "Ticket",
                "Tickets",
                "subject",
                _subset(objs.ticket_properties(), TICKET_NAMES),
                required=["subject", "hs_pipeline", "hs_pipeline_stage"],
                searchable=["subject", "content"],
                pipelines=ticket_pipes,
                associations=[assoc(CONTACT, 16), assoc(COMPANY, 339), assoc(DEAL, 28)],
            ),
        },
    }


SMALL_CONTACTS = [
    ("Fiona", "MacLeod", "+44 20 7946 0123", ""),
    ("Callum", "Reid", "020 7946 0456", ""),
    ("Isla", "Fraser", "", "07400 123457"),
    ("Hamish", "Stewart", "+44 7400 123458", ""),
    ("Morag", "Campbell", "0161 496 0321", ""),
    ("Euan", "Robertson", "", ""),
    ("Ailsa", "Grant", "+44 (0)20 7946 0777", ""),
    ("Rory", "Douglas", "020-7946-0888", "07400 123459"),
]


def small_records() -> JsonObj:
    maker = RecordMaker(777)
    contacts = []
    for index, (first, last, phone, mobile) in enumerate(SMALL_CONTACTS):
        props = {
            "firstname": first,
            "lastname": last,
            "email": f"{first.lower()}.{last.lower()}@example.co.uk",
            "phone": phone,
            "mobilephone": mobile,
            "city": "London" if "20 7946" in phone or "020" in phone else "Manchester",
            "country": "United Kingdom",
            "lifecyclestage": "customer" if index % 3 else "lead",
            "hubspot_owner_id": "8801",
        }
        contacts.append(maker.record(str(1001 + index), props, modified_key="lastmodifieddate"))
    companies = [
        maker.record(
            str(2001 + i),
            {"name": name, "domain": domain, "city": city, "country": "United Kingdom"},
        )
        for i, (name, domain, city) in enumerate(
            [
                ("Leith Property Lettings", "leithlettings.example", "Edinburgh"),
                ("Camden Cafe Group", "camdencafes.example", "London"),
                ("Salford Housing Trust", "salfordhousing.example", "Manchester"),
            ]
        )
    ]
    deals = [
        maker.record(
            str(3001 + i),
            {
                "dealname": name,
                "pipeline": "default",
                "dealstage": stage,
                "amount": amount,
                "deal_currency_code": "GBP",
            },
        )
        for i, (name, stage, amount) in enumerate(
            [
                ("Boiler replacement - Leith flats", "contractsent", "18400"),
                ("Annual maintenance - Camden cafes", "closedwon", "6200"),
                ("Bathroom refit - Reid", "qualifiedtobuy", "7450"),
                ("Emergency call-out plan - Salford", "appointmentscheduled", "12000"),
            ]
        )
    ]
    tickets = [
        maker.record(
            str(4001 + i),
            {
                "subject": subject,
                "hs_pipeline": "0",
                "hs_pipeline_stage": stage,
                "hs_ticket_priority": prio,
            },
        )
        for i, (subject, stage, prio) in enumerate(
            [
                ("Leaking radiator valve", "1", "HIGH"),
                ("No hot water", "3", "URGENT"),
                ("Invoice query", "4", "LOW"),
                ("Annual service booking", "2", "MEDIUM"),
            ]
        )
    ]
    links = [
        link("contacts", "1001", "companies", "2001", 279),
        link("contacts", "1002", "companies", "2002", 279),
        link("contacts", "1005", "companies", "2003", 279),
        link("deals", "3001", "contacts", "1001", 3),
        link("deals", "3001", "companies", "2001", 341),
        link("deals", "3003", "contacts", "1002", 3),
        link("tickets", "4001", "contacts", "1001", 16),
        link("tickets", "4002", "contacts", "1003", 16),
        link("tickets", "4004", "contacts", "1005", 16),
    ]
    when = datetime(2025, 2, 1, 9, 0, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return {
        "format": "skillc.sample-records/1",
        "account": "small",
        "owners": [
            {
                "id": "8801",
                "email": "alex@thistleplumbing.example",
                "firstName": "Alex",
                "lastName": "Morrison",
                "userId": 7701,
                "userIdIncludingInactive": 7701,
                "type": "PERSON",
                "teams": [],
                "archived": False,
                "createdAt": when,
                "updatedAt": when,
            }
        ],
        "objects": {
            "contacts": contacts,
            "companies": companies,
            "deals": deals,
            "tickets": tickets,
        },
        "associations": links,
    }
