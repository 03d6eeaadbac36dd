"""Authoring ("describe it"), offline engine: milliseconds per goal, the schema loaded once.

The target is a median of at most 50 ms per goal. Next to it: checking the authored binding
alone (the checker runs inside every authoring call), measured in the same run as a baseline.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from compiler.account import load_schema
from compiler.authoring.engine import author_offline
from compiler.authoring.vocab import build
from compiler.binding import compile_binding
from compiler.samples import sample_schema_path

TARGET_MS = 50.0

GOALS = [
    "Find the caller's contact",
    "List the caller's open tickets, newest first",
    "Show the 5 biggest deals",
    "List deals over $500 in the Wellness Plans pipeline",
    "Look up a pet by its microchip number",
    "List neutered cats",
    "Find contacts whose lifecycle stage is customer",
    "Create a ticket for the caller with a given subject and description",
    "Register a new pet for the caller with a given name, species and breed",
    "Mark a given ticket as high priority",
    "Update the caller's email",
    "Find or create a contact by the caller's phone with a given first name and last name",
    "Close a given ticket",  # a question
    "Find the caller's invoices",  # an error
    "List pets whose vaccinaton is overdue",  # a typo
]


def run() -> dict[str, Any]:
    schema = load_schema(sample_schema_path("harbor_vet"))
    t0 = time.perf_counter()
    build(schema)
    index_ms = (time.perf_counter() - t0) * 1000
    bindings = []
    for goal in GOALS:  # warm the grammar, the vocabulary index and the caches
        result = author_offline(goal, schema)
        if result.ok and result.binding is not None:
            bindings.append(result.binding)
    samples: list[float] = []
    for _ in range(30):
        for goal in GOALS:
            t = time.perf_counter()
            author_offline(goal, schema)
            samples.append((time.perf_counter() - t) * 1000)
    checks: list[float] = []
    for _ in range(30):
        for text in bindings:
            t = time.perf_counter()
            compile_binding(text, schema)
            checks.append((time.perf_counter() - t) * 1000)
    median = statistics.median(samples)
    check_median = statistics.median(checks)
    return {
        "goals": len(GOALS),
        "authored_ok": len(bindings),
        "median_ms_per_goal": round(median, 3),
        "p90_ms_per_goal": round(statistics.quantiles(samples, n=10)[-1], 3),
        "max_ms_per_goal": round(max(samples), 3),
        "target_ms": TARGET_MS,
        "within_target": median <= TARGET_MS,
        "vocabulary_index_ms": round(index_ms, 3),
        "check_only_median_ms": round(check_median, 3),
        "author_vs_check_ratio": round(median / check_median, 2) if check_median else None,
    }
