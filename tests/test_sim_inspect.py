"""``GET /_simulator/state``: what a running simulator holds, after the writes it received."""

from __future__ import annotations

import httpx
import pytest

from compiler.simulator import BASE_URL, Simulator
from compiler.simulator.routes_inspect import STATE_PATH

pytestmark = pytest.mark.anyio


async def test_state_shows_records_written_through_the_api() -> None:
    sim = Simulator.from_sample("harbor_vet")
    auth = {"Authorization": f"Bearer {sim.private_app_token}"}
    async with httpx.AsyncClient(transport=sim.transport(), base_url=BASE_URL) as http:
        before = (await http.get(STATE_PATH, headers=auth)).json()
        created = await http.post(
            "/crm/v3/objects/tickets",
            headers=auth,
            json={"properties": {"subject": "Lost leash", "hs_pipeline": "0",
                                 "hs_pipeline_stage": "1"}},
        )  # fmt: skip
        assert created.status_code == 201
        answer = await http.get(STATE_PATH, params={"object": "tickets"}, headers=auth)
        assert answer.status_code == 200
        after = answer.json()
        assert set(after["objects"]) == {"tickets"}
        assert after["counts"]["tickets"] == before["counts"]["tickets"] + 1
        new = next(r for r in after["objects"]["tickets"] if r["id"] == created.json()["id"])
        assert new["properties"]["subject"] == "Lost leash"
        assert {"method": "POST", "path": "/crm/v3/objects/tickets", "status": 201,
                "count": 1} in after["requests"]  # fmt: skip
        assert (await http.get(STATE_PATH)).status_code == 401
        unknown = await http.get(STATE_PATH, params={"object": "nope"}, headers=auth)
        assert unknown.status_code == 400
