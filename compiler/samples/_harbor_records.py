"""The records the simulator is seeded with for Harbor Vet (see ``generate.py`` for the cast)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from compiler.samples._build import JsonObj

BASE = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

OWNERS = [
    ("9001", "sam@harborvet.example", "Sam", "Rivera", 5001),
    ("9002", "priya@harborvet.example", "Priya", "Natarajan", 5002),
    ("9003", "tom@harborvet.example", "Tom", "Becker", 5003),
]


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class RecordMaker:
    """Builds records with consistent ids, timestamps and system properties."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def times(self, *, span_days: int = 540) -> tuple[datetime, datetime]:
        created = BASE + timedelta(
            days=self.rng.randrange(span_days), minutes=self.rng.randrange(600)
        )
        updated = created + timedelta(
            days=self.rng.randrange(1, 60), minutes=self.rng.randrange(600)
        )
        return created, updated

    def record(
        self,
        record_id: str,
        props: dict[str, str],
        *,
        created_key: str = "createdate",
        modified_key: str = "hs_lastmodifieddate",
        times: tuple[datetime, datetime] | None = None,
    ) -> JsonObj:
        created, updated = times or self.times()
        system = {
            created_key: iso(created),
            modified_key: iso(updated),
            "hs_object_id": record_id,
        }
        values = {k: v for k, v in props.items() if v != ""}
        return {
            "id": record_id,
            "createdAt": iso(created),
            "updatedAt": iso(updated),
            "archived": False,
            "properties": {**values, **system},
        }


def owners() -> list[JsonObj]:
    return [
        {
            "id": oid,
            "email": email,
            "firstName": first,
            "lastName": last,
            "userId": user_id,
            "archived": False,
            "createdAt": "2025-02-10T14:00:00.000Z",
            "updatedAt": "2025-02-10T14:00:00.000Z",
        }
        for oid, email, first, last, user_id in OWNERS
    ]


# (first, last, phone, mobilephone, extra properties). The featured callers come first.
FEATURED_CONTACTS: list[tuple[str, str, str, str, dict[str, str]]] = [
    (
        "Maria",
        "Lopez",
        "+1 (617) 555-0123",
        "",
        {
            "client_tier": "vip_gold",
            "num_pets": "2",
            "pet_species_owned": "dog;cat",
            "preferred_contact_method": "phone",
            "last_visit_date": "2026-10-14",
            "insurance_provider": "Trupanion",
            "newsletter_opt_in": "true",
            "lifecyclestage": "customer",
        },
    ),
    (
        "James",
        "O'Connor",
        "617.555.0199",
        "",
        {
            "num_pets": "1",
            "pet_species_owned": "dog",
            "preferred_contact_method": "email",
            "lifecyclestage": "customer",
        },
    ),
    (
        "Aisha",
        "Khan",
        "+16175550142",
        "",
        {
            "num_pets": "1",
            "pet_species_owned": "cat",
            "client_tier": "standard",
            "lifecyclestage": "customer",
        },
    ),
    (
        "David",
        "Chen",
        "(617) 555 0110",
        "",
        {
            "num_pets": "2",
            "pet_species_owned": "bird;reptile",
            "preferred_contact_method": "sms",
            "lifecyclestage": "customer",
        },
    ),
    (
        "Emily",
        "Nguyen",
        "",
        "617-555-0175",
        {
            "num_pets": "1",
            "pet_species_owned": "rabbit",
            "preferred_contact_method": "sms",
            "lifecyclestage": "customer",
        },
    ),
    (
        "Robert",
        "Smith",
        "+1 617-555-0188",
        "",
        {
            "num_pets": "1",
            "pet_species_owned": "dog",
            "lifecyclestage": "customer",
        },
    ),
    (
        "Linda",
        "Smith",
        "+1 617-555-0188",
        "",
        {
            "num_pets": "1",
            "pet_species_owned": "dog",
            "lifecyclestage": "customer",
        },
    ),
    (
        "Oliver",
        "Bennett",
        "+44 20 7946 0958",
        "",
        {
            "num_pets": "1",
            "pet_species_owned": "cat",
            "country": "United Kingdom",
            "city": "London",
            "lifecyclestage": "lead",
        },
    ),
    (
        "Charlotte",
        "Hughes",
        "",
        "+44 7700 900123",
        {
            "num_pets": "1",
            "pet_species_owned": "dog",
            "country": "United Kingdom",
            "city": "Manchester",
            "lifecyclestage": "lead",
        },
    ),
    (
        "Grace",
        "Whitfield",
        "617-555-0131",
        "617-555-0132",
        {
            "client_tier": "vip_platinum",
            "num_pets": "3",
            "pet_species_owned": "dog;cat;rabbit",
            "lifecyclestage": "evangelist",
        },
    ),
    (
        "Harold",
        "Fitzgerald",
        "(781) 555-0147",
        "",
        {
            "client_tier": "legacy_silver",
            "num_pets": "1",
            "pet_species_owned": "cat",
            "lifecyclestage": "customer",
        },
    ),
    (
        "Sofia",
        "Martins",
        "",
        "",
        {
            "num_pets": "0",
            "preferred_contact_method": "email",
            "lifecyclestage": "subscriber",
            "hs_language": "pt",
        },
    ),
]

FIRST_NAMES = [
    "Noah",
    "Olivia",
    "Liam",
    "Ava",
    "Ethan",
    "Mia",
    "Lucas",
    "Chloe",
    "Mason",
    "Zoe",
    "Logan",
    "Nora",
    "Caleb",
    "Hannah",
    "Isaac",
    "Leah",
    "Owen",
    "Ruby",
    "Wyatt",
    "Stella",
    "Julian",
    "Naomi",
    "Miles",
    "Iris",
    "Felix",
    "Clara",
    "Theo",
    "Maya",
    "Rosa",
    "Declan",
]
LAST_NAMES = [
    "Patel",
    "Murphy",
    "Sullivan",
    "Garcia",
    "Kim",
    "Walsh",
    "Ramirez",
    "Brooks",
    "Foster",
    "Reyes",
    "Doyle",
    "Kowalski",
    "Haddad",
    "Silva",
    "Thornton",
    "Abbott",
    "Yamamoto",
    "Osei",
    "Lindgren",
    "Moreau",
]
STREETS = [
    "Harbor St",
    "Atlantic Ave",
    "Summer St",
    "Congress St",
    "Elm St",
    "Highland Ave",
    "Beacon St",
    "Tremont St",
]
CITIES = [
    ("Boston", "MA", "02210"),
    ("Cambridge", "MA", "02139"),
    ("Somerville", "MA", "02143"),
    ("Quincy", "MA", "02169"),
]
SPECIES = ["dog", "cat", "bird", "rabbit", "reptile"]
INSURERS = ["Trupanion", "Nationwide", "Healthy Paws", "Lemonade", "ASPCA Pet Health"]


def _phone_styles(number: int) -> list[str]:
    """One US number (617-555-01xx) written the ways people type it."""
    tail = f"{number:04d}"
    return [
        f"+1 (617) 555-{tail}",
        f"617.555.{tail}",
        f"+1617555{tail}",
        f"(617) 555 {tail}",
        f"617-555-{tail}",
        f"6175550{tail[1:]}",
    ]


def contacts(maker: RecordMaker) -> list[JsonObj]:
    rng = maker.rng
    rows: list[tuple[str, str, str, str, dict[str, str]]] = list(FEATURED_CONTACTS)
    used_phones = {r[2] for r in rows} | {r[3] for r in rows}
    used_tails = {int("".join(c for c in p if c.isdigit())[-4:]) for p in used_phones if p}
    # 555-0100 to 555-0199 is the fictional range; draw the remaining numbers from it.
    # 0100 is the clinic's own line; 0160-0169 belong to the partner companies.
    taken = used_tails | {100} | set(range(160, 170))
    free_tails = [n for n in range(101, 200) if n not in taken]
    rng.shuffle(free_tails)
    firsts, lasts = list(FIRST_NAMES), list(LAST_NAMES)
    rng.shuffle(firsts)
    rng.shuffle(lasts)
    for i in range(40 - len(rows)):
        first, last = firsts[i % len(firsts)], lasts[i % len(lasts)]
        styles = _phone_styles(free_tails.pop())
        phone = styles[rng.randrange(len(styles))] if rng.random() < 0.8 else ""
        mobile = _phone_styles(free_tails.pop())[4] if rng.random() < 0.25 else ""
        species = sorted(rng.sample(SPECIES, rng.choice([1, 1, 1, 2])), key=SPECIES.index)
        extra = {
            "num_pets": str(len(species)),
            "pet_species_owned": ";".join(species),
            "preferred_contact_method": rng.choice(["phone", "email", "sms"]),
            "lifecyclestage": rng.choice(
                ["customer", "customer", "customer", "lead", "subscriber"]
            ),
            "client_tier": rng.choice(["standard", "standard", "standard", "vip_gold"]),
        }
        if rng.random() < 0.5:
            extra["insurance_provider"] = rng.choice(INSURERS)
        rows.append((first, last, phone, mobile, extra))

    out: list[JsonObj] = []
    for index, (first, last, phone, mobile, extra) in enumerate(rows):
        created, updated = maker.times()
        visit = extra.get("last_visit_date")
        if visit:  # the clinic's system touched the record on the day of the visit
            updated = max(updated, datetime.fromisoformat(visit).replace(hour=17, tzinfo=UTC))
        client_since = created - timedelta(days=maker.rng.randrange(30, 2500))
        city, state, zip_code = CITIES[index % len(CITIES)]
        slug = "".join(c for c in f"{first}.{last}".lower() if c.isalpha() or c == ".")
        props = {
            "firstname": first,
            "lastname": last,
            "email": f"{slug}@example.com",
            "phone": phone,
            "mobilephone": mobile,
            "address": f"{10 + index * 7} {STREETS[index % len(STREETS)]}",
            "city": city,
            "state": state,
            "zip": zip_code,
            "country": "United States",
            "hubspot_owner_id": OWNERS[index % len(OWNERS)][0],
            "client_since": iso(client_since),
            "newsletter_opt_in": "true" if index % 3 == 0 else "false",
            "hs_lead_status": "CONNECTED" if index % 4 else "OPEN",
            **extra,
        }
        if extra.get("country") == "United Kingdom":
            props.update({"state": "", "zip": "", "address": ""})
        out.append(
            maker.record(
                str(101 + index), props, modified_key="lastmodifieddate", times=(created, updated)
            )
        )
    return out


COMPANY_ROWS = [
    (
        "Seaport Dog Daycare",
        "seaportdogdaycare.example",
        "+1 (617) 555-0160",
        "ANIMAL_CARE",
        "kennel",
        "Boston",
    ),
    (
        "Back Bay Kennels",
        "backbaykennels.example",
        "617.555.0161",
        "ANIMAL_CARE",
        "kennel",
        "Boston",
    ),
    (
        "Charles River Animal Rescue",
        "charlesriverrescue.example",
        "(617) 555-0162",
        "NON_PROFIT_ORGANIZATION_MANAGEMENT",
        "shelter",
        "Cambridge",
    ),
    (
        "Beacon Hill Pet Supply",
        "beaconhillpets.example",
        "+16175550163",
        "RETAIL",
        "supplier",
        "Boston",
    ),
    (
        "North End Grooming",
        "northendgrooming.example",
        "617-555-0164",
        "CONSUMER_SERVICES",
        "groomer",
        "Boston",
    ),
    ("Fenway Farms", "fenwayfarms.example", "(781) 555-0165", "FARMING", "farm", "Quincy"),
    (
        "Cambridge Cat Cafe",
        "cambridgecatcafe.example",
        "617 555 0166",
        "HOSPITALITY",
        "shelter",
        "Cambridge",
    ),
    (
        "Quincy Police K9 Unit",
        "quincyk9.example",
        "(617) 555-0167",
        "LAW_ENFORCEMENT",
        "k9_unit",
        "Quincy",
    ),
    (
        "Somerville Shelter Coalition",
        "somervilleshelters.example",
        "617.555.0168",
        "NON_PROFIT_ORGANIZATION_MANAGEMENT",
        "shelter",
        "Somerville",
    ),
    (
        "Thames Paws Ltd",
        "thamespaws.example",
        "+44 20 7946 0321",
        "ANIMAL_CARE",
        "kennel",
        "London",
    ),
]


def companies(maker: RecordMaker) -> list[JsonObj]:
    out = []
    for index, (name, domain, phone, industry, account_type, city) in enumerate(COMPANY_ROWS):
        uk = city == "London"
        props = {
            "name": name,
            "domain": domain,
            "website": f"https://www.{domain}",
            "phone": phone,
            "industry": industry,
            "account_type": account_type,
            "city": city,
            "state": "" if uk else "MA",
            "country": "United Kingdom" if uk else "United States",
            "numberofemployees": str(5 + index * 6),
            "annualrevenue": str(250000 + index * 137500),
            "type": "PARTNER" if account_type != "supplier" else "VENDOR",
            "hubspot_owner_id": OWNERS[index % 2][0],
            "lifecyclestage": "customer",
        }
        if account_type == "kennel":
            props["kennel_capacity"] = str(20 + index * 5)
        out.append(maker.record(str(201 + index), props))
    return out


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


def link(
    from_object: str,
    from_id: str,
    to_object: str,
    to_id: str,
    type_id: int,
    category: str = "HUBSPOT_DEFINED",
) -> JsonObj:
    return {
        "fromObject": from_object,
        "fromId": from_id,
        "toObject": to_object,
        "toId": to_id,
        "category": category,
        "typeId": type_id,
    }


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
