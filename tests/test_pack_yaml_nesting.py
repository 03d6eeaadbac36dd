"""Pack YAML nested deeper than the documented limit is refused before parsing, never a crash."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.packs.yamlsrc import MAX_NESTING, load_yaml
from compiler.samples import sample_schema_path

ROOT = Path(__file__).resolve().parent.parent
DEPTH = 500


def _block(depth: int) -> str:
    return "".join("  " * i + "k:\n" for i in range(depth)) + "  " * depth + "x: 1\n"


@pytest.mark.parametrize(
    "text",
    [
        "extra: " + "[" * DEPTH + "]" * DEPTH + "\n",
        "extra: " + "{a: " * DEPTH + "1" + "}" * DEPTH + "\n",
        _block(DEPTH),
        "- " * DEPTH + "x\n",
        # Brackets inside quotes fool the cheap bound; the parse itself still refuses.
        "a: " + '["]", ' * DEPTH + "x" + "]" * DEPTH + "\n",
    ],
    ids=["flow-seq", "flow-map", "block-map", "compact-seq", "quoted-brackets"],
)
def test_deep_nesting_is_a_diagnostic(text: str) -> None:
    doc, diagnostics = load_yaml(text, "deep.yaml")
    assert doc is None
    (diag,) = diagnostics
    assert diag.code == "yaml-nesting" and f"more than {MAX_NESTING} deep" in diag.message


def test_nesting_at_the_limit_loads() -> None:
    doc, diagnostics = load_yaml(_block(MAX_NESTING - 1), "ok.yaml")
    assert diagnostics == [] and doc is not None


@pytest.mark.parametrize("command", ["validate", "compile"])
def test_validate_and_compile_refuse_a_deep_pack_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "packs" / "hubspot", pack)
    with (pack / "find_contact.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\nextra: " + "[" * DEPTH + "]" * DEPTH + "\n")
    argv = [command, str(pack)]
    if command == "compile":
        schema = str(sample_schema_path("harbor_vet"))
        argv += ["--schema", schema, "--out", str(tmp_path / "out")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "find_contact.yaml:17:" in err and "error[yaml-nesting]" in err
    assert "Traceback" not in err and "RecursionError" not in err
