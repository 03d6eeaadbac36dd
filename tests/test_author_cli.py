"""`skillc author`: exit codes and output shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.cli import main

ROOT = Path(__file__).resolve().parent.parent
HARBOR = str(ROOT / "compiler" / "samples" / "harbor_vet.schema.json")


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKILLC_AUTHOR_MODEL", raising=False)


def test_json_success_is_check_output_plus_authoring_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        ["author", "List the caller's open tickets", "--schema", HARBOR, "--format", "json"]
    )
    authored = json.loads(capsys.readouterr().out)
    assert code == 0
    assert main(["check", authored["binding"], "--schema", HARBOR, "--format", "json"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert {k: authored[k] for k in checked} == checked
    assert set(authored) - set(checked) == {"binding", "explanation", "confidence", "alternatives"}


def test_text_output_prints_the_binding(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["author", "Update a pet's weight", "--schema", HARBOR]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "update pets {pet_id} set weight_kg = {weight_kg}"


def test_impossible_goal_exits_1_with_errors(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["author", "Find the caller's invoices", "--schema", HARBOR, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["ok"] is False and data["errors"][0]["code"] == "unknown-object"


def test_ambiguous_goal_exits_1_with_a_question(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["author", "Close a given ticket", "--schema", HARBOR, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["question"] and len(data["candidates"]) == 2


def test_object_option(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["author", "the newest one", "--schema", HARBOR, "--object", "pets", "--format", "json"]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["object"]["name"] == "pets"


def test_missing_schema_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["author", "List dogs", "--schema", "/nonexistent.json"]) == 2
    assert "skillc author: error:" in capsys.readouterr().err


def test_bad_model_setting_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKILLC_AUTHOR_MODEL", "gpt")
    assert main(["author", "List dogs", "--schema", HARBOR]) == 2
    assert "SKILLC_AUTHOR_MODEL" in capsys.readouterr().err


def test_empty_goal_is_an_error_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["author", "   ", "--schema", HARBOR, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["errors"][0]["code"] == "bad-goal"
