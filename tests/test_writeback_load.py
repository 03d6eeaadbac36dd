"""1,000 conversations drained through 30% injected failures (5xx, 429 storms, dropped
connections) end as exactly 1,000 engagements, each on the right contact. The simulator, the
client's retries and rate limiter, and the drain's backoff all run on one fake clock, so the test
does not sleep for real."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from writeback_fixtures import outbox_at

from compiler.identity.phone import e164_or_none
from compiler.simulator import FaultSpec
from compiler.writeback import Backoff, Drainer, log_conversation, update_settings
from compiler.writeback.render import marker_token
from tests.writeback_fixtures import ENABLED_AT, conversation, engagements, hubspot_client, sim_env

N = 1_000


def matchable_contacts(sim: Any) -> list[tuple[str, str | None, str | None]]:
    """(id, phone, email) of the sample's contacts, with a phone or email only when it is theirs
    alone (so that the expected match is unambiguous)."""
    contacts = sim.store.list("contacts")
    phones: Counter[str] = Counter()
    emails: Counter[str] = Counter()
    for c in contacts:
        p = c["properties"]
        for key in {e164_or_none(p.get("phone"), "US"), e164_or_none(p.get("mobilephone"), "US")}:
            if key:
                phones[key] += 1
        if p.get("email"):
            emails[p["email"].lower()] += 1
    out = []
    for c in contacts:
        p = c["properties"]
        phone = e164_or_none(p.get("phone"), "US") or e164_or_none(p.get("mobilephone"), "US")
        email = (p.get("email") or "").lower() or None
        out.append((
            c["id"],
            phone if phone and phones[phone] == 1 else None,
            email if email and emails[email] == 1 else None,
        ))  # fmt: skip
    return out


def workload(sim: Any) -> tuple[list[dict[str, Any]], dict[str, str]]:
    contacts = matchable_contacts(sim)
    convs, expected = [], {}
    for i in range(N):
        cid, phone, email = contacts[i % len(contacts)]
        how = i % 3
        conv = conversation(
            f"load-{i:04d}",
            channel="voice" if i % 2 else "chat",
            phone=phone if how == 1 else None,
            email=email if how == 2 or (how == 1 and phone is None) else None,
            contact_id=cid if how == 0 or (phone is None and email is None) else None,
        )
        convs.append(conv)
        expected[conv["id"]] = cid
    return convs, expected


@pytest.mark.slow
@pytest.mark.anyio
async def test_a_thousand_conversations_through_30_percent_failures(tmp_path: Path) -> None:
    faults = FaultSpec(error_rate=0.12, status=503, storm429=0.12, drop=0.10, seed=11)
    sim, clock = sim_env(faults=faults)
    store = outbox_at(tmp_path)
    update_settings(store, {"mode": "summary_transcript"}, now=ENABLED_AT)
    convs, expected = workload(sim)
    for conv in convs:
        assert log_conversation(store, conv, now=clock.time()).outcome == "queued"

    async with hubspot_client(sim, clock) as client:
        drainer = Drainer(store, client, account="harbor_vet", clock=clock,
                          backoff=Backoff(base=1.0, max_attempts=12))  # fmt: skip
        report = await drainer.drain()

    counters = store.counters()
    assert (counters.logged, counters.failed, counters.pending) == (N, 0, 0), report
    made = engagements(sim, "calls") + engagements(sim, "notes")
    assert len(made) == N
    seen: set[str] = set()
    key = store.marker_key()
    by_marker = {marker_token(c, key)[6:]: c for c in expected}
    for e in made:
        body = e["properties"].get("hs_call_body") or e["properties"]["hs_note_body"]
        conv_id = by_marker[body.rsplit("[skillc:conv:", 1)[1].split("]")[0]]
        assert conv_id not in seen, f"{conv_id} logged twice"
        seen.add(conv_id)
        kind = "calls" if "hs_call_body" in e["properties"] else "notes"
        assert sim.store.associated_ids(kind, e["id"], "contacts") == [expected[conv_id]]
    # The faults really happened (5xx, 429, dropped = 0), and some creates whose outcome was
    # unknown were found by their marker instead of being sent again.
    statuses = Counter(r.status for r in sim.request_log.entries)
    assert statuses[503] > 0 and statuses[429] > 0 and statuses[0] > 0, statuses
    assert report.retries > 0 and report.recovered > 0
