"""`skillc publish` refuses a draft holding a skill the runtime would refuse, naming it and why,
and publishes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from runtime_fixtures import install, load_all

from compiler.agents.files import FileAgent
from compiler.cli import main


def test_a_changed_artifact_is_not_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    agent = install(tmp_path / "agent", load_all())
    path = agent / "draft" / "skills" / "find_contact.json"
    artifact = json.loads(path.read_text())
    artifact["description"] = "changed by hand after compilation"
    path.write_text(json.dumps(artifact))
    assert main(["publish", str(agent)]) == 1
    err = capsys.readouterr().err
    assert "find_contact" in err and "digest mismatch" in err
    assert FileAgent(agent).versions() == []
