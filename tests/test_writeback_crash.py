"""A real process killed with SIGKILL mid-drain loses nothing and duplicates nothing.

The drain runs as ``skillc writeback drain`` in a subprocess against the simulator served over
loopback HTTP; ``SKILLC_WRITEBACK_CRASH_AT`` makes it kill itself at a chosen point (e.g. right
after HubSpot answered the create and before the outbox recorded it). A fresh drain then has to
finish the job with exactly one engagement per conversation, each on the right contact.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from writeback_fixtures import outbox_at

from compiler.simulator import Simulator, serve
from compiler.writeback import Status, log_conversation, update_settings
from compiler.writeback.crashpoints import ENV
from compiler.writeback.render import marker_token
from tests.writeback_fixtures import ENABLED_AT, conversation, engagements

ROOT = Path(__file__).resolve().parent.parent

# (conversation id, channel, phone, the contact it must land on; None = a new contact)
CASES = [
    ("v-maria", "voice", "+1 (617) 555-0123", "101"),
    ("c-maria", "chat", "617 555 0123", "101"),
    ("v-james", "voice", "617.555.0199", "102"),
    ("c-aisha", "chat", "+16175550142", "103"),
    ("v-new", "voice", "+1 212 555 0100", None),
    ("c-new", "chat", "+1 212 555 0100", None),
]


def _drain(
    state: Path, base_url: str, token: str, crash_at: str | None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != ENV}
    if crash_at is not None:
        env[ENV] = crash_at
    return subprocess.run(
        [sys.executable, "-m", "compiler.cli", "writeback", "drain", "--state", str(state),
         "--base-url", base_url, "--token", token, "--format", "json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    "crash_at",
    [
        "after_create",  # the worst point: HubSpot has it, the outbox does not know
        pytest.param("before_create", marks=pytest.mark.slow),
        pytest.param("after_record", marks=pytest.mark.slow),
        pytest.param("after_contact_create", marks=pytest.mark.slow),
    ],
)
def test_kill_9_then_a_fresh_drain_logs_each_conversation_exactly_once(
    tmp_path: Path, crash_at: str
) -> None:
    sim = Simulator.from_sample("harbor_vet")
    store = outbox_at(tmp_path)
    update_settings(store, {"mode": "summary_transcript", "onNoMatch": "create"}, now=ENABLED_AT)
    for cid, channel, phone, _ in CASES:
        log_conversation(store, conversation(cid, channel=channel, phone=phone), now=time.time())
    store.close()
    contacts_before = len(sim.store.list("contacts"))

    with serve(sim) as server:
        killed = _drain(tmp_path, server.base_url, sim.access_token, crash_at)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        finished = _drain(tmp_path, server.base_url, sim.access_token, None)
        assert finished.returncode == 0, finished.stderr
        report: dict[str, Any] = json.loads(finished.stdout)

    store = outbox_at(tmp_path)
    counters = store.counters()
    assert (counters.logged, counters.pending, counters.failed) == (len(CASES), 0, 0)
    assert counters.contacts_created == 1  # exact, even when the kill hid the create
    contacts = sim.store.list("contacts")
    assert len(contacts) == contacts_before + 1  # the new caller, once
    new_id = contacts[-1]["id"]
    key = store.marker_key()
    by_marker = {marker_token(c[0], key)[6:]: c for c in CASES}
    for kind, body in (("calls", "hs_call_body"), ("notes", "hs_note_body")):
        made = engagements(sim, kind)
        markers = [e["properties"][body].rsplit("[skillc:conv:", 1)[1].split("]")[0] for e in made]
        assert sorted(markers) == sorted(set(markers)), f"a duplicate {kind[:-1]}"
        for engagement, cid in zip(made, markers, strict=True):
            conv_id, expected = by_marker[cid][0], by_marker[cid][3] or new_id
            assert sim.store.associated_ids(kind, engagement["id"], "contacts") == [expected]
            item = store.get(conv_id)
            assert item is not None and item.status is Status.LOGGED
            assert item.engagement_id == engagement["id"]
    assert len(engagements(sim, "calls")) + len(engagements(sim, "notes")) == len(CASES)
    if crash_at == "after_create":
        assert report["recovered"] >= 1  # found by marker, not sent again
