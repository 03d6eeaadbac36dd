"""``skillc discover`` over real loopback HTTP, and the atomic schema writer."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from compiler.account import SchemaLoadError, load_schema
from compiler.cli import main
from compiler.hubspot.discovery import write_schema
from compiler.simulator import FaultSpec, RunningServer, Simulator, serve

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Simulator, RunningServer]]:
    sim = Simulator.from_sample("harbor_vet")
    server = serve(sim)
    try:
        yield sim, server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _fresh_rate_window(served: tuple[Simulator, RunningServer]) -> None:
    # Tests share one server; moving its clock past the 10-s window keeps them independent.
    served[0].advance(11)


def test_discover_writes_a_valid_schema(
    served: tuple[Simulator, RunningServer],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sim, server = served
    monkeypatch.setenv("HUBSPOT_TOKEN", sim.private_app_token)
    out = tmp_path / "schema.json"
    code = main(["discover", "--base-url", server.base_url, "--out", str(out), "--label", "HV"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    schema = load_schema(out)
    assert schema.account.id == "4242" and schema.account.label == "HV"
    expected = {"contacts", "companies", "deals", "tickets", "calls", "notes", "pets"}
    assert set(schema.objects) == expected
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "7 objects" in lines[0] and str(out) in lines[0]
    assert sim.private_app_token not in captured.err + captured.out
    assert list(tmp_path.iterdir()) == [out]  # no temp file left behind


def test_discover_selected_objects_with_token_flag(
    served: tuple[Simulator, RunningServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim, server = served
    out = tmp_path / "s.json"
    argv = ["discover", "--base-url", server.base_url, "--token", sim.access_token]
    code = main([*argv, "--out", str(out), "--objects", "contacts, pets", "--region", "gb"])
    err = capsys.readouterr().err
    assert code == 0, err
    raw = json.loads(out.read_text())
    assert list(raw["objects"]) == ["contacts", "pets"]
    assert raw["account"]["defaultRegion"] == "GB"
    assert sim.access_token not in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--objects", "contacts,nope"], "unknown object 'nope'"),
        (["--objects", "contacts,,deals"], "empty object name"),
        (["--region", "XX"], "not a phone region"),
        (["--token", "pat-na1-not-a-real-token"], "refused the token"),
        (["--timeout", "0"], "--timeout 0.0: must be a number of seconds above 0"),
        (["--timeout", "-1"], "--timeout -1.0: must be"),
    ],
)
def test_discover_errors_exit_2_and_write_nothing(
    served: tuple[Simulator, RunningServer],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    extra: list[str],
    message: str,
) -> None:
    sim, server = served
    monkeypatch.setenv("HUBSPOT_TOKEN", sim.private_app_token)
    out = tmp_path / "schema.json"
    code = main(["discover", "--base-url", server.base_url, "--out", str(out), *extra])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and err.count("\n") == 1
    assert "Traceback" not in err and "pat-na1-not-a-real-token" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_unreachable_server_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("HUBSPOT_TOKEN", "pat-na1-secret")
    out = tmp_path / "schema.json"
    code = main(["discover", "--base-url", f"http://127.0.0.1:{port}", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach HubSpot" in err and "pat-na1-secret" not in err
    assert not out.exists()


def test_missing_token_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HUBSPOT_TOKEN", raising=False)
    code = main(["discover", "--out", str(tmp_path / "x.json")])
    assert code == 2 and "no token" in capsys.readouterr().err


def test_the_compiler_builds_the_pack_from_a_discovered_schema_as_from_the_seed(
    served: tuple[Simulator, RunningServer], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim, server = served
    discovered = tmp_path / "discovered.json"
    argv = ["discover", "--base-url", server.base_url, "--token", sim.private_app_token]
    assert main([*argv, "--out", str(discovered), "--label", "Harbor Vet (HubSpot)"]) == 0
    pack = str(ROOT / "packs" / "hubspot")
    seed = str(ROOT / "compiler" / "samples" / "harbor_vet.schema.json")
    for schema, out in ((discovered, "from_discovery"), (seed, "from_seed")):
        code = main(["compile", pack, "--schema", str(schema), "--out", str(tmp_path / out)])
        assert code == 0, capsys.readouterr().err

    def skills(out: str) -> dict[str, object]:
        found = {}
        for path in sorted((tmp_path / out).glob("*.json")):
            if path.name != "manifest.json":
                artifact = json.loads(path.read_text())
                # Both depend on the schema file's bytes, which differ in discoveredAt and in
                # the calculated phone properties HubSpot adds (the seed may leave them out).
                del artifact["digest"], artifact["schemaFingerprint"]
                found[path.name] = artifact
        return found

    from_discovery, from_seed = skills("from_discovery"), skills("from_seed")
    assert len(from_discovery) >= 5
    assert from_discovery == from_seed


@pytest.mark.parametrize(
    ("out", "message"),
    [("missing/schema.json", "does not exist"), (".", "is a directory")],
)
def test_unwritable_out_is_refused_before_any_request(
    served: tuple[Simulator, RunningServer],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    out: str,
    message: str,
) -> None:
    sim, server = served
    before = sim.request_log.total
    target = str(tmp_path / out)
    argv = ["discover", "--base-url", server.base_url, "--token", sim.private_app_token]
    code = main([*argv, "--out", target])
    err = capsys.readouterr().err
    assert code == 2 and message in err and err.count("\n") == 1
    assert sim.request_log.total == before  # refused up front, not after a whole discovery


def test_progress_goes_to_stderr_on_a_terminal(
    served: tuple[Simulator, RunningServer],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sim, server = served
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    out = tmp_path / "s.json"
    argv = ["discover", "--base-url", server.base_url, "--token", sim.private_app_token]
    assert main([*argv, "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert any("properties of contacts:" in line for line in lines)
    assert any("pipelines of deals:" in line for line in lines)
    assert "7 objects" in lines[-1] and len(lines) > 10


def test_interrupted_discovery_leaves_the_old_file_and_no_temp_file(tmp_path: Path) -> None:
    slow = Simulator.from_sample("harbor_vet", faults=FaultSpec(latency=0.25))
    with serve(slow) as server:
        out = tmp_path / "schema.json"
        out.write_text("previous content")
        proc = subprocess.Popen(
            [sys.executable, "-m", "compiler", "discover", "--base-url", server.base_url,
             "--out", str(out)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "HUBSPOT_TOKEN": slow.access_token},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while slow.request_log.total < 8 and time.monotonic() < deadline:
            time.sleep(0.05)  # well into the run: 54 requests take about 4 s at this latency
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert out.read_text() == "previous content"
    assert list(tmp_path.iterdir()) == [out]


# -- the atomic writer ----------------------------------------------------------------------------


def _seed() -> dict[str, object]:
    root = Path(__file__).resolve().parent.parent
    loaded: dict[str, object] = json.loads(
        (root / "compiler" / "samples" / "harbor_vet.schema.json").read_text()
    )
    return loaded


def test_interrupted_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "schema.json"
    out.write_text("previous content")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_schema(out, _seed())
    assert out.read_text() == "previous content"
    assert list(tmp_path.iterdir()) == [out]


def test_invalid_schema_is_not_written(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    bad = _seed()
    bad["objects"] = {"contacts": {"labels": {}}}
    with pytest.raises(SchemaLoadError, match="objectTypeId"):
        write_schema(out, bad)
    assert not out.exists()
    write_schema(out, _seed())
    assert load_schema(out).account.id == "4242"
