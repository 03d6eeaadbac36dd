"""HubSpot connections: connect (single-use state), the OAuth callback, encrypted tokens
refreshed before expiry, discovery into the store, and a client for calls.

Nothing is stored until the whole callback succeeded (code exchanged, account read, schema
discovered): a refused or failed callback leaves the workspace as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import delete, select, update

from compiler.account import AccountSchema, parse_schema
from compiler.account.standard_objects import STANDARD_OBJECTS
from compiler.hubspot import HubSpotClient
from compiler.hubspot.discovery import DiscoveryError, discover
from compiler.hubspot.errors import HubSpotError
from compiler.hubspot.oauth_flow import StoredTokenManager, TokenGrant, exchange_code, token_info
from compiler.product import secretbox
from compiler.product.accounts import Principal
from compiler.product.errors import Conflict, Forbidden, NotFound
from compiler.product.hubspot_app import CUSTOM_SCHEMA_SCOPE, HubSpotApp, pack_scopes
from compiler.product.ids import new_id, now
from compiler.store import Store
from compiler.store.accounts import OAuthState
from compiler.store.agents import Agent
from compiler.store.connections import Connection, DiscoveredSchema
from compiler.store.rate_budget import budget_for

STATE_TTL_S = 600.0
# An expired state is still answered "expired" (not "unknown") for a day, then forgotten: every
# consent URL minted (a connect, a re-consent, a view of an agent missing scopes) leaves one.
STATE_KEPT_S = 86_400.0
PROVIDER = "hubspot"


class CallbackRefused(Exception):
    """The OAuth callback cannot complete; ``code`` is stable, the message is for people."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def _digest(state: str) -> str:
    return hashlib.sha256(state.encode("utf-8")).hexdigest()


def _check_agent(store: Store, workspace_id: str, agent_id: str) -> None:
    if "\x00" in agent_id:  # no id holds one, and PostgreSQL text refuses it (a 500, not a 404)
        raise NotFound("agent_not_found", f"no agent {agent_id!r} in this workspace")
    with store.transaction() as session:
        agent = session.get(Agent, agent_id)
    if agent is None or agent.workspace_id != workspace_id:
        raise NotFound("agent_not_found", f"no agent {agent_id!r} in this workspace")


def oauth_url(
    store: Store,
    app: HubSpotApp,
    principal: Principal,
    *,
    agent_id: str | None = None,
    required: tuple[str, ...] | None = None,
    optional: tuple[str, ...] | None = None,
) -> str:
    """A consent URL with a fresh state: single-use, 10 minutes, bound to the workspace."""
    if agent_id is not None:
        _check_agent(store, principal.workspace_id, agent_id)
    scopes = pack_scopes()
    ask = required if required is not None else scopes.required
    maybe = optional if optional is not None else scopes.optional
    state = secrets.token_urlsafe(32)
    with store.transaction() as session:
        session.execute(delete(OAuthState).where(OAuthState.expires_at < now() - STATE_KEPT_S))
        session.add(
            OAuthState(
                digest=_digest(state),
                workspace_id=principal.workspace_id,
                agent_id=agent_id,
                scopes=" ".join([*ask, *maybe]),
                expires_at=now() + STATE_TTL_S,
            )
        )
    query = {
        "client_id": app.client_id,
        "redirect_uri": app.redirect_uri,
        "scope": " ".join(ask),
        "state": state,
    }
    if maybe:
        query["optional_scope"] = " ".join(maybe)
    return f"{app.authorize_url}?{urlencode(query)}"


@dataclass(frozen=True)
class Connected:
    workspace_id: str
    portal_id: str
    account_label: str
    scopes: list[str]
    agent_id: str | None
    installed: list[dict[str, Any]] | None


def _claim_state(store: Store, principal: Principal, state: str) -> OAuthState:
    digest = _digest(state)
    with store.transaction() as session:
        row = session.get(OAuthState, digest)
        if row is None:
            raise CallbackRefused("invalid_state", "this connect link is not known; start again")
        if row.workspace_id != principal.workspace_id:
            raise CallbackRefused(
                "wrong_workspace",
                "this connect link was started from another workspace; sign in to that "
                "workspace or start again",
                403,
            )
        if row.used_at is not None:
            raise CallbackRefused("state_used", "this connect link was already used; start again")
        if row.expires_at <= now():
            raise CallbackRefused("state_expired", "this connect link expired; start again")
        claimed = session.execute(
            update(OAuthState)
            .where(OAuthState.digest == digest, OAuthState.used_at.is_(None))
            .values(used_at=now())
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise CallbackRefused("state_used", "this connect link was already used; start again")
        return row


async def complete_callback(
    store: Store, app: HubSpotApp, principal: Principal | None, params: dict[str, str]
) -> Connected:
    """Finish a connect from the browser redirect; raises :class:`CallbackRefused`."""
    if principal is None:
        raise CallbackRefused(
            "sign_in_required",
            "sign in to the dashboard in this browser, then start the connection again",
            401,
        )
    state = params.get("state", "")
    if not state:
        raise CallbackRefused("invalid_state", "the callback carries no state; start again")
    if params.get("error"):
        # The state is spent either way: a denied consent is not retried with the same link.
        with contextlib.suppress(CallbackRefused):
            _claim_state(store, principal, state)
        why = "access was denied" if params["error"] == "access_denied" else "consent failed"
        raise CallbackRefused("consent_denied", f"HubSpot consent: {why}; nothing was connected")
    claimed = _claim_state(store, principal, state)
    code = params.get("code", "")
    if not code:
        raise CallbackRefused("missing_code", "the callback carries no authorization code")
    async with HubSpotClient(app.base_url, "unused", transport=app.transport) as anonymous:
        try:
            grant = await exchange_code(
                anonymous,
                code=code,
                client_id=app.client_id,
                client_secret=app.client_secret,
                redirect_uri=app.redirect_uri,
            )
        except HubSpotError as exc:
            raise CallbackRefused(
                "token_exchange_failed",
                f"HubSpot did not accept the authorization ({exc.category or exc.status}); "
                "nothing was connected",
                502,
            ) from None
    async with _client_for_grant(app, grant) as client:
        try:
            info = await token_info(client, grant.access_token)
            granted = [str(s) for s in info.get("scopes") or grant.scopes]
            hub_id = info.get("hub_id", grant.hub_id)
            label = str(info.get("hub_domain") or f"HubSpot account {hub_id}")
            document = await _discover(client, label, granted)
        except (HubSpotError, DiscoveryError) as exc:
            raise CallbackRefused(
                "discovery_failed",
                f"the HubSpot account could not be read ({_short(exc)}); nothing was connected",
                502,
            ) from None
    connection_id = _save_connection(store, principal.workspace_id, grant, granted, hub_id, label)
    save_schema(store, connection_id, document)
    installed = None
    if claimed.agent_id is not None:
        from compiler.product.agents import install_pack

        installed = [o.to_json() for o in install_pack(store, principal, claimed.agent_id)]
    return Connected(
        principal.workspace_id, str(hub_id), label, granted, claimed.agent_id, installed
    )


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200]


def _client_for_grant(app: HubSpotApp, grant: TokenGrant) -> HubSpotClient:
    return HubSpotClient(app.base_url, grant.access_token, transport=app.transport)


async def _discover(client: HubSpotClient, label: str, granted: list[str]) -> dict[str, Any]:
    # Least privilege: without the custom-schema scope, custom objects stay invisible.
    objects = None if CUSTOM_SCHEMA_SCOPE in granted else sorted(STANDARD_OBJECTS)
    return await discover(client, objects=objects, account_label=label, region="US")


def _save_connection(
    store: Store,
    workspace_id: str,
    grant: TokenGrant,
    granted: list[str],
    hub_id: Any,
    label: str,
) -> str:
    with store.transaction() as session:
        row = session.scalar(select(Connection).where(Connection.workspace_id == workspace_id))
        if row is None:
            row = Connection(
                id=new_id("con"),
                workspace_id=workspace_id,
                provider=PROVIDER,
                token_version=0,
            )
            session.add(row)
        row.status = "connected"
        row.portal_id = str(hub_id)
        row.account_label = label
        row.scopes = " ".join(granted)
        row.access_token = secretbox.encrypt(grant.access_token)
        row.refresh_token = secretbox.encrypt(grant.refresh_token)
        row.expires_at = grant.expires_at
        row.token_version = (row.token_version or 0) + 1
        row.connected_at = now()
        session.flush()
        return row.id


def save_schema(store: Store, connection_id: str, document: dict[str, Any]) -> None:
    with store.transaction() as session:
        row = session.get(DiscoveredSchema, connection_id)
        if row is None:
            row = DiscoveredSchema(connection_id=connection_id)
            session.add(row)
        row.fingerprint = str(document.get("fingerprint") or "")
        row.discovered_at = now()
        row.document = json.dumps(document, sort_keys=True)


# ---- reading a connection -------------------------------------------------------------------


def connection_of(store: Store, workspace_id: str) -> Connection | None:
    with store.transaction() as session:
        return session.scalar(select(Connection).where(Connection.workspace_id == workspace_id))


def is_connected(row: Connection | None) -> bool:
    """Whether the connection holds usable tokens (a disconnect keeps the row, not the tokens)."""
    return row is not None and row.status == "connected"


def require_connection(store: Store, workspace_id: str) -> Connection:
    row = connection_of(store, workspace_id)
    if row is None or not is_connected(row):
        raise Conflict(
            "not_connected",
            "HubSpot is not connected in this workspace: POST /integrations/hubspot/connect",
        )
    return row


def _iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def integrations(store: Store, workspace_id: str) -> list[dict[str, Any]]:
    row = connection_of(store, workspace_id)
    discovered = None
    if row is not None:
        with store.transaction() as session:
            discovered = session.scalar(
                select(DiscoveredSchema.discovered_at).where(
                    DiscoveredSchema.connection_id == row.id
                )
            )
    return [
        {
            "id": PROVIDER,
            "status": row.status if row is not None else "not_connected",
            "accountLabel": row.account_label if row is not None else None,
            "portalId": row.portal_id if row is not None else None,
            "scopes": row.scopes.split() if row is not None else [],
            "discoveredAt": _iso(discovered),
        }
    ]


_SCHEMAS: dict[str, AccountSchema] = {}
_SCHEMAS_LOCK = threading.Lock()


def current_schema(store: Store, workspace_id: str) -> tuple[AccountSchema, dict[str, Any]]:
    """The connection's latest discovered schema (parsed once per fingerprint and process)."""
    row = require_connection(store, workspace_id)
    with store.transaction() as session:
        found = session.get(DiscoveredSchema, row.id)
    if found is None:
        raise Conflict("not_discovered", "the schema was not discovered yet: POST .../discover")
    document = json.loads(found.document)
    key = f"{row.id}:{found.fingerprint}"
    with _SCHEMAS_LOCK:
        schema = _SCHEMAS.get(key)
    if schema is None:
        schema = parse_schema(document, source="discovered schema")
        with _SCHEMAS_LOCK:
            if len(_SCHEMAS) > 64:
                _SCHEMAS.clear()
            _SCHEMAS[key] = schema
    return schema, document


# ---- clients for calls ----------------------------------------------------------------------


class _Cached:
    def __init__(self, client: HubSpotClient, version: int) -> None:
        self.client = client
        self.version = version


_CLIENTS: dict[str, _Cached] = {}
_CLIENTS_LOCK = threading.Lock()


def client_for(store: Store, app: HubSpotApp, connection: Connection) -> HubSpotClient:
    """A client for the connection (kept per process while its tokens are unchanged).

    The access token is refreshed shortly before expiry; a refresh is written back to the
    store (encrypted), so other processes pick it up instead of refreshing again.
    """
    with _CLIENTS_LOCK:
        cached = _CLIENTS.get(connection.id)
        if cached is not None and cached.version == connection.token_version:
            return cached.client
    connection_id, version = connection.id, connection.token_version

    def persist(access: str, expires_at: float | None) -> None:
        with store.transaction() as session:
            session.execute(
                update(Connection)
                .where(Connection.id == connection_id)
                .values(
                    access_token=secretbox.encrypt(access),
                    expires_at=expires_at,
                    token_version=Connection.token_version + 1,
                )
            )
            new_version = session.scalar(
                select(Connection.token_version).where(Connection.id == connection_id)
            )
        with _CLIENTS_LOCK:
            mine = _CLIENTS.get(connection_id)
            if mine is not None and new_version is not None:
                mine.version = new_version

    manager = StoredTokenManager(
        on_refresh=persist,
        client_id=app.client_id,
        client_secret=app.client_secret,
        refresh_token=secretbox.decrypt(connection.refresh_token),
        access_token=secretbox.decrypt(connection.access_token),
        expires_at=connection.expires_at,
    )
    client = HubSpotClient(app.base_url, manager, transport=app.transport)
    if connection.portal_id:
        # Every process (service workers, CLI calls, logging workers) calling this HubSpot
        # account shares one request budget, kept in the store.
        client.rate_limiter = budget_for(store, connection.portal_id)
    with _CLIENTS_LOCK:
        _CLIENTS[connection_id] = _Cached(client, version)
    return client


def forget_clients() -> None:
    with _CLIENTS_LOCK:
        _CLIENTS.clear()


async def rediscover(store: Store, app: HubSpotApp, workspace_id: str) -> dict[str, Any]:
    """Discover the connected account again; returns counts for the API."""
    row = require_connection(store, workspace_id)
    client = client_for(store, app, row)
    label = row.account_label or f"HubSpot account {row.portal_id}"
    try:
        document = await _discover(client, label, row.scopes.split())
    except (HubSpotError, DiscoveryError) as exc:
        raise Conflict("discovery_failed", f"discovery failed: {_short(exc)}") from None
    save_schema(store, row.id, document)
    objects = document["objects"]
    return {
        "objects": len(objects),
        "properties": sum(len(o.get("properties", [])) for o in objects.values()),
        "associations": sum(len(o.get("associations", [])) for o in objects.values()),
        "schemaFingerprint": document.get("fingerprint"),
        "discoveredAt": document["account"].get("discoveredAt"),
    }


def missing_scopes(store: Store, workspace_id: str, wanted: tuple[str, ...]) -> list[str]:
    row = require_connection(store, workspace_id)
    granted = set(row.scopes.split())
    return [s for s in wanted if s not in granted]


def reconsent_error(store: Store, app: HubSpotApp, principal: Principal, what: str) -> Forbidden:
    """403 ``scope_required``: the custom-object scopes are missing; a consent URL asking them."""
    optional = pack_scopes().optional
    missing = missing_scopes(store, principal.workspace_id, optional)
    url = oauth_url(
        store, app, principal, required=(*pack_scopes().required, *missing), optional=()
    )
    return Forbidden(
        "scope_required",
        f"{what} is not visible with the scopes HubSpot granted; grant {', '.join(missing)} "
        "and try again",
        {"missingScopes": missing, "oauthUrl": url},
    )
