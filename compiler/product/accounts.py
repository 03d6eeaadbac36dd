"""Workspaces, users and API keys.

Passwords are hashed with argon2; API keys are 32 random bytes shown once and stored as a SHA-256
digest (a fast check on every request is safe because the key is random and long). Neither a
password nor a key is ever logged or returned again.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from compiler.product.errors import Conflict, Forbidden, Invalid, NotFound, problem
from compiler.product.ids import new_id, now
from compiler.store import Store
from compiler.store.accounts import ApiKey, User, Workspace

KEY_PREFIX = "skc_sk_"

# Every scope an API key may hold (the product page's API table, plus agents and calls).
SCOPES = (
    "integrations:connect",
    "integrations:read",
    "integrations:write",
    "skills:write",
    "skills:execute",
    "agents:read",
    "agents:write",
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Principal:
    """Who a request acts as: a user in one workspace, with the scopes of their key (or all,
    for a signed-in browser session)."""

    user_id: str
    workspace_id: str
    scopes: frozenset[str]
    key_id: str | None = None


@dataclass(frozen=True)
class CreatedUser:
    id: str
    email: str
    workspace_id: str
    workspace: str
    created_workspace: bool


@dataclass(frozen=True)
class CreatedKey:
    id: str
    key: str
    scopes: list[str]
    name: str | None

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "key": self.key, "scopes": self.scopes}


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _normal_email(email: str) -> str:
    value = email.strip().lower()
    if not _EMAIL.match(value):
        raise Invalid(
            "invalid_email",
            f"{email!r} is not an email address",
            [problem("email", "not an email address")],
        )
    return value


def add_user(store: Store, email: str, password: str, workspace: str | None = None) -> CreatedUser:
    """Add a user; ``workspace`` names (and creates when new) their workspace, else the first."""
    address = _normal_email(email)
    if len(password) < 8:
        raise Invalid(
            "weak_password",
            "the password must be at least 8 characters",
            [problem("password", "at least 8 characters")],
        )
    digest = _hasher.hash(password)
    with store.transaction() as session:
        if session.scalar(select(User.id).where(User.email == address)) is not None:
            raise Conflict("user_exists", f"a user {address} already exists")
        created = False
        if workspace is not None:
            name = workspace.strip()
            if not name:
                raise Invalid(
                    "invalid_workspace",
                    "the workspace name is empty",
                    [problem("workspace", "empty")],
                )
            ws = session.scalar(select(Workspace).where(Workspace.name == name))
            if ws is None:
                ws = Workspace(id=new_id("ws"), name=name, created_at=now())
                session.add(ws)
                session.flush()
                created = True
        else:
            ws = session.scalar(
                select(Workspace).order_by(Workspace.created_at, Workspace.id).limit(1)
            )
            if ws is None:
                ws = Workspace(id=new_id("ws"), name="default", created_at=now())
                session.add(ws)
                session.flush()
                created = True
        user = User(
            id=new_id("usr"),
            workspace_id=ws.id,
            email=address,
            password_hash=digest,
            created_at=now(),
        )
        session.add(user)
        try:
            session.flush()
        except IntegrityError:
            raise Conflict("user_exists", f"a user {address} already exists") from None
        return CreatedUser(user.id, address, ws.id, ws.name, created)


def check_password(store: Store, email: str, password: str) -> Principal | None:
    """The user's session principal when the password is right, else None (no hint which)."""
    address = email.strip().lower()
    with store.transaction() as session:
        user = session.scalar(select(User).where(User.email == address))
    if user is None:
        # Same work as a real check, so timing does not tell which emails exist.
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher.verify(_DUMMY_HASH, password)
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return Principal(user.id, user.workspace_id, frozenset(SCOPES))


_DUMMY_HASH = _hasher.hash("not a password of anyone")


def user_principal(store: Store, user_id: str, workspace_id: str) -> Principal | None:
    """A signed-in session's principal, if that user still exists in that workspace."""
    with store.transaction() as session:
        user = session.get(User, user_id)
    if user is None or user.workspace_id != workspace_id:
        return None
    return Principal(user.id, user.workspace_id, frozenset(SCOPES))


def create_key(store: Store, email: str, scopes: list[str], name: str | None = None) -> CreatedKey:
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise Invalid(
            "unknown_scope",
            f"unknown scope {unknown[0]!r}; scopes are: {', '.join(SCOPES)}",
            [problem("scope", f"unknown scope {s!r}") for s in unknown],
        )
    if not scopes:
        raise Invalid("no_scope", "give at least one scope", [problem("scope", "required")])
    chosen = list(dict.fromkeys(scopes))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with store.transaction() as session:
        user = session.scalar(select(User).where(User.email == email.strip().lower()))
        if user is None:
            raise NotFound(
                "user_not_found", f"no user {email.strip()!r}; add one with `skillc users add`"
            )
        row = ApiKey(
            id=new_id("key"),
            user_id=user.id,
            workspace_id=user.workspace_id,
            name=name,
            digest=key_digest(key),
            scopes=" ".join(chosen),
            created_at=now(),
        )
        session.add(row)
    return CreatedKey(row.id, key, chosen, name)


def key_principal(store: Store, key: str) -> Principal | None:
    """The principal of an API key, or None for an unknown one."""
    if not key.startswith(KEY_PREFIX):
        return None
    with store.transaction() as session:
        return key_principal_in(session, key)


def key_principal_in(session: Session, key: str) -> Principal | None:
    """:func:`key_principal` inside a caller's transaction (one transaction per request)."""
    if not key.startswith(KEY_PREFIX):
        return None
    row = session.execute(
        select(ApiKey.user_id, ApiKey.workspace_id, ApiKey.scopes, ApiKey.id).where(
            ApiKey.digest == key_digest(key)
        )
    ).first()
    if row is None:
        return None
    return Principal(row.user_id, row.workspace_id, frozenset(row.scopes.split()), row.id)


def require_scope(principal: Principal, scope: str) -> None:
    """403 naming ``scope`` when the principal's key lacks it."""
    if scope not in principal.scopes:
        raise Forbidden(
            "missing_scope",
            f"this API key lacks the scope {scope}",
            {"requiredScope": scope},
        )
