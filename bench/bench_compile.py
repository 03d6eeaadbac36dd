"""Compiling the HubSpot pack: one account end to end, and the per-account cost at scale.

Figures (milliseconds; wall clock and, next to it, this process's CPU time, which a busy machine
disturbs less):
- ``one_account_*``: ``load_schema(harbor_vet) + compile_pack(packs/hubspot)``, median. ``cold``
  clears the parsed-YAML cache first (a fresh process); ``warm`` keeps it, as a service
  compiling the same pack for account after account does. Target: cold <= 50 ms.
- ``per_account_at_10`` / ``per_account_at_1000``: the mean cost of one more account (parse its
  discovered schema + compile every skill + produce the output bytes) when compiling for 10 and
  for 1,000 accounts; the variants differ in account id and label, so each has its own
  fingerprint and digests. ``scale_ratio`` = at_1000 / at_10 (flat is ~1).
- ``json_loads_ms``: a bare ``json.loads`` of the schema, the in-run baseline.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from compiler.account import load_schema, parse_schema
from compiler.packs.compile import compile_loaded, compile_pack
from compiler.packs.load import clear_cache, load_pack

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "packs" / "hubspot"
SCHEMA = ROOT / "compiler" / "samples" / "harbor_vet.schema.json"


def _median(
    fn: Callable[[], Any], repeat: int, before: Callable[[], None] | None = None
) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append(time.process_time() - cpu)
        walls.append(time.perf_counter() - wall)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def _one_account() -> None:
    result = compile_pack(PACK, load_schema(SCHEMA))
    if not result.ok:
        raise RuntimeError(f"the HubSpot pack does not compile: {result.diagnostics[:3]}")


def _variant(base: str, n: int) -> str:
    """The Harbor Vet schema as account ``n``: another id and label, so another fingerprint."""
    return base.replace('"id": "4242"', f'"id": "{100000 + n}"', 1).replace(
        '"label": "Harbor Vet (HubSpot)"', f'"label": "Clinic {n} (HubSpot)"', 1
    )


def _per_account(count: int, base: str) -> tuple[float, float]:
    loaded = load_pack(PACK)
    wall_total = cpu_total = 0.0
    for n in range(count):
        text = _variant(base, n)
        wall, cpu = time.perf_counter(), time.process_time()
        schema = parse_schema(json.loads(text))
        result = compile_loaded(loaded, schema)
        files = result.files()
        cpu_total += time.process_time() - cpu
        wall_total += time.perf_counter() - wall
        if not result.ok or len(files) != 8:
            raise RuntimeError(f"account {n} did not compile")
    return wall_total / count * 1000, cpu_total / count * 1000


def run() -> dict[str, Any]:
    _one_account()  # warm imports, grammar and jinja
    cold_wall, cold_cpu = _median(_one_account, 15, before=clear_cache)
    warm_wall, warm_cpu = _median(_one_account, 15)
    base = SCHEMA.read_text(encoding="utf-8")
    json_wall, _ = _median(lambda: json.loads(base), 15)
    at10_wall, at10_cpu = _per_account(10, base)
    at1000_wall, at1000_cpu = _per_account(1000, base)
    return {
        "one_account_cold_ms": round(cold_wall, 2),
        "one_account_cold_cpu_ms": round(cold_cpu, 2),
        "one_account_warm_ms": round(warm_wall, 2),
        "one_account_warm_cpu_ms": round(warm_cpu, 2),
        "target_ms": 50,
        "json_loads_ms": round(json_wall, 2),
        "one_account_cold_over_json_loads": round(cold_wall / json_wall, 1),
        "per_account_at_10_ms": round(at10_wall, 2),
        "per_account_at_10_cpu_ms": round(at10_cpu, 2),
        "per_account_at_1000_ms": round(at1000_wall, 2),
        "per_account_at_1000_cpu_ms": round(at1000_cpu, 2),
        "scale_ratio": round(at1000_wall / at10_wall, 2),
        "scale_ratio_cpu": round(at1000_cpu / at10_cpu, 2),
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
