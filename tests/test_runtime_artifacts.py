"""Loading installed artifacts: digests, shapes, agent directories, the per-agent secret."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest
from runtime_fixtures import CountingClient, install, load, load_all, with_digest

from compiler.runtime import Runtime
from compiler.runtime.agent_state import import_legacy_tokens, runtime_secret
from compiler.runtime.artifact import ArtifactProblem, compute_digest, load_artifact
from compiler.runtime.ledger import StoreTokenLedger
from compiler.store import open_store


def test_fixture_digests_match_the_documented_rule() -> None:
    for artifact in load_all():
        body = {k: v for k, v in artifact.items() if k != "digest"}
        canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert artifact["digest"] == "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()
        assert compute_digest(artifact) == artifact["digest"]


def test_from_agent_dir_loads_every_skill(tmp_path: Path) -> None:
    rt = Runtime.from_agent_dir(install(tmp_path, load_all()), CountingClient())
    assert sorted(rt.skills) == sorted(a["name"] for a in load_all())
    assert rt.refusals == {}


def test_one_broken_file_refuses_only_its_skill(tmp_path: Path) -> None:
    agent = install(tmp_path, load_all())
    (agent / "draft" / "skills" / "find_contact.json").write_text("{not json", encoding="utf-8")
    renamed = load("search_contacts")
    (agent / "draft" / "skills" / "lookup.json").write_text(json.dumps(renamed), encoding="utf-8")
    rt = Runtime.from_agent_dir(agent, CountingClient())
    assert rt.refusals["find_contact"][0] == "artifact_invalid"
    assert "cannot read" in rt.refusals["find_contact"][1]
    assert "holds skill search_contacts" in rt.refusals["lookup"][1]
    assert "create_ticket" in rt.skills


def test_missing_skills_dir_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no installed skills"):
        Runtime.from_agent_dir(tmp_path, CountingClient())


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda a: a.update(format="skillc.artifact/9"), "format"),
        (lambda a: a.update(parameters={"type": "array"}), "parameters"),
        (lambda a: a["steps"][0].update(method="DELETE"), "must use POST"),
        (lambda a: a["steps"][0].update(path="/crm/v3/owners"), "not a search path"),
        (lambda a: a["steps"][0]["body"].update(limit={"$param": "email"}), "only fill a value"),
        (
            lambda a: a["steps"][0]["body"]["filterGroups"][0]["filters"][0].update(
                operator={"$param": "email"}
            ),
            "only fill a value",
        ),
        (
            lambda a: a["steps"][0]["body"]["filterGroups"][0]["filters"][0].update(
                value={"$param": "password"}
            ),
            "neither a parameter",
        ),
        (
            lambda a: a["steps"][0]["body"]["filterGroups"][0]["filters"][0].update(
                value={"$param": "email", "$format": "sql"}
            ),
            "unknown $format",
        ),
        (lambda a: a.update(object={"name": "contacts", "objectTypeId": "../x"}), "type id"),
        (lambda a: a.update(name="drop table"), "identifier"),
    ],
)
def test_unsafe_or_malformed_artifacts_are_refused(change, words: str) -> None:  # type: ignore[no-untyped-def]
    artifact = copy.deepcopy(load("search_contacts"))
    change(artifact)
    with pytest.raises(ArtifactProblem) as info:
        load_artifact(with_digest(artifact))
    assert info.value.code == "artifact_invalid"
    assert words in info.value.reason


def test_writes_are_gated_even_if_flags_say_otherwise() -> None:
    artifact = copy.deepcopy(load("create_ticket"))
    artifact["flags"] = {"gated": False, "confirm": False, "serial": False,
                         "requires_verified_identity": False}  # fmt: skip
    loaded = load_artifact(with_digest(artifact))
    assert loaded.gated
    update = copy.deepcopy(load("update_contact"))
    update["flags"]["requires_verified_identity"] = False
    assert load_artifact(with_digest(update)).needs_verified_identity


def test_runtime_secret_lives_in_the_store_and_is_shared(store_url: str) -> None:
    store = open_store(store_url)
    first = runtime_secret(store)
    assert len(first) == 32 and runtime_secret(open_store(store_url)) == first


def test_legacy_used_tokens_are_imported_once(tmp_path: Path, store_url: str) -> None:
    ledger = StoreTokenLedger(open_store(store_url))
    legacy = tmp_path / ".runtime" / "used-tokens.json"
    legacy.parent.mkdir()
    legacy.write_text(json.dumps({"n1": 9e12, "old": 1.0}))
    assert import_legacy_tokens(tmp_path, ledger) == 1
    assert not legacy.exists() and legacy.with_name("used-tokens.json.imported").exists()
    assert not ledger.claim("n1", 9e12)  # used before the upgrade: still used
    assert ledger.claim("n2", 9e12) and not ledger.claim("n2", 9e12)
    assert import_legacy_tokens(tmp_path, ledger) == 0


def test_fixtures_are_what_the_binding_compiler_makes_today() -> None:
    """The runtime is tested on current plans; after a plan change, rerun
    ``python -m tests.runtime_fixtures`` and check the runtime tests still pass."""
    from runtime_fixtures import SKILLS, build

    stale = [name for name in SKILLS if build(name) != load(name)]
    assert stale == [], f"stale runtime fixtures: {stale} (python -m tests.runtime_fixtures)"
