"""Runtime state kept in an agent directory, so confirmations survive between two processes.

``AGENT_DIR/.runtime/secret`` holds the per-agent HMAC secret (created on first use, mode 0600);
``AGENT_DIR/.runtime/used-tokens.json`` remembers redeemed confirmation nonces until they expire.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from compiler.runtime.agent_skills import AgentSkills, load_agent_skills
from compiler.runtime.execute import CrmClient
from compiler.runtime.runtime import Runtime

STATE_DIR = ".runtime"


class AgentStateError(Exception):
    pass


def agent_secret(agent_dir: str | Path) -> bytes:
    """The agent's confirmation secret, created with 0600 permissions when missing."""
    folder = Path(agent_dir) / STATE_DIR
    path = folder / "secret"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise AgentStateError(
            f"{path}: cannot create the runtime secret ({exc.strerror})"
        ) from None
    else:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise AgentStateError(f"{path}: cannot read the runtime secret ({exc})") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AgentStateError(
            f"{path}: the runtime secret is readable by others; run chmod 600 on it"
        )
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        raise AgentStateError(f"{path}: the runtime secret is not hex; delete it") from None
    if len(secret) < 16:
        raise AgentStateError(f"{path}: the runtime secret is too short; delete it")
    return secret


class FileUsedTokens:
    """Used confirmation nonces in a JSON file, locked with flock across processes."""

    def __init__(self, agent_dir: str | Path, clock: Callable[[], float] = time.time) -> None:
        self._path = Path(agent_dir) / STATE_DIR / "used-tokens.json"
        self._clock = clock

    @contextlib.contextmanager
    def _locked(self) -> Iterator[dict[str, float]]:
        self._path.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        with os.fdopen(fd, "r+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                raw = handle.read()
                try:
                    loaded = json.loads(raw) if raw.strip() else {}
                except json.JSONDecodeError:
                    loaded = {}  # a damaged file only forgets used tokens that expire soon
                used = (
                    {str(k): float(v) for k, v in loaded.items()}
                    if isinstance(loaded, dict)
                    else {}
                )
                yield used
                handle.seek(0)
                handle.truncate()
                handle.write(json.dumps(used, sort_keys=True))
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def claim(self, nonce: str, expires_at: float) -> bool:
        with self._locked() as used:
            now = self._clock()
            for key in [k for k, e in used.items() if e < now]:
                del used[key]
            if nonce in used:
                return False
            used[nonce] = expires_at
            return True


def agent_runtime(
    agent_dir: str | Path, client: CrmClient, *, skills: AgentSkills | None = None, **options: Any
) -> Runtime:
    """The runtime of an agent directory: the skills it serves (``skills``, else read with
    ``load_agent_skills``), its secret and used-token store."""
    loaded = skills if skills is not None else load_agent_skills(agent_dir)
    options.setdefault("secret", agent_secret(agent_dir))
    options.setdefault("used_tokens", FileUsedTokens(agent_dir))
    return Runtime(loaded.entries, client, **options)
