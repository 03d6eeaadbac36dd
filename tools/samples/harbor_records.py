"""The records the simulator is seeded with for Harbor Vet (see ``generate.py`` for the cast)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from tools.samples.build import JsonObj

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
            "userIdIncludingInactive": user_id,
            "type": "PERSON",
            "teams": [],
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
        "+44 7400 123456",
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
