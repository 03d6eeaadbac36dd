"""Compiling the HubSpot pack per account: artifacts, determinism, --partial, atomic output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from compiler.cli import main
from compiler.packs import emit
from compiler.packs.compile import compile_pack
from compiler.packs.emit import digest_of
from tests.pack_fixtures import (
    BINDINGS,
    HARBOR_SCHEMA,
    HUBSPOT_PACK,
    INVALID,
    ROOT,
    SMALL_SCHEMA,
    harbor,
    small,
)

SKILLS = {
    "find_contact",
    "find_company",
    "find_ticket",
    "create_contact",
    "update_contact",
    "create_ticket",
    "create_deal",
}
ARTIFACT_SCHEMA = json.loads((ROOT / "schemas" / "artifact.schema.json").read_text())
MANIFEST_SCHEMA = json.loads((ROOT / "schemas" / "manifest.schema.json").read_text())
TOOL_NAME = r"^[a-zA-Z0-9_-]{1,64}$"
PARAM_KEYS = {"type", "properties", "required", "description", "additionalProperties"}
PROPERTY_KEYS = {"type", "description", "enum", "format", "items", "pattern"}


@pytest.fixture(scope="module")
def artifacts() -> dict[str, dict[str, Any]]:
    result = compile_pack(HUBSPOT_PACK, harbor())
    assert result.ok, result.diagnostics
    return result.artifacts


def _compile(*args: str) -> int:
    return main(["compile", *args])


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def test_every_skill_compiles_for_harbor_vet(artifacts: dict[str, dict[str, Any]]) -> None:
    assert set(artifacts) == SKILLS


def test_artifacts_are_valid_and_digested(artifacts: dict[str, dict[str, Any]]) -> None:
    for artifact in artifacts.values():
        jsonschema.validate(artifact, ARTIFACT_SCHEMA)
        assert artifact["digest"] == digest_of(artifact)
        assert artifact["schemaFingerprint"] == harbor().fingerprint
        assert artifact["account"] == {"id": "4242", "label": "Harbor Vet (HubSpot)"}
        assert artifact["source"]["file"] == f"hubspot/{artifact['name']}.yaml"


def test_tool_names_and_parameters_fit_openai_and_anthropic(
    artifacts: dict[str, dict[str, Any]],
) -> None:
    import re

    for name, artifact in artifacts.items():
        assert re.match(TOOL_NAME, name)
        params = artifact["parameters"]
        assert params["type"] == "object"
        assert set(params) <= PARAM_KEYS, set(params) - PARAM_KEYS
        assert params["additionalProperties"] is False
        assert set(params["required"]) <= set(params["properties"])
        for prop_name, prop in params["properties"].items():
            assert re.match(r"^[a-zA-Z0-9_.-]{1,64}$", prop_name)
            assert set(prop) <= PROPERTY_KEYS, (name, prop)
            assert prop["type"] in ("string", "number", "integer", "boolean", "array")
        # conversation context never becomes something the model fills in
        assert not any(p.startswith("caller") for p in params["properties"])


def test_gating_flags(artifacts: dict[str, dict[str, Any]]) -> None:
    for name, artifact in artifacts.items():
        flags = artifact["flags"]
        if name.startswith("find_"):
            assert artifact["kind"] == "read"
            assert not any(flags.values())
            assert artifact["templates"]["confirmation"] is None
        else:
            assert artifact["kind"] == "write"
            assert flags["gated"] and flags["confirm"] and flags["serial"]
            assert flags["requires_verified_identity"] == (name == "update_contact")
            assert artifact["templates"]["confirmation"]


def test_skills_do_what_the_product_page_says(artifacts: dict[str, dict[str, Any]]) -> None:
    contact = artifacts["find_contact"]
    step = contact["steps"][0]
    assert contact["parameters"]["properties"] == {}
    assert contact["context"] == ["caller.phone"]
    assert [g[0]["property"] for g in step["phoneMatch"]] == ["phone", "mobilephone"]
    assert step["body"]["sorts"] == [
        {"propertyName": "lastmodifieddate", "direction": "DESCENDING"}
    ]
    assert step["result"] == "one" and step["limit"] == 1
    assert artifacts["create_contact"]["operation"] == "find_or_create"
    assert artifacts["update_contact"]["operation"] == "update"
    assert artifacts["update_contact"]["parameters"]["required"] == ["contact_id"]
    ticket = artifacts["create_ticket"]["steps"][0]["body"]
    assert ticket["properties"]["hs_pipeline"] == "0"
    assert ticket["properties"]["hs_pipeline_stage"] == "1"
    assert ticket["associations"][0]["to"]["id"] == {"$param": "caller.contact_id"}
    deal = artifacts["create_deal"]["steps"][0]["body"]["properties"]
    assert deal["pipeline"] == "default"
    company = artifacts["find_company"]["steps"][0]["body"]["filterGroups"]
    assert [g["filters"][0]["propertyName"] for g in company] == ["name", "domain"]
    assert artifacts["find_ticket"]["context"] == ["caller.contact_id"]


def test_input_descriptions_reach_the_tool_schema(artifacts: dict[str, dict[str, Any]]) -> None:
    props = artifacts["create_ticket"]["parameters"]["properties"]
    assert props["subject"]["description"].startswith("A short title")
    assert props["priority"]["enum"]  # the account's options, from the discovered schema


def test_compile_writes_manifest_and_is_byte_identical(tmp_path: Path) -> None:
    args = [str(HUBSPOT_PACK), "--schema", str(HARBOR_SCHEMA)]
    assert _compile(*args, "--out", str(tmp_path / "a")) == 0
    assert _compile(*args, "--out", str(tmp_path / "b")) == 0
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first == second
    assert set(first) == {f"{n}.json" for n in SKILLS} | {"manifest.json"}
    manifest = json.loads(first["manifest.json"])
    jsonschema.validate(manifest, MANIFEST_SCHEMA)
    assert manifest["pack"] == {"name": "hubspot", "version": "1.0.0"}
    assert manifest["partial"] is False and manifest["failed"] == []
    for entry in manifest["skills"]:
        assert json.loads(first[entry["file"]])["digest"] == entry["digest"]
    assert b"discoveredAt" not in first["manifest.json"]


def test_identical_bytes_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "compiler",
                "compile",
                "packs/hubspot",
                "--schema",
                str(HARBOR_SCHEMA),
                "--out",
                str(out),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        outs.append(_files(out))
    assert outs[0] == outs[1]


def test_failure_exits_1_and_leaves_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _compile(str(HUBSPOT_PACK), "--schema", str(HARBOR_SCHEMA), "--out", str(out)) == 0
    before = _files(out)
    broken = INVALID / "block_scalars"
    assert _compile(str(broken), "--schema", str(HARBOR_SCHEMA), "--out", str(out)) == 1
    assert _files(out) == before
    assert not (tmp_path / "fresh").exists()
    assert (
        _compile(str(broken), "--schema", str(HARBOR_SCHEMA), "--out", str(tmp_path / "fresh")) == 1
    )
    assert not (tmp_path / "fresh").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_partial_writes_what_compiled(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = [str(HUBSPOT_PACK), "--schema", str(SMALL_SCHEMA), "--bindings", str(BINDINGS)]
    assert _compile(*args, "--out", str(out)) == 1
    assert not out.exists()
    assert "find_pet.yaml" in capsys.readouterr().err  # the pointed error names the file
    assert _compile(*args, "--out", str(out), "--partial", "--format", "json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["failed"] == ["find_pet"] and report["written"] is True
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["partial"] is True and manifest["failed"] == ["find_pet"]
    assert {s["name"] for s in manifest["skills"]} == SKILLS
    assert not (out / "find_pet.json").exists()
    # Thistle Plumbing records its own region: GB numbers without a country code
    assert json.loads((out / "find_contact.json").read_text())["phoneRegion"] == "GB"


def test_bindings_compile_next_to_the_pack() -> None:
    result = compile_pack(HUBSPOT_PACK, harbor(), bindings_dir=BINDINGS)
    assert result.ok, result.diagnostics
    pet = result.artifacts["find_pet"]
    assert pet["pack"] is None and pet["object"]["name"] == "pets"
    jsonschema.validate(pet, ARTIFACT_SCHEMA)
    assert result.manifest()["skills"][-1] == {
        "name": "find_pet",
        "file": "find_pet.json",
        "digest": pet["digest"],
        "kind": "read",
        "operation": "search",
        "origin": "binding",
    }


def test_small_account_reports_every_problem_in_one_run() -> None:
    result = compile_pack(HUBSPOT_PACK, small(), bindings_dir=BINDINGS)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    assert errors and all(d.file and d.file.endswith("find_pet.yaml") for d in errors)
    assert set(result.artifacts) == SKILLS


def test_interrupted_write_keeps_the_old_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert _compile(str(HUBSPOT_PACK), "--schema", str(HARBOR_SCHEMA), "--out", str(out)) == 0
    before = _files(out)
    real_open = open
    calls = {"n": 0}

    def flaky_open(file: Any, mode: str = "r", *a: Any, **k: Any) -> Any:
        if "w" in mode:
            calls["n"] += 1
            if calls["n"] == 3:
                raise OSError(28, "No space left on device")
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr("builtins.open", flaky_open)
    assert _compile(str(HUBSPOT_PACK), "--schema", str(SMALL_SCHEMA), "--out", str(out)) == 2
    monkeypatch.undo()
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_refuses_to_replace_a_directory_that_is_not_an_output(tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    assert _compile(str(HUBSPOT_PACK), "--schema", str(HARBOR_SCHEMA), "--out", str(out)) == 2
    assert (out / "notes.txt").read_text() == "keep me"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    out = str(tmp_path / "o")
    assert _compile(str(HUBSPOT_PACK), "--schema", str(tmp_path / "none.json"), "--out", out) == 2
    assert _compile(str(tmp_path), "--schema", str(HARBOR_SCHEMA), "--out", out) == 2


def test_a_changed_pack_changes_only_that_digest(tmp_path: Path) -> None:
    pack = tmp_path / "hubspot"
    shutil.copytree(HUBSPOT_PACK, pack)
    path = pack / "find_company.yaml"
    path.write_text(path.read_text().replace("Look up a company", "Find a company"))
    before = compile_pack(HUBSPOT_PACK, harbor()).artifacts
    after = compile_pack(pack, harbor()).artifacts
    changed = {n for n in SKILLS if before[n]["digest"] != after[n]["digest"]}
    assert changed == {"find_company"}


def test_digests_do_not_depend_on_how_the_pack_path_is_written() -> None:
    relative = compile_pack(Path(os.path.relpath(HUBSPOT_PACK)), harbor()).artifacts
    absolute = compile_pack(HUBSPOT_PACK.resolve(), harbor()).artifacts
    assert relative == absolute
    assert absolute["find_contact"]["source"]["file"] == "hubspot/find_contact.yaml"


def test_emit_canonical_bytes_are_sorted() -> None:
    data = emit.file_bytes({"b": 1, "a": {"d": 2, "c": 3}})
    assert data == b'{\n  "a": {\n    "c": 3,\n    "d": 2\n  },\n  "b": 1\n}\n'


def test_a_skill_needs_its_scopes_in_the_pack(tmp_path: Path) -> None:
    pack = tmp_path / "hubspot"
    shutil.copytree(HUBSPOT_PACK, pack)
    meta = pack / "pack.yaml"
    meta.write_text(meta.read_text().replace("    - tickets\n", ""))
    result = compile_pack(pack, harbor())
    missing = sorted(
        (Path(d.file or "").name, d.line, d.col)
        for d in result.diagnostics
        if d.code == "scope-missing"
    )
    assert missing == [("create_ticket.yaml", 12, 1), ("find_ticket.yaml", 10, 1)]
    assert set(result.failed) == {"create_ticket", "find_ticket"}
    # standard objects' scopes are checked without an account schema too (pre-commit, CI)
    from compiler.packs.validate import validate_pack

    checked = validate_pack(pack)
    assert not checked.ok
    assert [
        (Path(d.file or "").name, d.line, d.col, d.message)
        for d in checked.diagnostics
        if d.code == "scope-missing"
    ] == [
        (Path(d.file or "").name, d.line, d.col, d.message)
        for d in sorted(result.diagnostics, key=lambda d: (d.file or "", d.line))
        if d.code == "scope-missing"
    ]


def test_a_binding_cannot_take_a_pack_skills_name() -> None:
    from compiler.packs.compile import compile_loaded
    from compiler.packs.load import load_bindings, load_pack

    loaded = load_pack(HUBSPOT_PACK)
    load_bindings(ROOT / "tests" / "fixtures" / "packs" / "duplicate_bindings", loaded)
    for _ in range(2):  # compiling one loaded pack twice must not pile up diagnostics
        result = compile_loaded(loaded, harbor())
        dupes = [d for d in result.diagnostics if d.code == "skill-duplicate"]
        assert [(Path(d.file or "").name, d.line, d.col) for d in dupes] == [
            ("find_contact.yaml", 2, 7)
        ]
        assert "hubspot/find_contact.yaml" in result.artifacts["find_contact"]["source"]["file"]


@pytest.mark.parametrize("out", [".", "..", "./"])
def test_the_current_directory_is_never_the_output(
    out: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    here = tmp_path / "a" / "b"
    here.mkdir(parents=True)
    monkeypatch.chdir(here)
    assert _compile(str(HUBSPOT_PACK), "--schema", str(HARBOR_SCHEMA), "--out", out) == 2
    assert "current directory" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b"]


def test_a_relative_output_path_with_dots_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    args = [str(HUBSPOT_PACK), "--schema", str(HARBOR_SCHEMA), "--out", "../out/./"]
    assert _compile(*args) == 0
    assert _compile(*args) == 0  # replacing it again goes through the same path
    assert (tmp_path / "out" / "manifest.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "work"]


def test_the_pack_requests_least_privilege(artifacts: dict[str, dict[str, Any]]) -> None:
    from compiler.packs.compile import needed_scopes
    from compiler.packs.load import load_pack

    pack = load_pack(HUBSPOT_PACK).pack
    assert pack is not None
    needed: set[str] = set()
    for artifact in artifacts.values():
        obj = artifact["object"]
        needed |= set(needed_scopes(obj["name"], obj["objectTypeId"], artifact["operation"]))
        # discovery reads the schema (properties, pipelines) of every object a skill touches
        needed |= set(needed_scopes(obj["name"], obj["objectTypeId"], "search"))
    assert set(pack.scopes.required) == needed
    # optional scopes are for custom objects only, never a standard object's write
    assert all(".custom." in s for s in pack.scopes.optional), pack.scopes.optional


def test_a_vanished_working_directory_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    with pytest.raises(emit.OutputDirError, match="cannot resolve"):
        emit.write_output_dir(tmp_path / "out", {"manifest.json": b"{}\n"})
    assert not (tmp_path / "out").exists()
