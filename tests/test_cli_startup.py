"""The CLI imports only the sub-command it runs, so short commands start quickly."""

from __future__ import annotations

import json
import subprocess
import sys

from compiler.cli import _COMMANDS, build_parser

HEAVY = ("uvicorn", "starlette", "compiler.simulator", "compiler.writeback", "compiler.runtime")


def _loaded_after(code: str) -> list[str]:
    probe = (
        f"import sys, json\n{code}\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return list(json.loads(out.stdout.splitlines()[-1]))


def test_help_and_check_do_not_import_servers_or_runtime():
    assert _loaded_after("from compiler.cli import build_parser; build_parser('')") == []
    assert _loaded_after("from compiler.cli import build_parser; build_parser('check')") == []


def test_every_command_module_registers_its_parser(capsys):
    for name in _COMMANDS:
        parser = build_parser(name)
        try:
            parser.parse_args([name, "--help"])
        except SystemExit as exit_:
            assert exit_.code == 0
        assert f"usage: skillc {name}" in capsys.readouterr().out


def test_a_closed_pipe_ends_the_command_quietly(tmp_path):
    from compiler.samples import sample_schema_path

    batch = tmp_path / "many.txt"
    batch.write_text("search contacts limit 1\n" * 3000, encoding="utf-8")
    # Far more output than a pipe buffers, so the writer meets the closed pipe.
    out = subprocess.run(
        f"{sys.executable} -m compiler.cli check --format json --batch {batch}"
        f" --schema {sample_schema_path('small')} | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert len(out.stdout) == 10
    assert "Traceback" not in out.stderr and "BrokenPipe" not in out.stderr
