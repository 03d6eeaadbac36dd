"""The runtime of an agent directory, with its promises kept in the product's one store.

An agent directory holds installed skills only. What must hold across processes lives in the
store (``compiler.store``), keyed by HubSpot portal and conversation, never by directory: the
confirmation secret (created once, atomically, by whichever process asks first), the token ledger,
the find-or-create claims and recent creates, one write at a time per conversation, and the
account's request budget.

Before the store, ``AGENT_DIR/.runtime/`` held a secret and ``used-tokens.json``; used tokens
found there are imported into the ledger once (the file is then renamed ``*.imported``), so a
token redeemed before the upgrade cannot run again.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from compiler.identity.registry import StoreKeyRegistry
from compiler.runtime.agent_skills import AgentSkills, load_agent_skills
from compiler.runtime.execute import CrmClient
from compiler.runtime.ledger import StoreTokenLedger
from compiler.runtime.runtime import Runtime
from compiler.store import Store, StoreError, open_store
from compiler.store.claims import Claims

LEGACY_STATE_DIR = ".runtime"
SECRET_NAME = "runtime-secret"


class AgentStateError(Exception):
    pass


def runtime_secret(store: Store) -> bytes:
    """The installation's confirmation secret (created once, by whichever process asks first)."""
    text = store.value(SECRET_NAME)
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        raise AgentStateError("the store's runtime secret is not hex") from None
    if len(secret) < 16:
        raise AgentStateError("the store's runtime secret is too short")
    return secret


def import_legacy_tokens(agent_dir: str | Path, ledger: StoreTokenLedger) -> int:
    """Move ``AGENT_DIR/.runtime/used-tokens.json`` into the ledger, once; returns how many."""
    path = Path(agent_dir) / LEGACY_STATE_DIR / "used-tokens.json"
    if not path.is_file():
        return 0
    try:
        loaded = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        loaded = {}  # a damaged file held nonces that expire within minutes anyway
    now = time.time()
    count = 0
    for nonce, expires_at in loaded.items() if isinstance(loaded, dict) else []:
        if isinstance(expires_at, int | float) and expires_at >= now:
            ledger.claim(str(nonce), float(expires_at))
            count += 1
    try:
        os.replace(path, path.with_name(path.name + ".imported"))
    except OSError as exc:
        raise AgentStateError(f"{path}: cannot mark as imported ({exc.strerror})") from None
    return count


def account_of(agent_dir: str | Path, skills: AgentSkills | None = None) -> str | None:
    """The HubSpot portal id the agent's skills were compiled for (None when none says)."""
    try:
        loaded = skills if skills is not None else load_agent_skills(agent_dir)
    except FileNotFoundError:
        return None
    for _file, _name, raw in loaded.entries:
        account = raw.get("account") if isinstance(raw, dict) else None
        if isinstance(account, dict) and account.get("id"):
            return str(account["id"])
    return None


def agent_runtime(
    agent_dir: str | Path,
    client: CrmClient,
    *,
    skills: AgentSkills | None = None,
    store: Store | None = None,
    database_url: str | None = None,
    throwaway_crm: bool = False,
    **options: Any,
) -> Runtime:
    """The runtime of an agent directory: the skills it serves (``skills``, else read with
    ``load_agent_skills``), its shared state in ``store`` (default: the store at
    ``database_url`` / ``$SKILLC_DATABASE_URL`` / ``$SKILLC_HOME/skillc.db``).

    ``throwaway_crm``: the client talks to a simulator that lives as long as this process, so
    records created in it are not remembered in the store (another process's simulator does
    not hold them); tokens still are.
    """
    loaded = skills if skills is not None else load_agent_skills(agent_dir)
    if store is None:
        try:
            store = open_store(database_url)
        except StoreError as exc:
            raise AgentStateError(str(exc)) from None
    shared = store_runtime_options(store, throwaway_crm=throwaway_crm)
    import_legacy_tokens(agent_dir, shared["used_tokens"])
    return Runtime(loaded.entries, client, **{**shared, **options})


def store_runtime_options(store: Store, *, throwaway_crm: bool = False) -> dict[str, Any]:
    """What makes a runtime's promises hold across processes, all kept in ``store``: the
    confirmation secret, the token ledger, find-or-create claims with recently created records,
    and one write at a time per conversation. Every runtime (CLI, service, MCP, webhooks) is
    built with these, so none of them depends on one process's memory."""
    claims = Claims(store)
    options: dict[str, Any] = {
        "secret": runtime_secret(store),
        "used_tokens": StoreTokenLedger(store),
        "conversation_turns": lambda cid: claims.hold("conversation:" + cid),
    }
    if not throwaway_crm:
        options["registry"] = StoreKeyRegistry(store, claims=claims)
    return options
