"""Disconnect HubSpot: revoke the refresh token at HubSpot, then forget both tokens.

The connection row stays (status ``not_connected``) so what belongs to the workspace rather than
to the token survives a reconnect: the interaction-logging settings, and agents with their
published versions. Until a reconnect every call answers ``not_connected``.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import update

from compiler.hubspot import HubSpotClient
from compiler.hubspot.errors import HubSpotError
from compiler.product import secretbox
from compiler.product.connections import connection_of, forget_clients
from compiler.product.errors import Conflict
from compiler.product.hubspot_app import HubSpotApp
from compiler.store import Store
from compiler.store.connections import Connection

NOT_CONNECTED = "not_connected"

log = logging.getLogger("skillc.product")


async def _revoke(app: HubSpotApp, refresh_token: str) -> bool:
    # The refresh token is the client's "token" so that every text the client emits redacts it.
    async with HubSpotClient(app.base_url, refresh_token, transport=app.transport) as client:
        try:
            await client.request(
                "DELETE", f"/oauth/v1/refresh-tokens/{refresh_token}", idempotent=True
            )
        except HubSpotError as exc:
            if exc.status == 404:  # HubSpot no longer knows it: revoked already
                return True
            log.warning("revoking the HubSpot token failed: %s", exc.category or exc.status)
            return False
    return True


async def disconnect(store: Store, app: HubSpotApp, workspace_id: str) -> dict[str, Any]:
    """Revoke and forget the workspace's HubSpot tokens; ``revoked`` says whether HubSpot
    confirmed. The tokens are forgotten either way: a disconnect never leaves them usable here."""
    row = connection_of(store, workspace_id)
    if row is None or row.status == NOT_CONNECTED:
        raise Conflict("not_connected", "HubSpot is not connected in this workspace")
    try:
        refresh = secretbox.decrypt(row.refresh_token)
    except Exception:  # an unreadable token cannot be revoked, only forgotten
        refresh = ""
    revoked = await _revoke(app, refresh) if refresh else False
    with store.transaction() as session:
        session.execute(
            update(Connection)
            .where(Connection.id == row.id)
            .values(
                status=NOT_CONNECTED,
                access_token="",
                refresh_token="",
                expires_at=None,
                scopes="",
                token_version=Connection.token_version + 1,
            )
        )
    forget_clients()
    return {"id": "hubspot", "status": NOT_CONNECTED, "revoked": revoked}
