"""``skillc writeback show|set|log|drain`` end to end (in-process simulator for drain)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.cli.writeback import _pending_errors
from compiler.simulator import Simulator, serve
from compiler.writeback import SQLiteStore, Status, log_conversation, update_settings
from tests.writeback_fixtures import CARD, ENABLED_AT, FIXTURES, conversation


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["writeback", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_show_defaults_then_set_and_show_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = str(tmp_path / "state")
    code, out, _ = _run(capsys, "show", "--state", state)
    assert code == 0 and "mode: off" in out and "onNoMatch: skip" in out
    code, out, _ = _run(capsys, "set", "--state", state, "--mode", "summary", "--format", "json")
    assert code == 0 and json.loads(out)["mode"] == "summary"
    code, out, _ = _run(
        capsys, "set", "--state", state, "--on-no-match", "create", "--format", "json"
    )
    data = json.loads(out)
    assert (data["mode"], data["onNoMatch"]) == ("summary", "create")  # mode left unchanged
    assert data["enabledAt"] is not None and set(data["counters"]) == {
        "logged", "skippedNoMatch", "contactsCreated", "failed", "pending"
    }  # fmt: skip


def test_unknown_mode_is_a_clear_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "set", "--state", str(tmp_path), "--mode", "everything")
    assert code == 2
    assert err.strip() == (
        "skillc writeback: error: --mode: must be one of 'off', 'summary' or "
        "'summary_transcript' (got 'everything')"
    )


def test_log_bad_conversation_points_at_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    raw = conversation("c1")
    raw["transcript"][1]["speaker"] = "robot"
    bad.write_text(json.dumps(raw))
    code, _, err = _run(capsys, "log", "--state", str(tmp_path), str(bad))
    assert code == 1
    assert f"{bad}: at transcript[1].speaker: must be one of 'caller' or 'agent'" in err
    assert "Traceback" not in err
    code, _, err = _run(capsys, "log", "--state", str(tmp_path), str(tmp_path / "missing.json"))
    assert code == 2 and "no such file" in err


def test_log_then_drain_on_the_in_process_simulator(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    state = str(tmp_path)
    fixture = str(FIXTURES / "voice_card.json")
    code, out, _ = _run(capsys, "log", "--state", state, fixture)
    assert (code, out.strip()) == (0, "conv-voice-card-1: skipped, interaction logging is off")
    _run(capsys, "set", "--state", state, "--mode", "summary_transcript")
    # The fixture ended on 2026-11-28, before logging was enabled just now: no back-fill.
    code, out, _ = _run(capsys, "log", "--state", state, fixture)
    assert "ended before interaction logging was enabled" in out
    fresh = conversation("fresh", ended=None)
    ended = datetime.now(UTC)
    fresh["endedAt"] = ended.isoformat()
    fresh["startedAt"] = (ended - timedelta(minutes=5)).isoformat()
    fresh["transcript"].append({"speaker": "caller", "text": f"my card is {CARD}"})
    path = tmp_path / "fresh.json"
    path.write_text(json.dumps(fresh))
    code, out, _ = _run(capsys, "log", "--state", state, str(path), "--format", "json")
    assert json.loads(out) == {
        "conversationId": "fresh", "outcome": "queued", "reason": None, "status": "pending"
    }  # fmt: skip
    code, out, _ = _run(capsys, "log", "--state", state, str(path))
    assert out.strip() == "fresh: already queued (status pending)"
    with caplog.at_level(logging.DEBUG):
        code, out, _ = _run(
            capsys, "drain", "--state", state, "--sample", "harbor_vet", "--format", "json"
        )
    assert code == 0
    figures = json.loads(out)
    assert (figures["logged"], figures["pending"]) == (1, 0)
    # Logs carry conversation ids and counts: never the transcript, never the token.
    logged_text = "\n".join(r.getMessage() for r in caplog.records)
    assert "fresh" in logged_text
    for secret in (CARD, "check-up for Rex", "Bearer"):
        assert secret not in logged_text
    code, out, _ = _run(capsys, "show", "--state", state)
    assert "logged 1," in out and "pending 0" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        ((), "drain needs --base-url URL"),  # the simulator is never a silent default
        (("--sample", "harbor_vet", "--base-url", "http://h"), "not both"),
        (("--base-url", "hubspot.example"), "expected http(s)://host[:port]"),
        (("--base-url", "ftp://h"), "expected http(s)://host[:port]"),
        (("--sample", "harbor_vet", "--token", "t"), "--token goes with --base-url"),
        (("--base-url", "http://h", "--faults", "error_rate=1"), "--faults goes with --sample"),
        (("--sample", "harbor_vet", "--region", "XX"), "--region 'XX': not a phone region"),
        (("--sample", "harbor_vet", "--max-seconds", "0"), "--max-seconds 0: must be more"),
    ],
)
def test_drain_refuses_odd_arguments_before_touching_the_outbox(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], words: str
) -> None:
    store = SQLiteStore.in_directory(tmp_path)
    update_settings(store, {"mode": "summary"}, now=ENABLED_AT)
    log_conversation(store, conversation("c1"), now=ENABLED_AT.timestamp() + 7200)
    store.close()
    code, out, err = _run(capsys, "drain", "--state", str(tmp_path), *argv)
    assert code == 2 and out == ""
    assert words in err and "Traceback" not in err
    store = SQLiteStore.in_directory(tmp_path)
    item = store.get("c1")
    assert item is not None and (item.status, item.attempts) == (Status.PENDING, 0)


def test_drain_over_http_keeps_the_token_and_the_transcript_out_of_logs_and_output(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    sim = Simulator.from_sample("harbor_vet")
    store = SQLiteStore.in_directory(tmp_path)
    update_settings(store, {"mode": "summary_transcript"}, now=ENABLED_AT)
    secret_turn = "my card is " + CARD + " and my dog Rex needs his booster"
    log_conversation(
        store,
        conversation("c-http", summary=None, turns=[("caller", secret_turn)]),
        now=ENABLED_AT.timestamp() + 7200,
    )
    store.close()
    with serve(sim) as server, caplog.at_level(logging.DEBUG):
        code, out, err = _run(
            capsys, "drain", "--state", str(tmp_path), "--base-url", server.base_url,
            "--token", sim.access_token,
        )  # fmt: skip
    assert code == 0 and "logged 1," in out
    logged = [r.getMessage() for r in caplog.records]
    assert any("c-http" in m for m in logged)  # the drain's log lines were captured
    seen = "\n".join([out, err, *logged])
    for secret in (sim.access_token, CARD, "needs his booster"):
        assert secret not in seen


def test_pending_items_say_why_by_error_label(tmp_path: Path) -> None:
    from dataclasses import replace

    store = SQLiteStore.in_directory(tmp_path)
    update_settings(store, {"mode": "summary"}, now=ENABLED_AT)
    for cid in ("a", "b", "c"):
        log_conversation(store, conversation(cid), now=ENABLED_AT.timestamp() + 7200)
    a, b, c = (store.get(x) for x in "abc")
    assert a is not None and b is not None and c is not None
    store.save([replace(a, last_error="ServerError 503 INTERNAL_ERROR", attempts=1),
                replace(b, last_error="ServerError 503 INTERNAL_ERROR", attempts=1),
                replace(c, status=Status.FAILED, last_error="BadRequestError 400")])  # fmt: skip
    assert _pending_errors(store) == "ServerError 503 INTERNAL_ERROR (2)"
