"""Generalisation: goals for a garage account (a custom `vehicles` object, a workshop ticket
pipeline) whose vocabulary the engine's rules were not written for.

23 of these 30 bound equivalently on the first run, before any rule was touched; the misses
("built before 2010", "red vehicles", "Ford vehicles", pipeline words as object names, a count
property named like another object) led to general rules, not garage-specific ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.account import load_schema
from compiler.account.model import AccountSchema
from compiler.authoring import author
from compiler.binding import compile_binding

GARAGE = load_schema(
    Path(__file__).resolve().parent / "fixtures" / "authoring" / "garage.schema.json"
)

ROOT = Path(__file__).resolve().parent.parent
TINY = load_schema(ROOT / "tests" / "fixtures" / "sim" / "tiny.schema.json")
SMALL = load_schema(ROOT / "compiler" / "samples" / "small.schema.json")

# Paraphrases written in one sitting without running the engine: 25 of 30 bound equivalently
# on the first run (misses: "email address", "by phone" on a call, an object word with no
# association, assignment order).
PARAPHRASES = [
    (
        TINY,
        "Look up the caller's contact by their phone number",
        "search contacts where phone matches {caller.phone} limit 1",
    ),
    (
        TINY,
        "Find the contact who is calling",
        "search contacts where phone matches {caller.phone} limit 1",
    ),
    (
        TINY,
        "Get the most recent ticket for whoever is calling",
        "search tickets where associated with contacts {caller.contact_id} order by "
        "createdate desc limit 1",
    ),
    (
        TINY,
        "List the caller's 5 most recent tickets",
        "search tickets where associated with contacts {caller.contact_id} order by "
        "createdate desc limit 5",
    ),
    (
        TINY,
        "Show open tickets for the caller",
        "search tickets where associated with contacts {caller.contact_id} and "
        'hs_pipeline_stage not in ("4", "7733005")',
    ),
    (TINY, "Find deals worth more than 1000", "search deals where amount > 1000"),
    (
        TINY,
        "List deals with an amount of at least 5000, biggest first",
        "search deals where amount >= 5000 order by amount desc",
    ),
    (
        TINY,
        "Create a new ticket for the caller with the subject and description given by the agent",
        'create tickets set subject = {subject}, content = {content}, hs_pipeline = "0", '
        'hs_pipeline_stage = "1" associate contacts {caller.contact_id}',
    ),
    (
        TINY,
        "Update the email address of the caller",
        "update contacts {caller.contact_id} set email = {email}",
    ),
    (
        TINY,
        "Change a particular ticket's priority to Urgent",
        'update tickets {ticket_id} set hs_ticket_priority = "URGENT"',
    ),
    (
        TINY,
        "Find or create a contact by phone number, storing their first name",
        "find or create contacts by phone matches {caller.phone} set firstname = {firstname}, "
        "phone = {caller.phone}",
    ),
    (
        TINY,
        "Find a pet by a name given by the agent",
        "search pets where pet_name = {pet_name} limit 1",
    ),
    (TINY, "List all pets of a given species", "search pets where species = {species} limit 200"),
    (TINY, "Find contacts in the Gold VIP tier", 'search contacts where client_tier = "vip_gold"'),
    (
        TINY,
        "List tickets created between 2026-01-01 and 2026-02-01",
        'search tickets where createdate between "2026-01-01" and "2026-02-01"',
    ),
    (
        TINY,
        "Open a ticket in the Clinic Requests pipeline for the caller about a given pet",
        "create tickets set subject = {subject}, pet_name_mentioned = {pet_name_mentioned}, "
        'hs_pipeline = "7733001", hs_pipeline_stage = "7733002" associate contacts '
        "{caller.contact_id}",
    ),
    (TINY, "Find pets that are not neutered", "search pets where neutered = false"),
    (
        TINY,
        "List cats weighing less than 4 kg",
        'search pets where species = "cat" and weight_kg < 4',
    ),
    (
        TINY,
        "Find the caller's deals in the Wellness Plans pipeline",
        "search deals where associated with contacts {caller.contact_id} and pipeline = "
        '"wellness_plans"',
    ),
    (
        TINY,
        "Create a contact with a given first name, last name and email",
        "create contacts set firstname = {firstname}, lastname = {lastname}, email = {email}",
    ),
    (
        TINY,
        "Update a given deal's stage to Closed Won",
        'update deals {deal_id} set dealstage = "closedwon"',
    ),
    (
        TINY,
        "Set the caller's preferred contact method to email",
        'update contacts {caller.contact_id} set preferred_contact_method = "email"',
    ),
    (
        TINY,
        "Find tickets with high or urgent priority",
        'search tickets where hs_ticket_priority in ("HIGH", "URGENT")',
    ),
    (
        TINY,
        "Find the latest deal with a given name",
        "search deals where dealname = {dealname} order by createdate desc limit 1",
    ),
    (
        TINY,
        "Show me all contacts whose lifecycle stage is lead",
        'search contacts where lifecyclestage = "lead" limit 200',
    ),
    (
        SMALL,
        "Get the caller's open tickets, most recent first",
        "search tickets where associated with contacts {caller.contact_id} and "
        'hs_pipeline_stage != "4" order by createdate desc',
    ),
    (
        SMALL,
        "Find a contact by their email address",
        "search contacts where email = {email} limit 1",
    ),
    (
        SMALL,
        "Create a ticket with a given subject, linked to the caller",
        'create tickets set subject = {subject}, hs_pipeline = "0", hs_pipeline_stage = "1" '
        "associate contacts {caller.contact_id}",
    ),
    (
        SMALL,
        "List the 3 largest companies by number of employees",
        "search companies order by numberofemployees desc limit 3",
    ),
    (
        SMALL,
        "Find or create a company by name",
        "find or create companies by name = {name} set name = {name}",
    ),
]

HARBOR = load_schema(ROOT / "compiler" / "samples" / "harbor_vet.schema.json")

# Multi-filter and mixed goals, written without running the engine: 20 of 25 on the first run
# (misses: condition order, an option named by one word of its label, "record the X of a given
# Y" as an update, "oldest by P").
MIXED = [
    (
        HARBOR,
        "List dogs over 30 kg that are overdue for vaccination",
        'search pets where species = "dog" and weight_kg > 30 and vaccination_status = "overdue"',
    ),
    (
        HARBOR,
        "Find the caller's open tickets with high priority",
        "search tickets where associated with contacts {caller.contact_id} and "
        'hs_pipeline_stage not in ("4", "7733005") and hs_ticket_priority = "HIGH"',
    ),
    (
        HARBOR,
        "List deals in the Wellness Plans pipeline worth at least 200, newest first",
        'search deals where pipeline = "wellness_plans" and amount >= 200 order by createdate desc',
    ),
    (
        HARBOR,
        "Find contacts in Boston who opted in to the newsletter",
        'search contacts where city = "Boston" and newsletter_opt_in = true',
    ),
    (
        HARBOR,
        "Create a high priority ticket for the caller with a given subject and description",
        "create tickets set subject = {subject}, content = {content}, hs_ticket_priority = "
        '"HIGH", hs_pipeline = "0", hs_pipeline_stage = "1" associate contacts '
        "{caller.contact_id}",
    ),
    (
        HARBOR,
        "Update the caller's city and postal code",
        "update contacts {caller.contact_id} set city = {city}, zip = {zip}",
    ),
    (
        HARBOR,
        "Create a deal named by the agent with a given amount",
        'create deals set dealname = {dealname}, amount = {amount}, pipeline = "default", '
        'dealstage = "appointmentscheduled"',
    ),
    (HARBOR, "Find a company by a given name", "search companies where name = {name} limit 1"),
    (
        HARBOR,
        "List partner companies that are kennels",
        'search companies where account_type = "kennel"',
    ),
    (
        HARBOR,
        "List tickets in the Waiting on us stage",
        'search tickets where hs_pipeline_stage = "3"',
    ),
    (
        HARBOR,
        "Find the most recently updated contact with a given email",
        "search contacts where email = {email} order by lastmodifieddate desc limit 1",
    ),
    (
        HARBOR,
        "Set a given pet's vaccination status to up to date",
        'update pets {pet_id} set vaccination_status = "current"',
    ),
    (HARBOR, "List the 20 newest contacts", "search contacts order by createdate desc limit 20"),
    (
        HARBOR,
        "Find or create a contact by a given email, setting their first and last name",
        "find or create contacts by email = {email} set firstname = {firstname}, lastname = "
        "{lastname}",
    ),
    (
        HARBOR,
        "Create a wellness plan deal for the caller with a given plan level",
        "create deals set dealname = {dealname}, plan_level = {plan_level}, pipeline = "
        '"wellness_plans", dealstage = "1234567" associate contacts {caller.contact_id}',
    ),
    (
        GARAGE,
        "Find a vehicle with a given registration",
        "search vehicles where registration = {registration} limit 1",
    ),
    (
        GARAGE,
        "List hybrid vehicles due for service",
        'search vehicles where fuel_type = "hybrid" and service_state = "due"',
    ),
    (
        GARAGE,
        "Add a vehicle with a given registration, make, model and fuel type",
        "create vehicles set registration = {registration}, make = {make}, model = {model}, "
        "fuel_type = {fuel_type}",
    ),
    (
        GARAGE,
        "Record the mileage of a given vehicle",
        "update vehicles {vehicle_id} set mileage = {mileage}",
    ),
    (
        GARAGE,
        "List the caller's jobs that are ready for collection",
        "search tickets where associated with contacts {caller.contact_id} and "
        'hs_pipeline_stage = "14"',
    ),
    (
        GARAGE,
        "Book a job in for the caller with a given subject",
        'create tickets set subject = {subject}, hs_pipeline = "0", hs_pipeline_stage = "11" '
        "associate contacts {caller.contact_id}",
    ),
    (GARAGE, "List vehicles with less than 20000 miles", "search vehicles where mileage < 20000"),
    (
        GARAGE,
        "Show the oldest vehicles by year of manufacture",
        "search vehicles order by model_year asc",
    ),
    (
        GARAGE,
        "Find customers with the Gold loyalty level",
        'search contacts where loyalty_level = "gold"',
    ),
    (
        GARAGE,
        "Update a given vehicle's MOT due date",
        "update vehicles {vehicle_id} set mot_due = {mot_due}",
    ),
]

GOALS = [
    (
        "Find the caller's contact record",
        "search contacts where phone matches {caller.phone} limit 1",
    ),
    (
        "Look up a vehicle by its registration number",
        "search vehicles where registration = {registration} limit 1",
    ),
    ("List all electric vehicles", 'search vehicles where fuel_type = "ev" limit 200'),
    (
        "List diesel vehicles with over 100000 miles",
        'search vehicles where fuel_type = "diesel" and mileage > 100000',
    ),
    ("List vehicles due for service", 'search vehicles where service_state = "due"'),
    (
        "Find vehicles whose MOT is due before 2027-01-01",
        'search vehicles where mot_due < "2027-01-01"',
    ),
    (
        "Show the 10 vehicles with the highest mileage",
        "search vehicles order by mileage desc limit 10",
    ),
    ("Find the newest vehicle", "search vehicles order by hs_createdate desc limit 1"),
    ("List vehicles built before 2010", "search vehicles where model_year < 2010"),
    (
        "Register a vehicle for the caller with a given registration, make and model",
        "create vehicles set registration = {registration}, make = {make}, model = {model} "
        "associate contacts {caller.contact_id}",
    ),
    (
        "Update the mileage of a given vehicle",
        "update vehicles {vehicle_id} set mileage = {mileage}",
    ),
    (
        "Mark a given vehicle as service booked",
        'update vehicles {vehicle_id} set service_state = "booked"',
    ),
    (
        "Find or create a vehicle by registration",
        "find or create vehicles by registration = {registration} set make = {make}",
    ),
    (
        "List the caller's open jobs",
        "search tickets where associated with contacts {caller.contact_id} and "
        'hs_pipeline_stage != "15"',
    ),
    (
        "Find the caller's latest ticket",
        "search tickets where associated with contacts {caller.contact_id} order by "
        "createdate desc limit 1",
    ),
    ("List tickets awaiting parts", 'search tickets where hs_pipeline_stage = "13"'),
    (
        "Create a ticket for the caller with a given subject",
        'create tickets set subject = {subject}, hs_pipeline = "0", hs_pipeline_stage = "11" '
        "associate contacts {caller.contact_id}",
    ),
    (
        "Move a given ticket to ready for collection",
        'update tickets {ticket_id} set hs_pipeline_stage = "14"',
    ),
    ("Close a given ticket", 'update tickets {ticket_id} set hs_pipeline_stage = "15"'),
    ("List gold loyalty customers", 'search contacts where loyalty_level = "gold"'),
    ("Find customers with more than 2 vehicles", "search contacts where vehicles_owned > 2"),
    (
        "Update the caller's loyalty level to Silver",
        'update contacts {caller.contact_id} set loyalty_level = "silver"',
    ),
    (
        "Find or create the caller's contact with a given first name",
        "find or create contacts by phone matches {caller.phone} set firstname = {firstname}, "
        "phone = {caller.phone}",
    ),
    (
        "Find the caller's open deals",
        "search deals where associated with contacts {caller.contact_id} and dealstage not in "
        '("closedwon", "closedlost")',
    ),
    (
        "Create a deal for the caller with a given name and amount",
        'create deals set dealname = {dealname}, amount = {amount}, pipeline = "default", '
        'dealstage = "appointmentscheduled" associate contacts {caller.contact_id}',
    ),
    ("Find a company by a given domain", "search companies where domain = {domain} limit 1"),
    ("List red vehicles", 'search vehicles where colour = "red"'),
    ("List Ford vehicles", 'search vehicles where make = "Ford"'),
    (
        "Find the vehicle with a given registration and return its MOT due date and mileage",
        "search vehicles where registration = {registration} limit 1 return mot_due, mileage",
    ),
    (
        "Find the caller's most recently updated deal",
        "search deals where associated with contacts {caller.contact_id} order by "
        "hs_lastmodifieddate desc limit 1",
    ),
]

IMPOSSIBLE = [
    "List the caller's vehicles",
    "Find the caller's invoices",
    "List vehicles by their tyre size",
    "Delete a given vehicle",
    "Find pets",
]


@pytest.mark.parametrize(("goal", "expected"), GOALS, ids=[g for g, _ in GOALS])
def test_garage_goal_binds_like_a_careful_author(goal: str, expected: str) -> None:
    want = compile_binding(expected, GARAGE)
    assert want.ok and want.plan is not None
    data = author(goal, GARAGE).to_json()
    assert data["ok"] is True, data
    got = {k: data[k] for k in ("kind", "object", "parameters", "context", "steps")}
    assert got == want.plan.to_json(), f"authored: {data['binding']}\nexpected: {expected}"


@pytest.mark.parametrize(
    ("schema", "goal", "expected"), PARAPHRASES, ids=[g for _, g, _ in PARAPHRASES]
)
def test_paraphrase_binds_like_a_careful_author(
    schema: AccountSchema, goal: str, expected: str
) -> None:
    want = compile_binding(expected, schema)
    assert want.ok and want.plan is not None
    data = author(goal, schema).to_json()
    assert data["ok"] is True, data
    got = {k: data[k] for k in ("kind", "object", "parameters", "context", "steps")}
    assert got == want.plan.to_json(), f"authored: {data['binding']}\nexpected: {expected}"


@pytest.mark.parametrize(("schema", "goal", "expected"), MIXED, ids=[g for _, g, _ in MIXED])
def test_mixed_goal_binds_like_a_careful_author(
    schema: AccountSchema, goal: str, expected: str
) -> None:
    test_paraphrase_binds_like_a_careful_author(schema, goal, expected)


@pytest.mark.parametrize("goal", IMPOSSIBLE)
def test_garage_impossible_goal_is_refused(goal: str) -> None:
    data = author(goal, GARAGE).to_json()
    assert data["ok"] is False
    assert data.get("errors") or data.get("question")
