"""Leases in the store: one holder at a time for a named job, across processes and hosts.

A lease is taken only when nobody holds it or the holder's time is up; taking it is one
conditional UPDATE, or an INSERT that the primary key lets only one process win.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError

from compiler.store import Store
from compiler.store.platforms import Lease


def acquire(
    store: Store, name: str, holder: str, ttl_s: float, clock: Callable[[], float] = time.time
) -> bool:
    """Take (or renew) ``name`` for ``ttl_s`` seconds; False when someone else holds it."""
    now = clock()
    with store.transaction() as session:
        taken = session.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.expires_at < now, Lease.holder == holder))
            .values(holder=holder, expires_at=now + ttl_s)
        )
    if getattr(taken, "rowcount", 0):
        return True
    try:
        with store.transaction() as session:
            session.add(Lease(name=name, holder=holder, expires_at=now + ttl_s))
    except IntegrityError:
        return False  # it exists and is held by someone else
    return True


def release(store: Store, name: str, holder: str) -> None:
    with store.transaction() as session:
        session.execute(delete(Lease).where(Lease.name == name, Lease.holder == holder))
