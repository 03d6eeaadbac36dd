"""A non-editable install carries the grammar, packs, schemas and samples it needs."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT


def test_wheel_works_outside_the_checkout(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("skillc-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    names = zipfile.ZipFile(wheel).namelist()
    assert "compiler/_data/grammars/bindings.lark" in names
    assert "compiler/samples/harbor_vet.schema.json" in names
    # The sample generators live in tools/ (the checkout only): the wheel ships the JSON and the
    # small loader, nothing that builds them.
    assert not [n for n in names if n.startswith("tools/")]
    shipped = sorted(n for n in names if n.startswith("compiler/samples/"))
    assert [n for n in shipped if not n.endswith(".json")] == ["compiler/samples/__init__.py"]
    # Run from an empty directory with the unpacked wheel first on the path, so neither the
    # checkout nor the editable install can supply a file.
    work = tmp_path / "elsewhere"
    work.mkdir()
    code = (
        "import sys, compiler, compiler.samples as s;"
        "assert compiler.__file__.startswith(sys.argv[1]), compiler.__file__;"
        "from compiler.cli import main;"
        "sys.exit(main(['check', '--format', 'json', '--schema',"
        " str(s.sample_schema_path('harbor_vet')), 'search contacts limit 1']))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(site)],
        cwd=work,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["ok"] is True
