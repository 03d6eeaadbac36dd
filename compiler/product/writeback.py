"""Interaction logging of the workspace's HubSpot connection: settings (GET/PATCH), counters,
finished conversations handed in for export, and their delivery to HubSpot with the
connection's own tokens. The rules (validation, PATCH semantics, ``enabledAt``, scrubbing, no
back-fill, idempotent by conversation id, exactly one engagement per conversation) are the
writeback library's; this module only finds the connection's outbox and client.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import select

from compiler.product.connections import (
    client_for,
    current_schema,
    is_connected,
    require_connection,
)
from compiler.product.errors import Invalid, problem
from compiler.product.hubspot_app import HubSpotApp
from compiler.store import Store
from compiler.store.connections import Connection
from compiler.writeback import service
from compiler.writeback.deliver import Drainer
from compiler.writeback.errors import InputError
from compiler.writeback.outbox import Outbox


def writeback_store(store: Store, workspace_id: str) -> Outbox:
    """The writeback settings and outbox of the workspace's connection, on the store (keyed by
    the connection, so every process of the service and every worker sees the same outbox)."""
    connection = require_connection(store, workspace_id)
    return Outbox(store, connection=connection.id)


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


async def deliver_all(store: Store, app: HubSpotApp) -> int:
    """One delivery pass over every connected workspace that has conversations due; how many
    were logged. Items backed off after a failure wait for a later pass; they are leased in the
    store, so any number of processes may deliver the same outbox at once."""
    with store.transaction() as session:
        connections = [row for row in session.scalars(select(Connection)) if is_connected(row)]
    logged = 0
    for connection in connections:
        outbox = Outbox(store, connection=connection.id)
        try:
            if outbox.counters().pending:
                logged += await _deliver(store, app, connection, outbox)
        finally:
            outbox.close()
    return logged


async def _deliver(store: Store, app: HubSpotApp, connection: Connection, outbox: Outbox) -> int:
    schema, _ = current_schema(store, connection.workspace_id)
    drainer = Drainer(
        outbox,
        client_for(store, app, connection),
        account=connection.portal_id or connection.id,
        phone_region=schema.account.defaultRegion,
    )
    return (await drainer.drain(wait=False)).logged
