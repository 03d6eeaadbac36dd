"""The CLI never answers with a traceback: every command's text inputs, fuzzed.

Hypothesis draws arbitrary text (lone surrogates, control characters, non-ASCII included) for
each text a command reads: arguments, option values and file contents. ``main()`` runs in
process; any exception other than argparse's ``SystemExit(2)`` fails the test, and so does an
exit code outside README's 0/1/2 rule. A few subprocess runs then check what in-process runs
cannot: the real stdout/stderr encodings (an ASCII-only locale, bytes that are not UTF-8).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runtime_fixtures import install, load_all

from compiler.cli import main
from compiler.samples import sample_schema_path
from compiler.simulator import RunningServer, Simulator, serve

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = str(sample_schema_path("harbor_vet"))

# Every code point, lone surrogates included (argv and stdin can carry them: bytes that were
# not UTF-8 arrive as surrogate escapes).
ANY_CHAR = st.characters(codec=None, categories=None)
# Hypothesis rarely draws these on its own, and each has crashed a command once: splice one into
# every drawn text (lone surrogates, NUL, line breaks, bidi controls, byte-order marks).
SPICE = st.sampled_from(["", "\udcff", "\ud800", "\x00", "\n", "\r\n", "\u202e", "\ufeff", "é€"])


def _spiced(draw_text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda a, spice, b: a + spice + b, draw_text, SPICE, draw_text)


TEXT = _spiced(st.text(ANY_CHAR, max_size=20))
WORDS = _spiced(st.text(ANY_CHAR, min_size=1, max_size=12)).filter(lambda s: not s.startswith("-"))
# Text near what a command expects finds deeper paths than noise alone.
BINDINGS = st.sampled_from(
    [
        "search contacts where email = {email} limit 1",
        'search contacts where phone matches "{0}" limit 1',
        'create tickets set subject = {s}, hs_pipeline_stage = "1"',
        "update contacts {id} set email = {e}",
        "search deals where amount between 10 and 50 return dealname",
    ]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same inputs on every CI run: a failure is reproducible
)


def _mixed(text: str, template: str) -> str:
    """Splice fuzzed text into a plausible input."""
    cut = len(template) // 2
    return template[:cut] + text + template[cut:]


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> int:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in out + err
    return code


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install(tmp_path_factory.mktemp("fuzz") / "agent", load_all())


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Simulator, RunningServer]]:
    sim = Simulator.from_sample("harbor_vet")
    with serve(sim) as server:
        yield sim, server


@FUZZ
@given(text=TEXT, binding=BINDINGS, region=WORDS, json_line=st.booleans())
def test_check(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    text: str,
    binding: str,
    region: str,
    json_line: bool,
) -> None:
    spliced = _mixed(text, binding)
    run_cli(["check", "--schema", SCHEMA, "--", spliced], capsys)
    run_cli(["check", "--schema", SCHEMA, "--region", region, binding], capsys)
    batch = tmp_path / "batch.txt"
    line = json.dumps(spliced) if json_line else spliced.replace("\n", " ")
    batch.write_text("\ufeff" + line + "\n", encoding="utf-8", errors="surrogatepass")
    for fmt in ("text", "json"):
        run_cli(["check", "--schema", SCHEMA, "--batch", str(batch), "--format", fmt], capsys)


@FUZZ
@given(content=TEXT, raw=st.binary(max_size=40))
def test_schema_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, raw: bytes
) -> None:
    path = tmp_path / "schema.json"
    base = Path(SCHEMA).read_text(encoding="utf-8")
    path.write_text(_mixed(content, base[:300]), encoding="utf-8", errors="surrogatepass")
    assert run_cli(["schema", "objects", str(path)], capsys) != 0
    path.write_bytes(raw)
    assert run_cli(["check", "--schema", str(path), "search contacts"], capsys) != 0


@FUZZ
@given(query=WORDS, obj=WORDS, prop=WORDS)
def test_schema_browse(capsys: pytest.CaptureFixture[str], query: str, obj: str, prop: str) -> None:
    run_cli(["schema", "search", SCHEMA, query], capsys)
    run_cli(["schema", "search", SCHEMA, query, "--object", obj, "--format", "json"], capsys)
    run_cli(["schema", "show", SCHEMA, obj], capsys)
    run_cli(["schema", "show", SCHEMA, "contacts", prop, "--format", "json"], capsys)


@settings(FUZZ, max_examples=25)
@given(text=TEXT, which=st.sampled_from(["pack.yaml", "find_contact.yaml"]))
def test_validate_and_compile(
    capsys: pytest.CaptureFixture[str], tmp_path_factory: pytest.TempPathFactory, text: str,
    which: str,
) -> None:  # fmt: skip
    import shutil

    pack = tmp_path_factory.mktemp("pack")
    shutil.copytree(ROOT / "packs" / "hubspot", pack, dirs_exist_ok=True)
    original = (pack / which).read_text(encoding="utf-8")
    (pack / which).write_text(_mixed(text, original), encoding="utf-8", errors="surrogatepass")
    run_cli(["validate", str(pack)], capsys)
    run_cli(["compile", str(pack), "--schema", SCHEMA, "--out", str(pack / "out")], capsys)


@settings(FUZZ, max_examples=30)
@given(args=TEXT, phone=WORDS, conversation=WORDS, confirm=WORDS, skill=WORDS)
def test_call(
    capsys: pytest.CaptureFixture[str],
    agent: Path,
    args: str,
    phone: str,
    conversation: str,
    confirm: str,
    skill: str,
) -> None:
    base = [str(agent), "create_ticket", "--conversation", conversation]
    run_cli(["call", *base, "--args", _mixed(args, '{"subject": "x"}')], capsys)
    run_cli(["call", *base, "--caller-phone", phone, "--confirm", confirm], capsys)
    run_cli(["call", str(agent), skill], capsys)


@settings(FUZZ, max_examples=30)
@given(token=WORDS, url=WORDS, region=WORDS, objects=WORDS, label=WORDS)
def test_tokens_urls_and_regions(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    agent: Path,
    served: tuple[Simulator, RunningServer],
    token: str,
    url: str,
    region: str,
    objects: str,
    label: str,
) -> None:
    sim, server = served
    sim.advance(11)  # a fresh rate window: the fuzzed runs share one server
    monkeypatch.delenv("HUBSPOT_TOKEN", raising=False)
    good = server.base_url
    out = str(tmp_path / "s.json")
    run_cli(["call", str(agent), "find_contact", "--base-url", good, "--token", token], capsys)
    run_cli(["call", str(agent), "find_contact", "--base-url", url, "--token", "t"], capsys)
    run_cli(["discover", "--base-url", good, "--token", token, "--out", out], capsys)
    run_cli(
        ["discover", "--base-url", good, "--token", sim.private_app_token, "--out", out,
         "--region", region, "--objects", objects],
        capsys,
    )  # fmt: skip
    run_cli(
        ["discover", "--base-url", good, "--token", sim.private_app_token, "--out", out,
         "--objects", "contacts", "--label", label],
        capsys,
    )  # fmt: skip
    state = str(tmp_path / "wb")
    run_cli(["writeback", "drain", "--state", state, "--base-url", good, "--token", token], capsys)
    run_cli(["writeback", "drain", "--state", state, "--base-url", url, "--token", "t"], capsys)
    # What an environment can hold: no NUL, and text that encodes (a surrogate becomes "?").
    env_token = token.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    monkeypatch.setenv("HUBSPOT_TOKEN", env_token or "x")
    run_cli(
        ["writeback", "drain", "--state", state, "--sample", "harbor_vet", "--region", region],
        capsys,
    )


@settings(FUZZ, max_examples=30)
@given(content=JSON_VALUES | TEXT, mode=WORDS, faults=WORDS)
def test_writeback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: object, mode: str, faults: str
) -> None:
    state = str(tmp_path / "wb")
    run_cli(["writeback", "set", "--state", state, "--mode", mode], capsys)
    run_cli(["writeback", "set", "--state", state, "--mode", "summary"], capsys)
    conv = tmp_path / "conv.json"
    text = content if isinstance(content, str) else json.dumps(content)
    conv.write_text(text, encoding="utf-8", errors="surrogatepass")
    run_cli(["writeback", "log", "--state", state, str(conv)], capsys)
    run_cli(["writeback", "show", "--state", state, "--format", "json"], capsys)
    run_cli(
        ["writeback", "drain", "--state", state, "--sample", "harbor_vet", "--faults", faults,
         "--no-wait"],
        capsys,
    )  # fmt: skip


# -- real processes: encodings the in-process runs cannot see ----------------------------------


def _skillc(
    argv: list[bytes], *, stdin: bytes = b"", env: dict[str, str] | None = None
) -> tuple[int, bytes]:
    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"compiler", *argv],
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
        timeout=60,
    )
    assert b"Traceback" not in result.stderr, result.stderr.decode("utf-8", "replace")
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize(
    "env",
    [{}, {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"}],
    ids=["utf8", "ascii"],
)
def test_real_processes_never_print_a_traceback(tmp_path: Path, env: dict[str, str]) -> None:
    schema = SCHEMA.encode()
    bad_bytes = b'search contacts where email = "\xff\xfe caf\xc3\xa9" limit 1'
    code, _ = _skillc([b"check", b"--schema", schema, bad_bytes], env=env)
    assert code in (1, 2)
    batch = tmp_path / "batch.txt"
    batch.write_bytes(b'"search contacts where email = \\"\\ud800\\" limit 1"\n')
    for fmt in (b"text", b"json"):
        code, _ = _skillc(
            [b"check", b"--schema", schema, b"--batch", str(batch).encode(), b"--format", fmt],
            env=env,
        )
        assert code == 1
    code, _ = _skillc([b"check", b"--schema", schema, b"--batch", b"-"], stdin=bad_bytes, env=env)
    assert code in (1, 2)
    code, output = _skillc([b"scrub"], stdin=b"card 4111 1111 1111 1111 \xff\n", env=env)
    assert code == 2 and b"not UTF-8" in output
    code, output = _skillc([b"scrub"], stdin="card 4111 1111 1111 1111 café\n".encode(), env=env)
    assert code == 0 and b"4111" not in output
    code, output = _skillc(
        [b"writeback", b"drain", b"--state", str(tmp_path / "wb").encode(), b"--base-url",
         b"http://127.0.0.1:9", b"--token", "tökén".encode()],
        env=env,
    )  # fmt: skip
    assert code == 2 and b"--token: not a HubSpot token" in output
    code, output = _skillc(
        [b"call", str(tmp_path).encode(), b"find_contact", b"--base-url", b"http://127.0.0.1:9",
         b"--token", b"\xff\xfe"],
        env=env,
    )  # fmt: skip
    assert code == 2 and b"--token: not a HubSpot token" in output
