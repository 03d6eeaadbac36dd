"""Interaction-logging settings of the workspace's HubSpot connection (GET/PATCH), using the
writeback library's rules (validation, PATCH semantics, ``enabledAt``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import update

from compiler.product.connections import require_connection
from compiler.product.errors import Invalid, problem
from compiler.store import Store
from compiler.store.connections import Connection
from compiler.writeback.errors import InputError
from compiler.writeback.settings import (
    Counters,
    Mode,
    OnNoMatch,
    WritebackSettings,
    WritebackStatus,
    apply_patch,
    parse_patch,
)


def _settings(row: Connection) -> WritebackSettings:
    enabled = (
        datetime.fromtimestamp(row.writeback_enabled_at, UTC)
        if row.writeback_enabled_at is not None
        else None
    )
    return WritebackSettings(
        mode=Mode(row.writeback_mode),
        on_no_match=OnNoMatch(row.writeback_on_no_match),
        enabled_at=enabled,
    )


def _json(settings: WritebackSettings, counters: Counters) -> dict[str, Any]:
    data = WritebackStatus(
        mode=settings.mode,
        on_no_match=settings.on_no_match,
        enabled_at=settings.enabled_at,
        counters=counters,
    ).to_json()
    return {"mode": data["mode"], "onNoMatch": data["onNoMatch"], "counters": data["counters"]}


def counters(store: Store, workspace_id: str) -> Counters:
    # Delivery counters come from the outbox; none is delivered through the service yet.
    return Counters()


def get_settings(store: Store, workspace_id: str) -> dict[str, Any]:
    row = require_connection(store, workspace_id)
    return _json(_settings(row), counters(store, workspace_id))


def patch_settings(store: Store, workspace_id: str, body: Any) -> dict[str, Any]:
    row = require_connection(store, workspace_id)
    try:
        patch = parse_patch(body)
    except InputError as exc:
        raise Invalid("invalid_settings", str(exc), [problem(exc.path, exc.reason)]) from None
    updated = apply_patch(_settings(row), patch, now=datetime.now(UTC))
    with store.transaction() as session:
        session.execute(
            update(Connection)
            .where(Connection.id == row.id)
            .values(
                writeback_mode=updated.mode.value,
                writeback_on_no_match=updated.on_no_match.value,
                writeback_enabled_at=(
                    updated.enabled_at.timestamp() if updated.enabled_at is not None else None
                ),
            )
        )
    return _json(updated, counters(store, workspace_id))
