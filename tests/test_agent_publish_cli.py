"""`skillc publish AGENT_DIR` and `skillc call` choosing the published version, else the draft."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from runtime_fixtures import install, load_all

from compiler.agents.files import FileAgent
from compiler.agents.interface import restore
from compiler.cli import main
from compiler.runtime.agent_skills import load_agent_skills


def test_publish_snapshots_the_draft_and_call_uses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agent = install(tmp_path / "agent", load_all())
    assert load_agent_skills(agent).version == "draft"
    assert main(["call", str(agent), "find_contact", "--caller-phone", "+16175550123"]) == 0
    assert "using the draft" in capsys.readouterr().err
    assert main(["publish", str(agent), "--format", "json"]) == 0
    version = json.loads(capsys.readouterr().out)
    assert version["version"] == 1 and "find_contact" in version["skills"]
    assert load_agent_skills(agent).version == "published version 1"
    # The draft changes afterwards: calls still answer with the published version.
    for path in (agent / "draft" / "skills").glob("find_contact.json"):
        path.unlink()
    code = main(["call", str(agent), "find_contact", "--caller-phone", "+16175550123"])
    captured = capsys.readouterr()
    assert code == 0 and "using the published version 1" in captured.err
    assert "find_contact: ok" in captured.out


def test_versions_are_immutable_and_restore_fills_the_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agent_dir = install(tmp_path / "agent", load_all())
    assert main(["publish", str(agent_dir)]) == 0
    assert main(["publish", str(agent_dir)]) == 0
    agent = FileAgent(agent_dir)
    assert [v.version for v in agent.versions()] == [1, 2]
    first = agent.version_skills(1)
    agent.replace_draft({})
    assert agent.draft_skills() == {}
    restore(agent, 1)
    assert agent.draft_skills() == first
    assert agent.version_skills(1) == first


def test_publishing_an_empty_draft_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "agent").mkdir()
    assert main(["publish", str(tmp_path / "agent")]) == 1
    assert "no skills" in capsys.readouterr().err


def test_export_uses_the_published_version_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agent = install(tmp_path / "agent", load_all())
    assert main(["publish", str(agent)]) == 0
    for path in (agent / "draft" / "skills").glob("*.json"):
        path.unlink()
    capsys.readouterr()
    assert main(["export", str(agent), "--format", "openai"]) == 0
    captured = capsys.readouterr()
    assert "using the published version 1" in captured.err
    assert "find_contact" in captured.out
