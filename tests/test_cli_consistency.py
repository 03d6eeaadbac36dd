"""What every command shares: README's exit-code rule, credentials kept out of messages, the
token from ``$HUBSPOT_TOKEN``, phone regions, byte-order marks, reads that create nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from runtime_fixtures import install, load_all

from compiler.cli import main
from compiler.samples import sample_schema_path
from compiler.simulator import RunningServer, Simulator, serve
from compiler.writeback import SQLiteStore, log_conversation, update_settings
from tests.writeback_fixtures import ENABLED_AT, conversation

SCHEMA = str(sample_schema_path("harbor_vet"))
PASSWORD = "s3cr3t-pw"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Simulator, RunningServer]]:
    sim = Simulator.from_sample("harbor_vet")
    with serve(sim) as server:
        yield sim, server


@pytest.fixture
def agent(tmp_path: Path) -> Path:
    return install(tmp_path / "agent", load_all())


@pytest.fixture
def queued(tmp_path: Path) -> str:
    state = tmp_path / "state"
    store = SQLiteStore.in_directory(state)
    update_settings(store, {"mode": "summary"}, now=ENABLED_AT)
    log_conversation(store, conversation("c1"), now=ENABLED_AT.timestamp() + 7200)
    store.close()
    return str(state)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- item 7: user:password@ in a base URL is never echoed ------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        f"http://bob:{PASSWORD}@127.0.0.1:9",  # unreachable: the error names the URL
        f"ftp://bob:{PASSWORD}@example.com",  # wrong scheme
        f"http://bob:{PASSWORD}@[::1",  # not a URL at all
    ],
)
def test_base_url_credentials_are_redacted_everywhere(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    agent: Path,
    queued: str,
    url: str,
) -> None:
    monkeypatch.setenv("HUBSPOT_TOKEN", "pat-na1-0000")
    runs = [
        ["discover", "--base-url", url, "--out", str(tmp_path / "s.json"), "--timeout", "1"],
        ["call", str(agent), "find_contact", "--base-url", url, "--caller-phone", "+16175550123"],
        ["writeback", "drain", "--state", queued, "--base-url", url, "--no-wait"],
    ]
    for argv in runs:
        code, out, err = _run(capsys, *argv)
        assert code != 0, argv
        assert PASSWORD not in err + out and "bob:" not in err + out, (argv, err)
        if argv[0] == "discover":  # its errors name the URL: the host stays, the pair goes
            assert "[redacted]@" in err, err
        assert "Traceback" not in err


# -- item 11: exit codes --------------------------------------------------------------------


def test_drain_with_failures_or_an_unreachable_url_is_not_success(
    capsys: pytest.CaptureFixture[str], queued: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBSPOT_TOKEN", "pat-na1-0000")
    code, out, _ = _run(
        capsys, "writeback", "drain", "--state", queued, "--base-url", "http://127.0.0.1:9",
        "--no-wait",
    )  # fmt: skip
    assert code == 2 and "pending 1" in out and "TransportError" in out
    # An item on its last attempt that fails again is dead (failed), and the drain says so.
    store = SQLiteStore.in_directory(queued)
    item = store.get("c1")
    assert item is not None
    store.save([replace(item, attempts=7, next_attempt_at=0.0)])
    store.close()
    code, out, _ = _run(
        capsys, "writeback", "drain", "--state", queued, "--sample", "harbor_vet",
        "--faults", "error_rate=1", "--format", "json",
    )  # fmt: skip
    assert json.loads(out)["failed"] == 1 and code == 1


def test_drain_that_delivers_everything_exits_0(
    capsys: pytest.CaptureFixture[str], queued: str
) -> None:
    code, out, _ = _run(capsys, "writeback", "drain", "--state", queued, "--sample", "harbor_vet")
    assert code == 0 and "logged 1," in out


# -- item 11: `call` reads $HUBSPOT_TOKEN like `discover` and `drain` --------------------------


def test_call_takes_the_token_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    agent: Path,
    served: tuple[Simulator, RunningServer],
) -> None:
    sim, server = served
    sim.advance(11)
    monkeypatch.setenv("HUBSPOT_TOKEN", sim.private_app_token)
    argv = ["call", str(agent), "find_contact", "--caller-phone", "+16175550123"]
    code, out, err = _run(capsys, *argv, "--base-url", server.base_url, "--format", "json")
    assert code == 0, err
    assert json.loads(out)["record"]["id"] == "101"
    assert sim.private_app_token not in out + err
    monkeypatch.delenv("HUBSPOT_TOKEN")
    code, _, err = _run(capsys, *argv, "--base-url", server.base_url)
    assert code == 2 and "$HUBSPOT_TOKEN" in err


# -- item 11: --region ZZ is a usage error naming the region -----------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--schema", SCHEMA, "--region", "ZZ", "search contacts where phone = {p}"],
        ["discover", "--token", "t", "--out", "/tmp/never.json", "--region", "ZZ"],
        ["writeback", "drain", "--sample", "harbor_vet", "--region", "ZZ"],
    ],
)
def test_an_unknown_region_is_a_usage_error_that_names_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    if argv[0] == "writeback":
        argv = [*argv, "--state", str(tmp_path)]
    code, out, err = _run(capsys, *argv)
    assert code == 2 and out == ""
    assert "--region 'ZZ': not a phone region" in err
    assert "number" not in err  # the region is wrong, not some phone number


# -- item 11: a read creates nothing ---------------------------------------------------------


def test_writeback_show_creates_no_state_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    state = tmp_path / "not" / "yet"
    code, out, _ = _run(capsys, "writeback", "show", "--state", str(state), "--format", "json")
    assert code == 0 and json.loads(out)["mode"] == "off"
    assert json.loads(out)["counters"]["pending"] == 0
    assert not (tmp_path / "not").exists()


# -- item 11: a BOM at the start of a batch file is not part of the first line -----------------


def test_a_byte_order_mark_in_a_batch_file_is_ignored(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    batch = tmp_path / "b.txt"
    batch.write_bytes("search contacts limit 1\n".encode("utf-8-sig"))
    code, out, err = _run(capsys, "check", "--schema", SCHEMA, "--batch", str(batch))
    assert code == 0, out + err
    assert out.strip() == f"{batch}:1: ok: search contacts"


# -- item 11: `writeback log` refuses a conversation from the future ---------------------------


def test_writeback_log_refuses_an_end_in_the_future(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, queued: str
) -> None:
    raw = conversation("from-2099")
    raw["startedAt"], raw["endedAt"] = "2099-01-01T00:00:00Z", "2099-01-01T00:05:00Z"
    path = tmp_path / "c.json"
    path.write_text(json.dumps(raw))
    code, out, err = _run(capsys, "writeback", "log", "--state", queued, str(path))
    assert code == 1 and out == ""
    assert "at endedAt: 2099-01-01T00:05:00+00:00 is in the future" in err
    store = SQLiteStore.in_directory(queued)
    assert store.get("from-2099") is None
    store.close()
