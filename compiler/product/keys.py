"""A signed-in user's own API keys: create (shown once), list (never the key), revoke.

Revoking deletes the key's row: the store holds only the key's digest, so once the row is gone no
process can accept the key again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select

from compiler.product.accounts import SCOPES, CreatedKey, Principal, create_key
from compiler.product.errors import Invalid, NotFound, problem
from compiler.store import Store
from compiler.store.accounts import ApiKey, User

MAX_KEY_NAME = 200


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def list_keys(store: Store, principal: Principal) -> list[dict[str, Any]]:
    """The user's keys, newest first: id, name, scopes, when created (never the key)."""
    with store.transaction() as session:
        rows = session.scalars(
            select(ApiKey)
            .where(ApiKey.user_id == principal.user_id)
            .order_by(ApiKey.created_at.desc(), ApiKey.id)
        ).all()
    return [
        {"id": r.id, "name": r.name, "scopes": r.scopes.split(), "createdAt": _iso(r.created_at)}
        for r in rows
    ]


def create_user_key(
    store: Store, principal: Principal, scopes: list[str], name: str | None = None
) -> CreatedKey:
    """A new key for the signed-in user with the chosen scopes; the key is returned once."""
    clean = (name or "").strip() or None
    if clean is not None and len(clean) > MAX_KEY_NAME:
        raise Invalid(
            "invalid_name", "the key name must be at most 200 characters", [problem("name", "")]
        )
    with store.transaction() as session:
        email = session.scalar(select(User.email).where(User.id == principal.user_id))
    if email is None:
        raise NotFound("user_not_found", "the signed-in user no longer exists")
    return create_key(store, email, [s for s in scopes if s], clean)


def revoke_key(store: Store, principal: Principal, key_id: str) -> dict[str, Any]:
    """Revoke one of the user's keys; another user's key is "not found", never revoked."""
    with store.transaction() as session:
        gone = session.execute(
            delete(ApiKey).where(ApiKey.id == key_id, ApiKey.user_id == principal.user_id)
        )
        if gone.rowcount != 1:  # type: ignore[attr-defined]
            raise NotFound("key_not_found", f"no API key {key_id!r} of this user")
    return {"id": key_id, "revoked": True}


def key_scopes() -> tuple[str, ...]:
    return SCOPES
