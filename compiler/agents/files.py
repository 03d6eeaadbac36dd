"""The agent directory (the CLI's agent): ``AGENT_DIR/draft`` as installs leave it, and
``AGENT_DIR/versions/<n>/`` (``skills/*.json`` and ``version.json``), written once by publish."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from compiler.agents.interface import UnknownVersion, Version
from compiler.packs.emit import MANIFEST_FILE, file_bytes, swap_directory
from compiler.packs.install import DRAFT_MANIFEST_FORMAT, FileAgentStore, manifest_entry
from compiler.runtime.agent_skills import VERSION_FILE, VERSIONS_DIR

# The layout is the runtime loader's (compiler.runtime.agent_skills), which serves versions.


class AgentDirError(Exception):
    pass


class FileAgent(FileAgentStore):
    """An agent in a directory; the draft is :class:`FileAgentStore`'s."""

    @property
    def versions_dir(self) -> Path:
        return self.agent_dir / VERSIONS_DIR

    def draft_skills(self) -> dict[str, dict[str, Any]]:
        # What a call of the draft would load: every skill file of the draft.
        return _read_skills(self.draft / "skills", None)

    def replace_draft(self, skills: Mapping[str, dict[str, Any]]) -> None:
        self.agent_dir.mkdir(parents=True, exist_ok=True)
        with self._lock():
            tmp = Path(tempfile.mkdtemp(prefix=".draft.tmp-", dir=self.agent_dir))
            try:
                (tmp / "skills").mkdir()
                manifest: dict[str, Any] = {"format": DRAFT_MANIFEST_FORMAT, "skills": {}}
                for name, artifact in sorted(skills.items()):
                    (tmp / "skills" / f"{name}.json").write_bytes(file_bytes(artifact))
                    manifest["skills"][name] = manifest_entry(name, artifact)
                (tmp / MANIFEST_FILE).write_bytes(file_bytes(manifest))
                swap_directory(tmp, self.draft)
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
                raise

    def snapshot(
        self, skills: Mapping[str, dict[str, Any]], fingerprint: str | None, published_at: float
    ) -> Version:
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        with self._lock():
            number = max((v.version for v in self.versions()), default=0) + 1
            version = Version(number, published_at, fingerprint, sorted(skills))
            tmp = Path(tempfile.mkdtemp(prefix=".version.tmp-", dir=self.versions_dir))
            try:
                (tmp / "skills").mkdir()
                for name, artifact in sorted(skills.items()):
                    (tmp / "skills" / f"{name}.json").write_bytes(file_bytes(artifact))
                (tmp / VERSION_FILE).write_bytes(
                    file_bytes(version.to_json() | {"at": published_at})
                )
                # A rename onto a new name: an existing version is never replaced.
                os.rename(tmp, self.versions_dir / str(number))
            except OSError:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
        return version

    def versions(self) -> list[Version]:
        if not self.versions_dir.is_dir():
            return []
        found: list[Version] = []
        for folder in self.versions_dir.iterdir():
            if not folder.name.isdigit() or not (folder / VERSION_FILE).is_file():
                continue
            try:
                data = json.loads((folder / VERSION_FILE).read_text(encoding="utf-8"))
                found.append(
                    Version(
                        int(folder.name),
                        float(data["at"]),
                        data.get("schemaFingerprint"),
                        list(data.get("skills") or []),
                    )
                )
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise AgentDirError(f"{folder / VERSION_FILE}: unreadable ({exc})") from None
        return sorted(found, key=lambda v: v.version)

    def version_skills(self, version: int) -> dict[str, dict[str, Any]]:
        folder = self.versions_dir / str(version)
        if not (folder / VERSION_FILE).is_file():
            raise UnknownVersion(f"{self.agent_dir}: no version {version}")
        return _read_skills(folder / "skills", None)


def _read_skills(folder: Path, names: Mapping[str, str] | None) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    if not folder.is_dir():
        return out
    for file in sorted(folder.glob("*.json")):
        if names is not None and file.stem not in names:
            continue
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise AgentDirError(f"{file}: unreadable ({exc})") from None
        if isinstance(data, dict):
            out[file.stem] = data
    return out
