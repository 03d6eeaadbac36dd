"""An artifact whose parts contradict each other does not load, even with a recomputed digest;
`skillc install` refuses what the runtime would refuse, by the same check (issue 9, items 6, 8)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from runtime_fixtures import load, with_digest

from compiler.cli import main
from compiler.packs.emit import file_bytes
from compiler.packs.install import FileAgentStore, InstallError, install
from compiler.runtime.artifact import ArtifactProblem, load_artifact
from tests.pack_fixtures import HARBOR_SCHEMA, HUBSPOT_PACK

Edit = Callable[[dict[str, Any]], None]


def _object(name: str, type_id: str) -> Edit:
    return lambda a: a.update(object={"name": name, "objectTypeId": type_id})


def _path(path: str) -> Edit:
    return lambda a: a["steps"][0].update(path=path)


CONTRADICTIONS: list[tuple[str, Edit, str]] = [
    ("find_contact", _object("deals", "0-3"), "not a request on the artifact's object deals"),
    ("find_contact", _path("/crm/v3/objects/deals/search"), "not a request on the artifact's"),
    ("find_contact", _object("contacts", "0-3"), "contacts has objectTypeId 0-1, not 0-3"),
    ("find_contact", _object("pets", "0-1"), "objectTypeId 0-1 is contacts, not pets"),
    ("create_ticket", lambda a: a.update(kind="read"), "a create artifact is a write"),
    ("find_contact", lambda a: a.update(kind="write"), "a search artifact is a read"),
    ("find_contact", lambda a: a["result"].update(shape="many"), "result.shape is 'many'"),
    ("find_contact", lambda a: a["steps"][0]["phoneMatch"].pop(), "phoneMatch has 1 groups"),
    ("create_contact", lambda a: a["steps"][0].update(result="many"), "returns one record"),
]


@pytest.mark.parametrize(("skill", "edit", "words"), CONTRADICTIONS)
def test_a_contradicting_artifact_does_not_load(skill: str, edit: Edit, words: str) -> None:
    artifact = copy.deepcopy(load(skill))
    load_artifact(artifact)  # the committed fixture is consistent
    edit(artifact)
    with pytest.raises(ArtifactProblem) as caught:
        load_artifact(with_digest(artifact))
    assert caught.value.code == "artifact_invalid"
    assert words in caught.value.reason


def test_custom_objects_go_by_type_id_or_name() -> None:
    artifact = copy.deepcopy(load("find_contact"))
    artifact["object"] = {"name": "pets", "objectTypeId": "2-9876543"}
    for segment in ("2-9876543", "pets"):
        artifact["steps"][0]["path"] = f"/crm/v3/objects/{segment}/search"
        load_artifact(with_digest(artifact))
    artifact["steps"][0]["path"] = "/crm/v3/objects/2-1111111/search"
    with pytest.raises(ArtifactProblem):
        load_artifact(with_digest(artifact))


@pytest.fixture
def compiled(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    args = ["compile", str(HUBSPOT_PACK), "--schema", str(HARBOR_SCHEMA), "--out", str(out)]
    assert main(args) == 0
    return out


def _tamper(out: Path, name: str, edit: Edit) -> None:
    """Edit one compiled artifact and recompute every digest, as a careful attacker would."""
    path = out / f"{name}.json"
    artifact = json.loads(path.read_text())
    edit(artifact)
    fixed = with_digest(artifact)
    path.write_bytes(file_bytes(fixed))
    manifest = json.loads((out / "manifest.json").read_text())
    for entry in manifest["skills"]:
        if entry["name"] == name:
            entry["digest"] = fixed["digest"]
    (out / "manifest.json").write_bytes(file_bytes(manifest))


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda a: a["steps"][0].update(method="DELETE"), "must use POST"),
        (lambda a: a["steps"][0].update(path="/crm/v3/objects/deals/search"), "not a request on"),
    ],
)
def test_install_refuses_what_the_runtime_would_refuse(
    compiled: Path, tmp_path: Path, edit: Edit, words: str
) -> None:
    _tamper(compiled, "find_contact", edit)
    agent = tmp_path / "agent"
    with pytest.raises(InstallError) as caught:
        install(compiled, FileAgentStore(agent))
    refusals = [p for p in caught.value.problems if "the runtime would refuse it" in p]
    assert len(refusals) == 1
    assert "find_contact.json" in refusals[0] and words in refusals[0]
    assert not (agent / "draft").exists()
