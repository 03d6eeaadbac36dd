"""Installing compiled skills into an agent draft: idempotent, verified, atomic."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from compiler.cli import main
from compiler.packs.compile import compile_pack
from compiler.packs.emit import digest_of, file_bytes, write_output_dir
from compiler.packs.install import AgentStore, FileAgentStore, InstallError, install
from tests.pack_fixtures import HARBOR_SCHEMA, HUBSPOT_PACK, harbor

SKILL_COUNT = 7


@pytest.fixture
def compiled(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert (
        main(["compile", str(HUBSPOT_PACK), "--schema", str(HARBOR_SCHEMA), "--out", str(out)]) == 0
    )
    return out


def _install_json(out: Path, agent: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, Any]:
    capsys.readouterr()  # drop what earlier commands printed
    code = main(["install", str(out), "--agent", str(agent), "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def _draft(agent: Path) -> dict[str, bytes]:
    root = agent / "draft"
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_install_then_reinstall_is_idempotent(
    compiled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agent = tmp_path / "agent"
    code, first = _install_json(compiled, agent, capsys)
    assert code == 0
    assert len(first["skills"]) == SKILL_COUNT
    assert all(s["created"] and not s["updated"] for s in first["skills"])
    for s in first["skills"]:
        installed = agent / "draft" / "skills" / f"{s['name']}.json"
        assert installed.read_bytes() == (compiled / f"{s['name']}.json").read_bytes()
    before = _draft(agent)
    code, second = _install_json(compiled, agent, capsys)
    assert code == 0
    assert [s["name"] for s in second["skills"]] == [s["name"] for s in first["skills"]]
    assert all(not s["created"] and not s["updated"] for s in second["skills"])
    assert _draft(agent) == before
    manifest = json.loads((agent / "draft" / "manifest.json").read_text())
    assert set(manifest["skills"]) == {s["name"] for s in first["skills"]}


def test_a_changed_skill_is_updated(
    compiled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agent = tmp_path / "agent"
    assert _install_json(compiled, agent, capsys)[0] == 0
    pack = tmp_path / "hubspot"
    shutil.copytree(HUBSPOT_PACK, pack)
    path = pack / "create_deal.yaml"
    path.write_text(path.read_text().replace("Open a sales opportunity", "Open a deal"))
    out2 = tmp_path / "out2"
    assert main(["compile", str(pack), "--schema", str(HARBOR_SCHEMA), "--out", str(out2)]) == 0
    code, report = _install_json(out2, agent, capsys)
    assert code == 0
    outcomes = {s["name"]: (s["created"], s["updated"]) for s in report["skills"]}
    assert outcomes.pop("create_deal") == (False, True)
    assert set(outcomes.values()) == {(False, False)}
    installed = json.loads((agent / "draft" / "skills" / "create_deal.json").read_text())
    assert installed["description"].startswith("Open a deal")


def test_a_tampered_artifact_is_refused_and_nothing_installed(
    compiled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agent = tmp_path / "agent"
    path = compiled / "create_ticket.json"
    artifact = json.loads(path.read_text())
    artifact["steps"][0]["path"] = "/crm/v3/objects/contacts"
    path.write_bytes(file_bytes(artifact))
    code, report = _install_json(compiled, agent, capsys)
    assert code == 1 and report["ok"] is False
    assert any("create_ticket.json" in p and "digest" in p for p in report["problems"])
    assert not (agent / "draft").exists()


def test_gating_switched_off_in_an_artifact_is_refused_even_with_a_fixed_digest(
    compiled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agent = tmp_path / "agent"
    assert _install_json(compiled, agent, capsys)[0] == 0
    before = _draft(agent)
    path = compiled / "update_contact.json"
    artifact = json.loads(path.read_text())
    artifact["flags"]["requires_verified_identity"] = False
    artifact["digest"] = digest_of(artifact)
    path.write_bytes(file_bytes(artifact))
    manifest = json.loads((compiled / "manifest.json").read_text())
    for entry in manifest["skills"]:
        if entry["name"] == "update_contact":
            entry["digest"] = artifact["digest"]
    (compiled / "manifest.json").write_bytes(file_bytes(manifest))
    code, report = _install_json(compiled, agent, capsys)
    assert code == 1
    assert any("update_contact.json" in p for p in report["problems"])
    assert _draft(agent) == before


def test_manifest_digest_must_match(compiled: Path, tmp_path: Path) -> None:
    manifest = json.loads((compiled / "manifest.json").read_text())
    manifest["skills"][0]["digest"] = "sha256:" + "0" * 64
    (compiled / "manifest.json").write_bytes(file_bytes(manifest))
    with pytest.raises(InstallError) as err:
        install(compiled, FileAgentStore(tmp_path / "agent"))
    assert any("manifest.json lists" in p for p in err.value.problems)


def test_not_an_output_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["install", str(tmp_path), "--agent", str(tmp_path / "a")]) == 2
    assert "manifest.json" in capsys.readouterr().err


def test_a_deleted_installed_file_is_restored(compiled: Path, tmp_path: Path) -> None:
    store = FileAgentStore(tmp_path / "agent")
    install(compiled, store)
    (tmp_path / "agent" / "draft" / "skills" / "find_ticket.json").unlink()
    outcomes = {o.name: o for o in install(compiled, store)}
    assert outcomes["find_ticket"].created
    assert (tmp_path / "agent" / "draft" / "skills" / "find_ticket.json").is_file()


def test_interrupted_install_leaves_the_draft_as_it_was(
    compiled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = FileAgentStore(tmp_path / "agent")
    install(compiled, store)
    before = _draft(tmp_path / "agent")
    pack = tmp_path / "hubspot"
    shutil.copytree(HUBSPOT_PACK, pack)
    for path in pack.glob("find_*.yaml"):
        path.write_text(path.read_text().replace("description: >", "description: >\n  New."))
    result = compile_pack(pack, harbor())
    assert result.ok, result.diagnostics
    out2 = tmp_path / "out2"
    write_output_dir(out2, result.files())

    def broken_swap(new: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("compiler.packs.install.swap_directory", broken_swap)
    with pytest.raises(OSError):
        install(out2, store)
    assert _draft(tmp_path / "agent") == before
    leftovers = [p.name for p in (tmp_path / "agent").iterdir() if p.name.startswith(".draft.")]
    assert leftovers == [".draft.lock"]  # no temporary copy left behind


class MemoryStore:
    """Another AgentStore: what a database-backed store has to provide."""

    def __init__(self) -> None:
        self.skills: dict[str, dict[str, Any]] = {}
        self.applied: list[list[str]] = []

    def installed_digests(self) -> dict[str, str]:
        return {name: str(a["digest"]) for name, a in self.skills.items()}

    def apply(self, skills: Mapping[str, dict[str, Any]]) -> None:
        self.applied.append(sorted(skills))
        self.skills.update(skills)

    def installed_accounts(self) -> dict[str, str]:
        return {name: str(a["account"]["id"]) for name, a in self.skills.items()}


def test_install_works_against_any_agent_store(compiled: Path) -> None:
    store: AgentStore = MemoryStore()
    first = install(compiled, store)
    second = install(compiled, store)
    assert all(o.created for o in first)
    assert not any(o.created or o.updated for o in second)
    assert isinstance(store, MemoryStore)
    assert store.applied == [sorted(o.name for o in first), []]


def test_concurrent_installs_into_one_agent_keep_every_skill(
    compiled: Path, tmp_path: Path
) -> None:
    import threading

    from compiler.packs.emit import with_digest

    other = tmp_path / "other"
    manifest = json.loads((compiled / "manifest.json").read_text())
    files: dict[str, bytes] = {}
    for entry in manifest["skills"]:
        artifact = json.loads((compiled / entry["file"]).read_text())
        artifact = with_digest(artifact | {"name": f"{entry['name']}_b"})
        entry.update(
            name=artifact["name"], file=f"{artifact['name']}.json", digest=artifact["digest"]
        )
        files[entry["file"]] = file_bytes(artifact)
    files["manifest.json"] = file_bytes(manifest)
    write_output_dir(other, files)
    for round_ in range(5):
        agent = tmp_path / f"agent{round_}"
        threads = [
            threading.Thread(target=install, args=(out, FileAgentStore(agent)))
            for out in (compiled, other)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        installed = FileAgentStore(agent).installed_digests()
        assert len(installed) == 2 * SKILL_COUNT


def _renamed_output(compiled: Path, out: Path, suffix: str) -> None:
    """A copy of ``compiled`` whose skills are named ``<name><suffix>`` (another pack's skills)."""
    from compiler.packs.emit import with_digest

    manifest = json.loads((compiled / "manifest.json").read_text())
    files: dict[str, bytes] = {}
    for entry in manifest["skills"]:
        artifact = json.loads((compiled / entry["file"]).read_text())
        artifact = with_digest(artifact | {"name": f"{entry['name']}{suffix}"})
        entry.update(
            name=artifact["name"], file=f"{artifact['name']}.json", digest=artifact["digest"]
        )
        files[entry["file"]] = file_bytes(artifact)
    files["manifest.json"] = file_bytes(manifest)
    write_output_dir(out, files)


class _Killed(BaseException):
    """Stands in for the process being killed: nothing catches it."""


def _kill_between_renames(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    real_replace = os.replace
    calls = {"n": 0}

    def replace(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the old set is aside, the new one not yet in place
            raise _Killed
        real_replace(src, dst)

    monkeypatch.setattr("compiler.packs.emit.os.replace", replace)


def test_an_install_killed_between_renames_loses_no_skills(
    compiled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = tmp_path / "agent"
    store = FileAgentStore(agent)
    install(compiled, store)
    other = tmp_path / "other"
    _renamed_output(compiled, other, "_b")
    _kill_between_renames(monkeypatch)
    with pytest.raises(_Killed):
        install(other, store)
    monkeypatch.undo()
    assert not (agent / "draft").exists()  # the window the kill hit
    # The next look at the draft finds the previous set, and the retry adds to it.
    assert len(FileAgentStore(agent).installed_digests()) == SKILL_COUNT
    outcomes = install(other, FileAgentStore(agent))
    assert all(o.created for o in outcomes)
    assert len(FileAgentStore(agent).installed_digests()) == 2 * SKILL_COUNT
    assert sorted(p.name for p in agent.iterdir()) == [".draft.lock", "draft"]


def test_a_compile_killed_between_renames_leaves_nothing_behind(
    compiled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {p.name: p.read_bytes() for p in compiled.iterdir()}
    other = tmp_path / "other"
    _renamed_output(compiled, other, "_b")
    files = {p.name: p.read_bytes() for p in other.iterdir()}
    _kill_between_renames(monkeypatch)
    with pytest.raises(_Killed):
        write_output_dir(compiled, files)
    monkeypatch.undo()
    assert not compiled.exists()
    # A reader (install) sees the previous set again; the next write replaces it cleanly.
    from compiler.packs.install import read_compiled

    assert set(read_compiled(compiled)) == {n[: -len(".json")] for n in before} - {"manifest"}
    write_output_dir(compiled, files)
    assert {p.name: p.read_bytes() for p in compiled.iterdir()} == files
    # The killed run's unfinished new set may stay (another compile could be writing its own);
    # the previous set never does.
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.old-")] == []


def test_a_damaged_installed_file_is_replaced_and_reported_updated(
    compiled: Path, tmp_path: Path
) -> None:
    agent = tmp_path / "agent"
    install(compiled, FileAgentStore(agent))
    installed = agent / "draft" / "skills" / "create_ticket.json"
    data = json.loads(installed.read_text())
    data["flags"]["confirm"] = False  # edited by hand; the manifest still lists the old digest
    installed.write_text(json.dumps(data))
    outcomes = {o.name: o for o in install(compiled, FileAgentStore(agent))}
    assert outcomes["create_ticket"].updated and not outcomes["create_ticket"].created
    assert not any(o.updated for n, o in outcomes.items() if n != "create_ticket")
    assert installed.read_bytes() == (compiled / "create_ticket.json").read_bytes()


def _compile_to(schema: Path, out: Path, *extra: str) -> None:
    assert main(["compile", str(HUBSPOT_PACK), "--schema", str(schema), "--out", str(out)]) == 0


def test_skills_of_two_accounts_are_not_mixed_in_one_agent(
    compiled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.pack_fixtures import SMALL_SCHEMA

    agent = tmp_path / "agent"
    code, _ = _install_json(compiled, agent, capsys)
    assert code == 0
    # A second account's output that does not replace every installed skill is refused.
    other = tmp_path / "other"
    _compile_to(SMALL_SCHEMA, other)
    manifest = json.loads((other / "manifest.json").read_text())
    manifest["skills"] = manifest["skills"][:1]
    (other / "manifest.json").write_text(json.dumps(manifest))
    before = _draft(agent)
    code, report = _install_json(other, agent, capsys)
    assert code == 1 and report["ok"] is False
    assert "one HubSpot account" in report["error"]
    assert any("'4242'" in p and "'777'" in p for p in report["problems"])
    assert _draft(agent) == before
    # Replacing every skill of the first account is a clean switch.
    full = tmp_path / "full"
    _compile_to(SMALL_SCHEMA, full)
    code, report = _install_json(full, agent, capsys)
    assert code == 0 and all(s["updated"] for s in report["skills"])


def test_an_artifact_of_another_account_inside_an_output_is_refused(
    compiled: Path, tmp_path: Path
) -> None:
    from compiler.packs.emit import with_digest

    name = json.loads((compiled / "manifest.json").read_text())["skills"][0]["name"]
    path = compiled / f"{name}.json"
    artifact = json.loads(path.read_text())
    artifact["account"] = {"id": "999", "label": "Someone else"}
    fixed = with_digest(artifact)
    path.write_bytes(file_bytes(fixed))
    manifest = json.loads((compiled / "manifest.json").read_text())
    for entry in manifest["skills"]:
        if entry["name"] == name:
            entry["digest"] = fixed["digest"]
    (compiled / "manifest.json").write_bytes(file_bytes(manifest))
    with pytest.raises(InstallError) as caught:
        install(compiled, FileAgentStore(tmp_path / "agent"))
    assert any("'999'" in p and "'4242'" in p for p in caught.value.problems)


def test_install_says_which_skills_a_partial_build_left_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(HUBSPOT_PACK, pack)
    skill = pack / "find_contact.yaml"
    skill.write_text(skill.read_text().replace("search contacts", "search contactz"))
    out = tmp_path / "out"
    args = ["compile", str(pack), "--schema", str(HARBOR_SCHEMA), "--out", str(out), "--partial"]
    assert main(args) == 0  # --partial wrote what compiled
    agent = tmp_path / "agent"
    code, report = _install_json(out, agent, capsys)
    assert code == 0 and report["leftOut"] == ["find_contact"]
    assert "find_contact" not in [s["name"] for s in report["skills"]]
    capsys.readouterr()
    assert main(["install", str(out), "--agent", str(tmp_path / "agent2")]) == 0
    text = capsys.readouterr().out
    assert "left out" in text and "find_contact" in text
