"""Harbor Vet's deals, tickets, pets, calls and notes, and the whole records file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tools.samples.build import JsonObj
from tools.samples.harbor_records import (
    OWNERS,
    RecordMaker,
    companies,
    contacts,
    iso,
    link,
    owners,
)

# (name, pipeline, stage, amount, contact index, company index or None, plan level)
DEAL_ROWS: list[tuple[str, str, str, str, int, int | None, str]] = [
    (
        "Maria Lopez - Adult Essentials plan",
        "wellness_plans",
        "1234569",
        "588",
        0,
        None,
        "adult_essentials",
    ),
    ("Biscuit - Senior Plus upgrade", "wellness_plans", "1234568", "828", 0, None, "senior_plus"),
    (
        "Aisha Khan - Puppy & Kitten plan",
        "wellness_plans",
        "1234567",
        "420",
        2,
        None,
        "puppy_kitten",
    ),
    (
        "Grace Whitfield - family plan",
        "wellness_plans",
        "1234569",
        "1764",
        9,
        None,
        "adult_essentials",
    ),
    ("David Chen - exotic care plan", "wellness_plans", "1234570", "640", 3, None, "senior_plus"),
    (
        "Emily Nguyen - rabbit wellness",
        "wellness_plans",
        "1234568",
        "360",
        4,
        None,
        "adult_essentials",
    ),
    ("Seaport Dog Daycare - annual health checks", "default", "contractsent", "14500", 12, 0, ""),
    ("Back Bay Kennels - vaccination contract", "default", "closedwon", "9800", 13, 1, ""),
    (
        "Charles River Rescue - spay/neuter program",
        "default",
        "decisionmakerboughtin",
        "22000",
        14,
        2,
        "",
    ),
    (
        "Beacon Hill Pet Supply - referral partnership",
        "default",
        "qualifiedtobuy",
        "3000",
        15,
        3,
        "",
    ),
    ("North End Grooming - skin clinic days", "default", "appointmentscheduled", "4200", 16, 4, ""),
    ("Fenway Farms - herd visits", "default", "presentationscheduled", "18750", 17, 5, ""),
    ("Quincy K9 Unit - service dog care", "default", "closedwon", "31000", 18, 7, ""),
    ("Somerville Shelters - intake exams", "default", "closedlost", "12500", 19, 8, ""),
    ("Thames Paws - UK boarding partnership", "default", "appointmentscheduled", "6000", 7, 9, ""),
]


def deals(maker: RecordMaker) -> tuple[list[JsonObj], list[JsonObj]]:
    out: list[JsonObj] = []
    links: list[JsonObj] = []
    for index, (name, pipe, stage_id, amount, contact, company, plan) in enumerate(DEAL_ROWS):
        created, updated = maker.times()
        deal_id = str(301 + index)
        closed = stage_id in ("closedwon", "closedlost", "1234569", "1234570")
        props = {
            "dealname": name,
            "pipeline": pipe,
            "dealstage": stage_id,
            "amount": amount,
            "closedate": iso(updated if closed else updated + timedelta(days=30)),
            "dealtype": "existingbusiness" if pipe == "wellness_plans" else "newbusiness",
            "hs_priority": ("low", "medium", "high")[index % 3],
            "hubspot_owner_id": OWNERS[index % len(OWNERS)][0],
            "plan_level": plan,
            "billing_frequency": "monthly" if plan else "",
        }
        out.append(maker.record(deal_id, props, times=(created, updated)))
        links.append(link("deals", deal_id, "contacts", str(101 + contact), 3))
        if company is not None:
            links.append(link("deals", deal_id, "companies", str(201 + company), 341))
    return out, links


# (subject, pipeline, stage, priority, category, source, contact index, company index or None)
TICKET_ROWS: list[tuple[str, str, str, str, str, str, int, int | None]] = [
    ("Biscuit limping after walk", "0", "3", "HIGH", "GENERAL_INQUIRY", "PHONE", 0, None),
    (
        "Refill of Luna's thyroid medication",
        "7733001",
        "7733004",
        "MEDIUM",
        "PRESCRIPTION_REFILL",
        "PHONE",
        0,
        None,
    ),
    ("Invoice shows two dental cleanings", "0", "2", "MEDIUM", "BILLING_ISSUE", "EMAIL", 1, None),
    (
        "Blood test results for Mochi",
        "7733001",
        "7733003",
        "HIGH",
        "TEST_RESULTS",
        "PHONE",
        2,
        None,
    ),
    ("Parrot not eating", "0", "1", "URGENT", "GENERAL_INQUIRY", "PHONE", 3, None),
    ("Reschedule rabbit dental", "7733001", "7733002", "LOW", "APPOINTMENT", "CHAT", 4, None),
    ("Which Smith booked the Tuesday slot?", "0", "2", "LOW", "APPOINTMENT", "PHONE", 5, None),
    (
        "Pet passport paperwork for UK travel",
        "0",
        "1",
        "MEDIUM",
        "GENERAL_INQUIRY",
        "EMAIL",
        7,
        None,
    ),
    (
        "Vaccination certificate request",
        "7733001",
        "7733005",
        "LOW",
        "GENERAL_INQUIRY",
        "FORM",
        8,
        None,
    ),
    ("Online booking portal login fails", "0", "4", "MEDIUM", "PRODUCT_ISSUE", "CHAT", 9, None),
    ("Charge for cancelled appointment", "0", "4", "MEDIUM", "BILLING_ISSUE", "PHONE", 10, None),
    ("Kennel cough cases at daycare", "0", "3", "URGENT", "GENERAL_INQUIRY", "PHONE", 12, 0),
    (
        "Bulk vaccination records export",
        "7733001",
        "7733003",
        "MEDIUM",
        "FEATURE_REQUEST",
        "EMAIL",
        13,
        1,
    ),
    ("Rescue intake: six kittens", "7733001", "7733002", "HIGH", "APPOINTMENT", "PHONE", 14, 2),
    ("Flea treatment stock question", "0", "4", "LOW", "GENERAL_INQUIRY", "EMAIL", 15, 3),
    ("K9 Rex post-surgery check", "7733001", "7733004", "HIGH", "APPOINTMENT", "PHONE", 18, 7),
    (
        "Heartworm prescription refill",
        "7733001",
        "7733005",
        "LOW",
        "PRESCRIPTION_REFILL",
        "FORM",
        20,
        None,
    ),
    (
        "Question about wellness plan coverage",
        "0",
        "1",
        "MEDIUM",
        "BILLING_ISSUE",
        "PHONE",
        22,
        None,
    ),
    ("Lost microchip registration", "0", "2", "MEDIUM", "GENERAL_INQUIRY", "EMAIL", 25, None),
    (
        "Senior cat bloodwork follow-up",
        "7733001",
        "7733003",
        "MEDIUM",
        "TEST_RESULTS",
        "PHONE",
        28,
        None,
    ),
]


def tickets(maker: RecordMaker) -> tuple[list[JsonObj], list[JsonObj]]:
    out: list[JsonObj] = []
    links: list[JsonObj] = []
    for index, (subject, pipe, stage_id, prio, category, source, contact, company) in enumerate(
        TICKET_ROWS
    ):
        ticket_id = str(401 + index)
        props = {
            "subject": subject,
            "content": f"{subject}. Logged by the front desk.",
            "hs_pipeline": pipe,
            "hs_pipeline_stage": stage_id,
            "hs_ticket_priority": prio,
            "hs_ticket_category": category,
            "source_type": source,
            "hubspot_owner_id": OWNERS[(index + 1) % len(OWNERS)][0],
            "callback_requested": "true" if source == "PHONE" and index % 2 == 0 else "",
        }
        out.append(maker.record(ticket_id, props))
        links.append(link("tickets", ticket_id, "contacts", str(101 + contact), 16))
        if company is not None:
            links.append(link("tickets", ticket_id, "companies", str(201 + company), 339))
    return out, links


# (name, species, breed, owner contact index or None, company index or None)
PET_ROWS: list[tuple[str, str, str, int | None, int | None]] = [
    ("Biscuit", "dog", "Golden Retriever", 0, None),
    ("Luna", "cat", "Domestic Shorthair", 0, None),
    ("Rocky", "dog", "Boxer", 1, None),
    ("Mochi", "cat", "Ragdoll", 2, None),
    ("Kiwi", "bird", "African Grey Parrot", 3, None),
    ("Spike", "reptile", "Bearded Dragon", 3, None),
    ("Clover", "rabbit", "Holland Lop", 4, None),
    ("Max", "dog", "Labrador Retriever", 5, None),
    ("Bella", "dog", "Beagle", 6, None),
    ("Earl Grey", "cat", "British Shorthair", 7, None),
    ("Poppy", "dog", "Cocker Spaniel", 8, None),
    ("Duke", "dog", "German Shepherd", 9, None),
    ("Whiskers", "cat", "Maine Coon", 9, None),
    ("Thumper", "rabbit", "Flemish Giant", 9, None),
    ("Oscar", "cat", "Siamese", 10, None),
    ("Rex", "dog", "Belgian Malinois", None, 7),
    ("Bolt", "dog", "German Shepherd", None, 7),
    ("Pumpkin", "cat", "Tabby", None, 2),
    ("Pepper", "cat", "Tuxedo", None, 2),
    ("Daisy", "dog", "Border Collie", 20, None),
    ("Nibbles", "rabbit", "Mini Rex", 21, None),
    ("Sunny", "bird", "Cockatiel", 22, None),
    ("Shadow", "dog", "Greyhound", 23, 8),
    ("Ziggy", "reptile", "Leopard Gecko", 24, None),
    ("Milo", "cat", "Bengal", 25, None),
]


def pets(maker: RecordMaker) -> tuple[list[JsonObj], list[JsonObj]]:
    rng = maker.rng
    out: list[JsonObj] = []
    links: list[JsonObj] = []
    weights = {
        "dog": (8.0, 40.0),
        "cat": (3.0, 7.5),
        "bird": (0.1, 0.6),
        "rabbit": (1.2, 6.5),
        "reptile": (0.05, 0.6),
    }
    for index, (name, species, breed, owner, company) in enumerate(PET_ROWS):
        pet_id = str(501 + index)
        low, high = weights[species]
        birth = datetime(2012, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(4700))
        props = {
            "pet_name": name,
            "species": species,
            "breed": breed,
            "date_of_birth": birth.strftime("%Y-%m-%d"),
            "weight_kg": f"{rng.uniform(low, high):.1f}",
            "microchip_id": f"98514100{rng.randrange(10**7):07d}"
            if species in ("dog", "cat", "rabbit")
            else "",
            "neutered": "true" if rng.random() < 0.7 else "false",
            "sex": rng.choice(["female", "male"]),
            "vaccination_status": rng.choice(["current", "current", "due_soon", "overdue"]),
        }
        out.append(
            maker.record(
                pet_id, props, created_key="hs_createdate", modified_key="hs_lastmodifieddate"
            )
        )
        if owner is not None:
            links.append(link("pets", pet_id, "contacts", str(101 + owner), 52, "USER_DEFINED"))
        if company is not None:
            links.append(link("pets", pet_id, "companies", str(201 + company), 54, "USER_DEFINED"))
    return out, links


def engagements(maker: RecordMaker) -> tuple[list[JsonObj], list[JsonObj], list[JsonObj]]:
    """Earlier calls and notes on Maria Lopez's and David Chen's timelines."""
    calls: list[JsonObj] = []
    notes: list[JsonObj] = []
    links: list[JsonObj] = []
    call_rows = [
        (
            "601",
            0,
            "+16175550123",
            "Biscuit limping",
            "Maria called: Biscuit limps after long walks. Booked an exam.",
        ),
        (
            "602",
            3,
            "+16175550110",
            "Kiwi not eating",
            "David reports Kiwi has not eaten since yesterday. Advised to come in.",
        ),
    ]
    for index, (call_id, contact, number, title, body) in enumerate(call_rows):
        when = datetime(2026, 10, 2 + index * 5, 14, 30, tzinfo=UTC)
        props = {
            "hs_timestamp": iso(when),
            "hs_call_title": title,
            "hs_call_body": f"<p>{body}</p>",
            "hs_call_direction": "INBOUND",
            "hs_call_duration": str(180000 + index * 45000),
            "hs_call_from_number": number,
            "hs_call_to_number": "+16175550100",
            "hs_call_status": "COMPLETED",
            "hs_call_disposition": "f240bbac-87c9-4f6e-bf70-924b57d47db7",
            "hubspot_owner_id": "9001",
        }
        calls.append(
            maker.record(
                call_id,
                props,
                created_key="hs_createdate",
                times=(when, when + timedelta(minutes=5)),
            )
        )
        links.append(link("calls", call_id, "contacts", str(101 + contact), 194))
    note_rows = [
        ("701", 0, "Prefers morning appointments; Biscuit is nervous around other dogs."),
        ("702", 5, "Robert and Linda Smith share the home phone. Confirm which one is calling."),
    ]
    for index, (note_id, contact, body) in enumerate(note_rows):
        when = datetime(2026, 9, 20 + index, 11, 0, tzinfo=UTC)
        props = {
            "hs_timestamp": iso(when),
            "hs_note_body": f"<p>{body}</p>",
            "hubspot_owner_id": "9002",
        }
        notes.append(maker.record(note_id, props, created_key="hs_createdate", times=(when, when)))
        links.append(link("notes", note_id, "contacts", str(101 + contact), 202))
    return calls, notes, links


def harbor_vet_records() -> JsonObj:
    maker = RecordMaker(4242)
    contact_records = contacts(maker)
    company_records = companies(maker)
    links: list[JsonObj] = []
    # Staff at partner organisations are contacts too (contacts 113 to 120 work at companies 201+).
    for offset in range(8):
        links.append(link("contacts", str(113 + offset), "companies", str(201 + offset), 279))
    deal_records, deal_links = deals(maker)
    ticket_records, ticket_links = tickets(maker)
    pet_records, pet_links = pets(maker)
    call_records, note_records, engagement_links = engagements(maker)
    return {
        "format": "skillc.sample-records/1",
        "account": "harbor_vet",
        "owners": owners(),
        "objects": {
            "contacts": contact_records,
            "companies": company_records,
            "deals": deal_records,
            "tickets": ticket_records,
            "pets": pet_records,
            "calls": call_records,
            "notes": note_records,
        },
        "associations": links + deal_links + ticket_links + pet_links + engagement_links,
    }
