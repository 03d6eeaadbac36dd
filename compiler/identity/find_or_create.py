"""Find-or-create without duplicates, as a library function (the runtime and interaction logging).

Under the key's lock: a record remembered from a recent create wins (search may not see it yet,
HubSpot's index lags), then a search, and only then a create.

A create whose outcome is unknown (``AmbiguousWriteError``, e.g. a timeout) is never retried
blindly. First ``landed`` looks for it (by search: finding it is proof, missing it is not, because
a record that landed a moment ago may not be searchable for seconds); then, when the caller has
one, ``read_back`` reads it by a unique value (a contact's email), which is not subject to the
index lag: only its "absent" answer allows one retry. Without a read-back the ambiguity is
reported, not guessed at, and the key remembers it for the memory window, so a second
find-or-create of the same key within it does not create a record the first may have made.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from compiler.hubspot.errors import AmbiguousWriteError, HubSpotError
from compiler.identity.keys import KeyRegistry

Finder = Callable[[], Awaitable[dict[str, Any] | None]]
Creator = Callable[[], Awaitable[dict[str, Any]]]

# What the key's memory holds after a create that could not be confirmed either way.
UNCONFIRMED = "$unconfirmed"


@dataclass(frozen=True)
class FindOrCreateOutcome:
    record: dict[str, Any]
    created: bool
    from_memory: bool = False
    recovered: bool = False  # an ambiguous create turned out to have landed


async def create_checked(
    create: Creator, landed: Finder, read_back: Finder | None = None
) -> tuple[dict[str, Any], bool]:
    """Create once; after an ambiguous failure, look before (maybe) trying again.

    ``landed`` (a search) can only prove that the record exists; ``read_back`` (a read by a
    unique value) also proves that it does not, and only then is the create retried, once.
    Returns (record, recovered). When neither can tell, or a check itself fails, or the retry is
    ambiguous too, the original ``AmbiguousWriteError`` propagates.
    """
    try:
        return await create(), False
    except AmbiguousWriteError as ambiguous:
        try:
            found = await landed()
            if found is None and read_back is not None:
                found = await read_back()
                if found is None:
                    return await create(), False
        except AmbiguousWriteError:
            raise
        except HubSpotError:
            # The check failed: the create's outcome is still unknown, say that (not "retry").
            raise ambiguous from None
        if found is None:
            raise
        return found, True


async def find_or_create(
    *,
    key: str,
    registry: KeyRegistry,
    find: Finder,
    create: Creator,
    read_back: Finder | None = None,
) -> FindOrCreateOutcome:
    """Return the record matching ``key`` (found or remembered) or create it, one at a time.

    Args:
        key: the normalised match key, e.g. ``keys.make_key(account, "contacts", "+16175550123")``.
        registry: locks and just-created memory shared by everyone creating in this account.
        find: searches the CRM by the key; None when nothing matches.
        create: creates the record and returns HubSpot's answer (must have an ``id``).
        read_back: reads the record the create would make by a unique value (not via search);
            None when absent. Without it, an ambiguous create is reported, never retried.
    """
    async with registry.lock(key):
        remembered = await registry.recall(key)
        if remembered is not None and not remembered.get(UNCONFIRMED):
            return FindOrCreateOutcome(remembered, created=False, from_memory=True)
        found = await find()
        if found is not None:
            return FindOrCreateOutcome(found, created=False)
        if remembered is not None:
            # An earlier create under this key may have landed and not be searchable yet.
            raise AmbiguousWriteError(
                "an earlier create of this record could not be confirmed and search does not "
                "show it yet; check again in a little while"
            )

        async def landed() -> dict[str, Any] | None:
            return await registry.recall(key) or await find()

        try:
            record, recovered = await create_checked(create, landed, read_back)
        except AmbiguousWriteError:
            await registry.remember(key, {UNCONFIRMED: True})
            raise
        await registry.remember(key, record)
        return FindOrCreateOutcome(record, created=True, recovered=recovered)
