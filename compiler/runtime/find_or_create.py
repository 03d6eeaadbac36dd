"""Find-or-create without duplicates, as a library function (the runtime and interaction logging).

Under the key's lock: a record remembered from a recent create wins (search may not see it yet,
HubSpot's index lags), then a search, and only then a create. A create whose outcome is unknown
(``AmbiguousWriteError``) is never retried blindly: first look whether it landed, then retry once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from compiler.hubspot.errors import AmbiguousWriteError
from compiler.runtime.keys import KeyRegistry

Finder = Callable[[], Awaitable[dict[str, Any] | None]]
Creator = Callable[[], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class FindOrCreateOutcome:
    record: dict[str, Any]
    created: bool
    from_memory: bool = False
    recovered: bool = False  # an ambiguous create turned out to have landed


async def create_checked(create: Creator, landed: Finder) -> tuple[dict[str, Any], bool]:
    """Create once; after an ambiguous failure look with ``landed`` and retry only if absent.

    Returns (record, recovered). A second ambiguous failure propagates to the caller.
    """
    try:
        return await create(), False
    except AmbiguousWriteError:
        found = await landed()
        if found is not None:
            return found, True
        return await create(), False


async def find_or_create(
    *,
    key: str,
    registry: KeyRegistry,
    find: Finder,
    create: Creator,
) -> FindOrCreateOutcome:
    """Return the record matching ``key`` (found or remembered) or create it, one at a time.

    Args:
        key: the normalised match key, e.g. ``keys.make_key(account, "contacts", "+16175550123")``.
        registry: locks and just-created memory shared by everyone creating in this account.
        find: searches the CRM by the key; None when nothing matches.
        create: creates the record and returns HubSpot's answer (must have an ``id``).
    """
    async with registry.lock(key):
        remembered = await registry.recall(key)
        if remembered is not None:
            return FindOrCreateOutcome(remembered, created=False, from_memory=True)
        found = await find()
        if found is not None:
            return FindOrCreateOutcome(found, created=False)

        async def landed() -> dict[str, Any] | None:
            return await registry.recall(key) or await find()

        record, recovered = await create_checked(create, landed)
        await registry.remember(key, record)
        return FindOrCreateOutcome(record, created=True, recovered=recovered)
