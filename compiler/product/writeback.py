"""Interaction logging of the workspace's HubSpot connection: settings (GET/PATCH), counters,
and finished conversations handed in for export. The rules (validation, PATCH semantics,
``enabledAt``, scrubbing, no back-fill, idempotent by conversation id) are the writeback
library's; this module only finds the connection's writeback store.
"""

from __future__ import annotations

import time
from typing import Any

from compiler.product.connections import require_connection
from compiler.product.errors import Invalid, problem
from compiler.store import Store, skillc_home
from compiler.writeback import service
from compiler.writeback.errors import InputError
from compiler.writeback.sqlite_store import SQLiteStore
from compiler.writeback.store import WritebackStore


def writeback_store(store: Store, workspace_id: str) -> WritebackStore:
    """The writeback store (settings and outbox) of the workspace's connection.

    The one place that chooses it: the outbox's SQLite file in ``SKILLC_HOME`` (shared by the
    service's processes on this machine) until the outbox moves onto the store.
    """
    connection = require_connection(store, workspace_id)
    path = skillc_home() / "writeback" / f"{connection.id}.db"
    return SQLiteStore(path, connection=connection.id)


def _json(status: Any) -> dict[str, Any]:
    data = status.to_json()
    return {"mode": data["mode"], "onNoMatch": data["onNoMatch"], "counters": data["counters"]}


def _invalid(exc: InputError) -> Invalid:
    return Invalid("invalid_request", str(exc), [problem(exc.path, exc.reason)])


def get_settings(store: Store, workspace_id: str) -> dict[str, Any]:
    outbox = writeback_store(store, workspace_id)
    try:
        return _json(service.status(outbox))
    finally:
        outbox.close()


def patch_settings(store: Store, workspace_id: str, body: Any) -> dict[str, Any]:
    outbox = writeback_store(store, workspace_id)
    try:
        return _json(service.update_settings(outbox, body))
    except InputError as exc:
        raise _invalid(exc) from None
    finally:
        outbox.close()


def log_conversation(store: Store, workspace_id: str, body: Any) -> dict[str, Any]:
    """Enqueue a finished conversation for export to HubSpot (when logging is on)."""
    outbox = writeback_store(store, workspace_id)
    try:
        return service.log_conversation(outbox, body, now=time.time()).to_json()
    except InputError as exc:
        raise _invalid(exc) from None
    finally:
        outbox.close()
