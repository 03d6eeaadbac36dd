"""Binding languages: check+plan throughput, and schema load time next to a bare json.loads."""

from __future__ import annotations

import json
import statistics
import time
from typing import Any

from compiler.account import load_schema
from compiler.binding import compile_binding
from compiler.samples import sample_schema_path

BINDINGS = [
    "search contacts where phone matches {caller.phone} or mobilephone matches {caller.phone} "
    "order by lastmodifieddate desc limit 1 return firstname, lastname, email",
    "search tickets where associated with contacts {caller.contact_id} and "
    'hs_pipeline_stage != "4" '
    "order by createdate desc limit 5 return subject, hs_pipeline_stage, createdate",
    'search deals where dealstage in ("appointmentscheduled", "qualifiedtobuy") and '
    "amount >= {min_amount} order by closedate desc limit 20",
    "find or create contacts by phone matches {caller.phone} set firstname = {first_name}, "
    "lastname = {last_name?}, email = {email?}, phone = {caller.phone}",
    "update contacts {contact_id} set email = {email?}, firstname = {first_name?}",
    'create tickets set subject = {subject}, content = {details}, hs_pipeline = "0", '
    'hs_pipeline_stage = "1", hs_ticket_priority = {priority?} '
    "associate contacts {caller.contact_id}",
    "search contacts where not (num_pets between 1 and 3 or lifecyclestage in "
    '("lead", "customer")) and email is set',
    'search contacts where emial = "x" and num_pets = "3"',  # a failing one: errors cost too
]


def _median_seconds(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> dict[str, Any]:
    path = sample_schema_path("harbor_vet")
    schema = load_schema(path)
    for text in BINDINGS:  # warm the grammar and caches
        compile_binding(text, schema)
    rounds = 200
    samples: list[float] = []
    for _ in range(rounds):
        for text in BINDINGS:
            t0 = time.perf_counter()
            compile_binding(text, schema)
            samples.append(time.perf_counter() - t0)
    elapsed = sum(samples)
    raw = path.read_text(encoding="utf-8")
    # Both sides read the file: the schema is loaded from disk in real use.
    json_s = _median_seconds(lambda: json.loads(path.read_text(encoding="utf-8")), 21)
    load_s = _median_seconds(lambda: load_schema(path), 21)
    return {
        "bindings_per_second": round(len(samples) / elapsed),
        "median_ms_per_binding": round(statistics.median(samples) * 1000, 3),
        "target_median_ms": 0.5,
        "schema_bytes": len(raw),
        "schema_load_ms": round(load_s * 1000, 2),
        "json_loads_ms": round(json_s * 1000, 2),
        "schema_load_over_json_loads": round(load_s / json_s, 2),
    }
