"""Install compiled skills into an agent's draft, idempotently.

Every artifact is verified first (its digest, the artifact JSON Schema, and the digest the
manifest lists for it); one bad artifact refuses the whole install. An identical skill (same
digest) is skipped (``created: false``), a changed one is replaced (``updated: true``). The
install state sits behind ``AgentStore`` so a database store can replace the file system one.
"""

from __future__ import annotations

import fcntl
import json
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from compiler.packs.emit import (
    MANIFEST_FILE,
    digest_of,
    file_bytes,
    recover_directory,
    schema_errors,
    swap_directory,
)

DRAFT_MANIFEST_FORMAT = "skillc.agent-draft/1"


class InstallError(Exception):
    """The compiled output cannot be installed; ``problems`` says why, one line each."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class AgentStore(Protocol):
    """Where an agent's draft skills live."""

    def installed_digests(self) -> dict[str, str]:
        """Skill name → digest of what the draft holds now."""
        ...

    def apply(self, skills: Mapping[str, dict[str, Any]]) -> None:
        """Put ``skills`` (name → artifact) into the draft, all of them or none."""
        ...

    def installed_accounts(self) -> dict[str, str]:
        """Skill name → id of the HubSpot account the installed skill was compiled for."""
        ...


class FileAgentStore:
    """``AGENT_DIR/draft/skills/<name>.json`` plus ``AGENT_DIR/draft/manifest.json``."""

    def __init__(self, agent_dir: str | Path) -> None:
        self.agent_dir = Path(agent_dir)
        self.draft = self.agent_dir / "draft"

    def _manifest(self) -> dict[str, Any]:
        path = self.draft / MANIFEST_FILE
        if not path.is_file():
            return {"format": DRAFT_MANIFEST_FORMAT, "skills": {}}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InstallError(f"{path}: unreadable draft manifest ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("skills"), dict):
            raise InstallError(f"{path}: not a skillc draft manifest")
        return data

    def installed_digests(self) -> dict[str, str]:
        if not self.draft.exists() and self.agent_dir.is_dir():
            with self._lock():
                recover_directory(self.draft)
        # A skill whose file went missing counts as not installed, so installing restores it;
        # one whose file no longer holds what the manifest says (edited by hand, truncated) is
        # replaced, as the runtime would refuse it.
        out: dict[str, str] = {}
        for name, entry in self._manifest()["skills"].items():
            path = self.draft / "skills" / f"{name}.json"
            if path.is_file():
                out[name] = str(entry.get("digest")) if _holds(path, entry) else DAMAGED
        return out

    def installed_accounts(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, entry in self._manifest()["skills"].items():
            account = entry.get("account") if isinstance(entry, dict) else None
            if isinstance(account, dict) and (self.draft / "skills" / f"{name}.json").is_file():
                out[name] = str(account.get("id", ""))
        return out

    def apply(self, skills: Mapping[str, dict[str, Any]]) -> None:
        if not skills:
            return
        self.agent_dir.mkdir(parents=True, exist_ok=True)
        # Two installs into one agent at once must not lose each other's skills: the draft is
        # read, copied and swapped under an exclusive lock.
        with self._lock():
            self._apply_locked(skills)

    @contextmanager
    def _lock(self) -> Iterator[None]:
        with open(self.agent_dir / ".draft.lock", "a+b") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _apply_locked(self, skills: Mapping[str, dict[str, Any]]) -> None:
        recover_directory(self.draft)
        # Under the lock no other install is writing: a copy left here was a killed run's.
        for stale in self.agent_dir.glob(".draft.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        manifest = self._manifest()
        tmp = Path(tempfile.mkdtemp(prefix=".draft.tmp-", dir=self.agent_dir))
        try:
            if self.draft.is_dir():
                shutil.copytree(self.draft, tmp, dirs_exist_ok=True)
            (tmp / "skills").mkdir(exist_ok=True)
            for name, artifact in sorted(skills.items()):
                (tmp / "skills" / f"{name}.json").write_bytes(file_bytes(artifact))
                manifest["skills"][name] = manifest_entry(name, artifact)
            (tmp / MANIFEST_FILE).write_bytes(file_bytes(manifest))
            swap_directory(tmp, self.draft)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


# What ``installed_digests`` reports for a skill whose file does not match its manifest entry.
DAMAGED = "damaged"


def _holds(path: Path, entry: Any) -> bool:
    """Whether an installed skill file still holds the artifact its manifest entry names."""
    try:
        artifact = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    if not isinstance(artifact, dict) or not isinstance(entry, dict):
        return False
    return artifact.get("digest") == entry.get("digest") == digest_of(artifact)


class InstallReport(list["InstallOutcome"]):
    """One outcome per skill, plus what a ``--partial`` compile left out (never installed)."""

    def __init__(self, outcomes: list[InstallOutcome], left_out: list[str]) -> None:
        super().__init__(outcomes)
        self.left_out = left_out


@dataclass(frozen=True)
class InstallOutcome:
    name: str
    digest: str
    created: bool
    updated: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "digest": self.digest,
            "created": self.created,
            "updated": self.updated,
        }


def read_compiled(out_dir: str | Path) -> dict[str, dict[str, Any]]:
    """Read and verify a compile output directory: name → artifact."""
    root = Path(out_dir)
    recover_directory(root)
    manifest_path = root / MANIFEST_FILE
    if not manifest_path.is_file():
        raise InstallError(f"{root}: no {MANIFEST_FILE}; is this a `skillc compile` output?")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InstallError(f"{manifest_path}: unreadable ({exc})") from None
    problems = [f"{manifest_path}: {m}" for m in schema_errors(manifest, "manifest")]
    if problems:
        raise InstallError(f"{manifest_path}: not a valid manifest", problems)
    artifacts: dict[str, dict[str, Any]] = {}
    for entry in manifest["skills"]:
        if entry["file"] != f"{entry['name']}.json":
            problems.append(
                f"{manifest_path}: skill {entry['name']!r} names file {entry['file']!r}"
            )
            continue
        path = root / entry["file"]
        try:
            artifact = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{path}: unreadable ({exc})")
            continue
        problems.extend(f"{path}: {m}" for m in schema_errors(artifact))
        if not isinstance(artifact, dict):
            continue
        actual = digest_of(artifact)
        if artifact.get("digest") != actual:
            problems.append(f"{path}: digest does not match the content (tampered or corrupt)")
        elif actual != entry["digest"]:
            problems.append(f"{path}: digest differs from the one manifest.json lists")
        elif artifact.get("name") != entry["name"]:
            problems.append(
                f"{path}: names skill {artifact.get('name')!r}, manifest says {entry['name']!r}"
            )
        elif _account_id(artifact) != _account_id(manifest):
            problems.append(
                f"{path}: compiled for account {_account_id(artifact)!r}, but manifest.json is "
                f"for account {_account_id(manifest)!r}"
            )
        else:
            problems.extend(runtime_refusal(artifact, path))
        artifacts[entry["name"]] = artifact
    if problems:
        raise InstallError(f"{root}: refusing to install: {len(problems)} problem(s)", problems)
    return artifacts


def _account_id(data: Any) -> str:
    account = data.get("account") if isinstance(data, dict) else None
    return str(account.get("id", "")) if isinstance(account, dict) else ""


def left_out(out_dir: str | Path) -> list[str]:
    """The skills a ``--partial`` compile left out (from a verified output's manifest)."""
    try:
        manifest = json.loads((Path(out_dir) / MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    failed = manifest.get("failed") if isinstance(manifest, dict) else None
    return sorted(str(f) for f in failed) if isinstance(failed, list) else []


def check_one_account(artifacts: Mapping[str, dict[str, Any]], store: AgentStore) -> None:
    """One agent serves one HubSpot account: refuse to add skills of another account to skills
    that stay installed (replacing every skill of the other account is a clean switch)."""
    incoming = {_account_id(a) for a in artifacts.values()}
    staying = {
        name: account
        for name, account in store.installed_accounts().items()
        if name not in artifacts and account not in incoming
    }
    if not staying:
        return
    new = ", ".join(sorted(incoming))
    by_account: dict[str, list[str]] = {}
    for name, account in sorted(staying.items()):
        by_account.setdefault(account, []).append(name)
    problems = [
        f"the agent holds skills of account {account!r} ({', '.join(names)}); these are "
        f"for account {new!r}"
        for account, names in sorted(by_account.items())
    ]
    raise InstallError(
        "refusing to install: one agent serves one HubSpot account; install into another "
        "agent, or compile the agent's other skills for this account too",
        problems,
    )


def runtime_refusal(artifact: dict[str, Any], path: Path) -> list[str]:
    """Why the runtime would refuse to load ``artifact`` (by the runtime's own check), if it
    would: installing what can never be called only moves the failure to the first call."""
    from compiler.packs.loaded import ArtifactProblem, load_artifact

    try:
        load_artifact(artifact, where=str(path))
    except ArtifactProblem as exc:
        return [f"the runtime would refuse it: {exc.reason}"]
    return []


def install(out_dir: str | Path, store: AgentStore) -> InstallReport:
    """Install a verified compile output into ``store``; return one outcome per skill (and,
    for a ``--partial`` output, the skills it left out)."""
    return InstallReport(install_artifacts(read_compiled(out_dir), store), left_out(out_dir))


def install_artifacts(
    artifacts: Mapping[str, dict[str, Any]], store: AgentStore
) -> list[InstallOutcome]:
    """Install verified artifacts (name → artifact) into ``store``, idempotently."""
    check_one_account(artifacts, store)
    current = store.installed_digests()
    outcomes: list[InstallOutcome] = []
    changes: dict[str, dict[str, Any]] = {}
    for name, artifact in artifacts.items():
        digest = artifact["digest"]
        before = current.get(name)
        if before == digest:
            outcomes.append(InstallOutcome(name, digest, created=False, updated=False))
            continue
        changes[name] = artifact
        outcomes.append(
            InstallOutcome(name, digest, created=before is None, updated=before is not None)
        )
    store.apply(changes)
    return outcomes


def manifest_entry(name: str, artifact: dict[str, Any]) -> dict[str, Any]:
    """What a draft's (or version's) manifest records of one installed skill."""
    return {
        "digest": artifact["digest"],
        "file": f"skills/{name}.json",
        "pack": artifact.get("pack"),
        "account": artifact.get("account"),
    }
