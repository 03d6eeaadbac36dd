"""Delivery against the in-process simulator: policies, body shapes, associations, scrubbing,
idempotency, dead letters, recovery of an engagement created but never recorded."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from writeback_fixtures import outbox_at

from compiler.simulator import FaultSpec
from compiler.writeback import (
    Backoff,
    Drainer,
    Status,
    log_conversation,
    update_settings,
)
from compiler.writeback.render import marker_token
from tests.writeback_fixtures import (
    CARD,
    ENABLED_AT,
    FakeClock,
    conversation,
    engagements,
    fixture,
    hubspot_client,
    sim_env,
)

pytestmark = pytest.mark.anyio


def _store(tmp_path: Path, mode: str = "summary_transcript", on_no_match: str = "skip") -> Any:
    store = outbox_at(tmp_path)
    if mode != "off":
        update_settings(store, {"mode": mode, "onNoMatch": on_no_match}, now=ENABLED_AT)
    return store


async def _drain(store: Any, sim: Any, clock: FakeClock, **kwargs: Any) -> Any:
    async with hubspot_client(sim, clock) as client:
        drainer = Drainer(store, client, account="harbor_vet", clock=clock, **kwargs)
        return await drainer.drain()


async def _assoc(sim: Any, clock: FakeClock, kind: str, eid: str) -> list[tuple[str, int]]:
    """Read an engagement's contact associations back over the API, as HubSpot would answer."""
    async with hubspot_client(sim, clock) as client:
        answer = await client.request("GET", f"/crm/v4/objects/{kind}/{eid}/associations/contacts")
    return [
        (str(r["toObjectId"]), t["typeId"])
        for r in answer["results"]
        for t in r["associationTypes"]
    ]


async def test_voice_call_is_logged_scrubbed_on_the_phone_match(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sim, clock = sim_env()
    assert log_conversation(store, fixture("voice_card.json"), now=clock.time()).outcome == "queued"
    report = await _drain(store, sim, clock)
    assert report.logged == 1 and report.pending == 0
    (call,) = engagements(sim, "calls")
    p = call["properties"]
    assert p["hs_call_direction"] == "INBOUND" and p["hs_call_status"] == "COMPLETED"
    assert p["hs_call_duration"] == "400000" and p["hs_call_from_number"] == "+16175550123"
    assert p["hs_timestamp"].startswith("2026-11-28T14:06:40")
    assert "Transcript" in p["hs_call_body"] and "Biscuit" in p["hs_call_body"]
    assert await _assoc(sim, clock, "calls", call["id"]) == [("101", 194)]  # Maria, by phone
    everything = json.dumps([sim.store.list(k) for k in ("calls", "notes", "contacts")])
    for leak in (CARD, "4111 1111", "1111 1111", "CVV 123"):
        assert leak not in everything
    assert "[card number removed]" in p["hs_call_body"]
    item = store.get("conv-voice-card-1")
    assert item.status is Status.LOGGED and item.engagement_id == call["id"]
    assert CARD not in json.dumps(item.payload)  # nor in the local outbox


async def test_chat_note_on_the_email_match_with_type_202(tmp_path: Path) -> None:
    store = _store(tmp_path, mode="summary")
    sim, clock = sim_env()
    log_conversation(store, fixture("chat_email.json"), now=clock.time())
    assert (await _drain(store, sim, clock)).logged == 1
    (note,) = engagements(sim, "notes")
    body = note["properties"]["hs_note_body"]
    assert "James asked about flea treatment prices" in body
    assert "Transcript" not in body  # summary mode exports no transcript
    assert note["properties"]["hs_timestamp"].startswith("2026-11-28T14:04:00")
    assert await _assoc(sim, clock, "notes", note["id"]) == [("102", 202)]
    assert engagements(sim, "calls") == []


async def test_mode_off_exports_nothing_and_counts_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path, mode="off")
    sim, clock = sim_env()
    outcome = log_conversation(store, conversation("c1"), now=clock.time())
    assert (outcome.outcome, outcome.reason) == ("skipped", "logging_off")
    report = await _drain(store, sim, clock)
    assert report.requests == 0 and engagements(sim, "calls") == []
    assert store.counters().model_dump() == {
        "logged": 0, "skipped_no_match": 0, "contacts_created": 0, "failed": 0, "pending": 0
    }  # fmt: skip


async def test_no_back_fill(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sim, clock = sim_env()
    old = conversation("old", ended=ENABLED_AT - timedelta(minutes=1))
    outcome = log_conversation(store, old, now=clock.time())
    assert (outcome.outcome, outcome.reason) == ("skipped", "ended_before_enabled")
    assert store.get("old") is None and store.counters().pending == 0
    await _drain(store, sim, clock)
    assert engagements(sim, "calls") == []


async def test_turning_logging_off_cancels_what_is_queued(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sim, clock = sim_env()
    log_conversation(store, conversation("c1"), now=clock.time())
    update_settings(store, {"mode": "off"})
    report = await _drain(store, sim, clock)
    assert report.cancelled == 1 and engagements(sim, "calls") == []
    assert store.get("c1").status is Status.CANCELLED


async def test_no_match_with_skip_is_counted(tmp_path: Path) -> None:
    store = _store(tmp_path, on_no_match="skip")
    sim, clock = sim_env()
    contacts_before = len(sim.store.list("contacts"))
    log_conversation(store, conversation("c1", phone="+1 212 555 0199"), now=clock.time())
    log_conversation(store, conversation("c2", phone=None, email="nobody@example.org"),
                     now=clock.time())  # fmt: skip
    report = await _drain(store, sim, clock)
    assert report.skipped_no_match == 2 and store.counters().skipped_no_match == 2
    assert engagements(sim, "calls") == []
    assert len(sim.store.list("contacts")) == contacts_before


async def test_no_match_with_create_makes_one_contact_then_logs(tmp_path: Path) -> None:
    store = _store(tmp_path, on_no_match="create")
    sim, clock = sim_env()
    contacts_before = len(sim.store.list("contacts"))
    for cid in ("c1", "c2"):  # the same new caller twice: one contact, two calls
        log_conversation(store, conversation(cid, phone="(212) 555-0199"), now=clock.time())
    report = await _drain(store, sim, clock)
    assert report.logged == 2
    assert store.counters().contacts_created == 1
    contacts = sim.store.list("contacts")
    assert len(contacts) == contacts_before + 1
    new = contacts[-1]
    assert new["properties"]["phone"] == "+12125550199"
    for call in engagements(sim, "calls"):
        assert await _assoc(sim, clock, "calls", call["id"]) == [(new["id"], 194)]


async def test_given_contact_id_wins_and_a_stale_one_falls_back_to_phone(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sim, clock = sim_env()
    log_conversation(store, conversation("given", contact_id="103"), now=clock.time())
    log_conversation(store, conversation("stale", contact_id="999999"), now=clock.time())
    await _drain(store, sim, clock)
    assert store.get("given").contact_id == "103"
    assert store.get("stale").contact_id == "101"  # Maria's phone


async def test_enqueue_is_idempotent_and_never_logs_twice(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sim, clock = sim_env()
    raw = conversation("c1")
    assert log_conversation(store, raw, now=clock.time()).outcome == "queued"
    assert log_conversation(store, raw, now=clock.time()).outcome == "already_queued"
    await _drain(store, sim, clock)
    again = log_conversation(store, raw, now=clock.time())
    assert (again.outcome, again.status) == ("already_queued", "logged")
    await _drain(store, sim, clock)
    assert len(engagements(sim, "calls")) == 1 and store.counters().logged == 1


async def test_dead_letter_after_bounded_attempts(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sim, clock = sim_env(faults=FaultSpec(error_rate=1.0, status=503))
    log_conversation(store, conversation("c1", contact_id="101"), now=clock.time())
    report = await _drain(store, sim, clock, backoff=Backoff(base=1.0, max_attempts=4))
    item = store.get("c1")
    assert item.status is Status.FAILED and item.attempts == 4
    assert item.last_error == "ServerError 503 INTERNAL_ERROR"
    assert report.failed == 1 and store.counters().failed == 1 and store.counters().pending == 0
    assert clock.slept > 0  # backed off between attempts (on the fake clock)


async def test_a_refused_engagement_fails_alone_in_its_batch(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sim, clock = sim_env()
    for cid in ("ok1", "bad", "ok2"):
        log_conversation(store, conversation(cid, contact_id="101"), now=clock.time())
    # A contact deleted after matching: HubSpot refuses that one association, not the batch's.
    bad = store.get("bad")
    store.save([replace(bad, contact_id="424242")])
    report = await _drain(store, sim, clock)
    assert (report.logged, report.failed) == (2, 1)
    assert store.get("bad").status is Status.FAILED
    assert store.get("bad").last_error == "refused in batch: VALIDATION_ERROR"  # one 207
    assert sim.request_log.count("POST", "/crm/v3/objects/calls/batch/create") == 1
    assert len(engagements(sim, "calls")) == 2


async def test_an_engagement_sent_before_a_crash_is_found_and_reassociated(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sim, clock = sim_env()
    log_conversation(store, conversation("c1", contact_id="101"), now=clock.time())
    item = store.get("c1")
    marker = marker_token("c1", store.marker_key())
    # As if a drain created the call (its association lost) and died before recording it.
    async with hubspot_client(sim, clock) as client:
        made = await client.request(
            "POST",
            "/crm/v3/objects/calls",
            json={"properties": {"hs_timestamp": "2026-11-28T14:00:00Z",
                                 "hs_call_body": f"<p>ref {marker}</p>"}},
        )  # fmt: skip
    store.save([replace(item, maybe_sent=True, contact_id="101")])
    report = await _drain(store, sim, clock)
    assert (report.recovered, report.reassociated, report.logged) == (1, 1, 1)
    assert [c["id"] for c in engagements(sim, "calls")] == [made["id"]]
    assert await _assoc(sim, clock, "calls", made["id"]) == [("101", 194)]


async def test_several_phone_matches_pick_the_most_recently_modified(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sim, clock = sim_env()
    async with hubspot_client(sim, clock) as client:
        await clock.sleep(60)
        twin = await client.request(
            "POST",
            "/crm/v3/objects/contacts",
            json={"properties": {"firstname": "Mario", "phone": "617-555-0123"}},
        )
    log_conversation(store, conversation("c1", phone="+1 617 555 0123"), now=clock.time())
    await _drain(store, sim, clock)
    assert store.get("c1").contact_id == twin["id"]  # as the runtime's find_contact would pick


async def test_a_refused_token_stops_the_drain_and_keeps_items_as_they_were(tmp_path: Path) -> None:
    from compiler.hubspot import HubSpotClient, RetryPolicy
    from compiler.simulator import BASE_URL

    store = _store(tmp_path)
    sim, clock = sim_env()
    log_conversation(store, conversation("c1"), now=clock.time())
    async with HubSpotClient(BASE_URL, "pat-wrong", transport=sim.transport(),
                             retry=RetryPolicy(sleep=clock.sleep)) as client:  # fmt: skip
        report = await Drainer(store, client, clock=clock).drain()
    assert report.aborted == "HubSpot refused the connection: AuthenticationError 401 " + (
        "INVALID_AUTHENTICATION"
    )
    item = store.get("c1")
    assert (item.status, item.attempts) == (Status.PENDING, 0)


class _LosingAssociations:
    """Wraps our client: every engagement created loses its association before the read-back;
    with ``refuse_put`` the re-association is ignored too (HubSpot answers, nothing sticks)."""

    def __init__(self, client: Any, sim: Any, *, refuse_put: bool) -> None:
        self._client = client
        self._sim = sim
        self._refuse_put = refuse_put

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        if method == "PUT" and self._refuse_put:
            return None
        answer = await self._client.request(method, path, **kwargs)
        if path.endswith("/calls/batch/create"):
            schema = self._sim.schema
            for record in answer["results"]:
                for contact in self._sim.store.associated_ids("calls", record["id"], "contacts"):
                    self._sim.store.unlink(schema.resolve("calls"), record["id"],
                                           schema.resolve("contacts"), contact, None)  # fmt: skip
        return answer


@pytest.mark.parametrize("refuse_put", [False, True])
async def test_an_association_that_did_not_stick_is_redone_or_not_counted(
    tmp_path: Path, refuse_put: bool
) -> None:
    store = _store(tmp_path)
    sim, clock = sim_env()
    log_conversation(store, conversation("c1", contact_id="101"), now=clock.time())
    async with hubspot_client(sim, clock) as client:
        lossy: Any = _LosingAssociations(client, sim, refuse_put=refuse_put)
        drainer = Drainer(store, lossy, clock=clock, backoff=Backoff(base=1.0, max_attempts=3))
        report = await drainer.drain()
    (call,) = engagements(sim, "calls")  # never a second engagement
    if refuse_put:
        assert (report.logged, report.failed) == (0, 1)
        assert store.get("c1").last_error == "association did not stick"
        assert store.counters().logged == 0
    else:
        assert (report.logged, report.reassociated) == (1, 1)
        assert await _assoc(sim, clock, "calls", call["id"]) == [("101", 194)]


async def test_a_summary_grown_by_scrubbing_past_the_input_cap_is_still_delivered(
    tmp_path: Path,
) -> None:
    """Markers are longer than what they replace: a 19,990-character summary full of cards is
    ~24,000 once scrubbed. The outbox must read it back, never crash on it."""
    store = _store(tmp_path, mode="summary")
    sim, clock = sim_env()
    summary = (f"Paid with {CARD}. " * 1_000)[:19_990]
    log_conversation(store, conversation("big", contact_id="101", summary=summary),
                     now=clock.time())  # fmt: skip
    assert len(store.get("big").payload["summary"]) > 20_000
    report = await _drain(store, sim, clock)
    assert (report.logged, report.failed) == (1, 0)
    (call,) = engagements(sim, "calls")
    assert CARD not in call["properties"]["hs_call_body"]


async def test_an_unusable_stored_item_fails_alone_and_blocks_nothing(tmp_path: Path) -> None:
    store = _store(tmp_path)
    sim, clock = sim_env()
    for cid in ("ok1", "broken", "ok2"):
        log_conversation(store, conversation(cid, contact_id="101"), now=clock.time())
    payload = {**store.get("broken").payload, "channel": "fax"}  # as if from another version
    with closing(sqlite3.connect(tmp_path / "skillc-home" / "skillc.db")) as db, db:
        db.execute("UPDATE outbox SET payload = ? WHERE conversation_id = 'broken'",
                   (json.dumps(payload),))  # fmt: skip
    report = await _drain(store, sim, clock)
    assert (report.logged, report.failed) == (2, 1)
    item = store.get("broken")
    assert item.status is Status.FAILED
    assert item.last_error == "stored conversation unusable (ValidationError)"
    assert len(engagements(sim, "calls")) == 2
