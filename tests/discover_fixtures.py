"""Helpers for the discovery tests: a HubSpot client on the in-process simulator, the seed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compiler.hubspot import HubSpotClient, RetryPolicy
from compiler.hubspot.auth import TokenSource
from compiler.simulator import BASE_URL, Simulator

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "compiler" / "samples" / "harbor_vet.schema.json"

# Properties the simulator derives from phone properties (HubSpot's calculated twins); the seed
# may omit them, so a comparison with the seed allows them as extras.
CALCULATED_PREFIXES = ("hs_searchable_calculated_", "hs_calculated_")


def seed_schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SEED.read_text(encoding="utf-8"))
    return loaded


async def no_sleep(seconds: float) -> None:
    return None


def sim_client(
    sim: Simulator, auth: str | TokenSource | None = None, **kwargs: Any
) -> HubSpotClient:
    retry = kwargs.pop("retry", None) or RetryPolicy(
        sleep=no_sleep, max_attempts=12, max_total_sleep=600.0
    )
    return HubSpotClient(
        BASE_URL,
        auth if auth is not None else sim.access_token,
        transport=sim.transport(),
        retry=retry,
        **kwargs,
    )


def association_keys(obj: dict[str, Any]) -> set[tuple[str, str, int]]:
    return {(a["toObjectTypeId"], a["category"], a["typeId"]) for a in obj["associations"]}


def pipeline_keys(obj: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [(p["id"], [s["id"] for s in p["stages"]]) for p in obj["pipelines"]]


def without_time(schema: dict[str, Any]) -> dict[str, Any]:
    out = dict(schema)
    out["account"] = {k: v for k, v in schema["account"].items() if k != "discoveredAt"}
    return out
