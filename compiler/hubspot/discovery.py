"""Schema discovery: read an account's objects, properties, pipelines and association types.

The result is the discovered-schema JSON of ARCHITECTURE.md (``skillc.discovered-schema/1``):
HubSpot's own shapes (Property, Pipeline, custom object schema fields) inside a small envelope,
with its fingerprint. Requests run with bounded concurrency through the one client, which paces
and retries them. A missing optional scope, or a standard object the account does not have (an
account without calls answers 400 "Unable to infer object type"), costs a warning and the part
it guards, not the run;
``write_schema`` replaces the target file atomically, so an interrupted run leaves no half file.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from compiler.account import SchemaLoadError, fingerprint, parse_schema
from compiler.account.model import SCHEMA_FORMAT
from compiler.account.standard_objects import STANDARD_BY_TYPE_ID, STANDARD_OBJECTS
from compiler.hubspot import api
from compiler.hubspot.api import UnexpectedAnswer
from compiler.hubspot.auth import TokenManager
from compiler.hubspot.client import HubSpotClient
from compiler.hubspot.errors import (
    HubSpotError,
    MissingScopesError,
    NotFoundError,
    ValidationError,
)

T = TypeVar("T")
Report = Callable[[str], None]


class DiscoveryError(Exception):
    """Discovery cannot produce a schema; the message says what and why."""


@dataclass
class _Target:
    name: str
    object_type_id: str
    custom: dict[str, Any] | None = None  # the custom object schema, as HubSpot returned it
    explicit: bool = False
    qualified_name: str | None = None  # a custom object's fullyQualifiedName

    @property
    def api_name(self) -> str:
        """How paths name the object: HubSpot's docs use names for standard objects, while a
        custom object's bare name is not accepted (its type id is)."""
        return self.object_type_id if self.custom is not None else self.name

    @property
    def has_pipelines(self) -> bool:
        if self.custom is not None:
            return True
        return STANDARD_BY_TYPE_ID[self.object_type_id].has_pipelines


@dataclass
class _Run:
    client: HubSpotClient
    limit: asyncio.Semaphore
    progress: Report
    warn: Report
    warnings: list[str] = field(default_factory=list)
    # Warnings about parts of objects wait until we know the objects themselves were kept.
    pending: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    # Association pairs grow with the square of the objects: the long phase of a big account.
    pairs_total: int = 0
    pairs_done: int = 0

    def pair_done(self) -> None:
        self.pairs_done += 1
        step = max(1, self.pairs_total // 10)
        if self.pairs_done % step == 0 or self.pairs_done == self.pairs_total:
            self.progress(f"association types: {self.pairs_done}/{self.pairs_total} object pairs")

    async def ask(self, call: Awaitable[T]) -> T:
        """Await one call to HubSpot (made by the ``api`` layer) within the concurrency bound."""
        async with self.limit:
            return await call

    def warning(self, text: str, *about: str) -> None:
        if about:
            self.pending.append((text, about))
            return
        self.warnings.append(text)
        self.warn(text)

    def flush(self, kept: set[str]) -> None:
        for text, about in self.pending:
            if set(about) <= kept:
                self.warning(text)
        self.pending.clear()


async def _gather(items: Sequence[Awaitable[T]]) -> list[T]:
    return list(await asyncio.gather(*items))


def _scope_hint(error: MissingScopesError) -> str:
    scopes = error.required_scopes
    return f" (needs scope {', '.join(scopes)})" if scopes else ""


async def _account_id(run: _Run) -> str:
    with contextlib.suppress(NotFoundError, MissingScopesError, UnexpectedAnswer):
        return await run.ask(api.portal_id(run.client))
    auth = run.client.auth
    if isinstance(auth, TokenManager) and auth.hub_id is not None:
        return str(auth.hub_id)
    token = await run.client.current_token()
    try:
        return await run.ask(api.token_hub_id(run.client, token))
    except UnexpectedAnswer:
        raise DiscoveryError(
            "cannot tell the account id: token introspection gave no hub_id"
        ) from None
    except HubSpotError as exc:
        raise DiscoveryError(
            f"cannot tell the account id: {api.ACCOUNT_DETAILS} and token introspection "
            f"both failed ({exc.message})"
        ) from None


async def _custom_schemas(run: _Run) -> list[dict[str, Any]] | None:
    """The account's custom object schemas, or None when the token may not read them."""
    try:
        return await run.ask(api.custom_object_schemas(run.client))
    except MissingScopesError as exc:
        run.warning(
            f"custom objects skipped: no permission to read their schemas{_scope_hint(exc)}"
        )
        return None
    except UnexpectedAnswer:
        raise DiscoveryError(
            f"GET {api.CUSTOM_OBJECT_SCHEMAS}: expected an object with a 'results' list"
        ) from None


def _is_standard(name: str) -> bool:
    return name in STANDARD_OBJECTS or name in STANDARD_BY_TYPE_ID


async def _no_customs() -> list[dict[str, Any]]:
    return []


def _select(objects: Sequence[str] | None, customs: list[dict[str, Any]] | None) -> list[_Target]:
    by_alias: dict[str, _Target] = {}
    targets: list[_Target] = [_Target(o.name, o.object_type_id) for o in STANDARD_OBJECTS.values()]
    for schema in customs or []:
        try:
            ident = api.custom_object_schema(schema)
        except UnexpectedAnswer:
            raise DiscoveryError(
                f"GET {api.CUSTOM_OBJECT_SCHEMAS}: a schema without name or objectTypeId"
            ) from None
        targets.append(
            _Target(
                ident.name,
                ident.object_type_id,
                custom=schema,
                qualified_name=ident.fully_qualified_name,
            )
        )
    for target in targets:
        by_alias[target.name] = by_alias[target.object_type_id] = target
        if target.qualified_name is not None:
            by_alias[target.qualified_name] = target
    if objects is None:
        return targets
    chosen: list[_Target] = []
    for wanted in objects:
        found = by_alias.get(wanted)
        if found is None:
            known = ", ".join(t.name for t in targets)
            hint = "" if customs is not None else " (custom objects could not be listed)"
            raise DiscoveryError(f"unknown object {wanted!r}; this account has: {known}{hint}")
        if found not in chosen:
            found.explicit = True
            chosen.append(found)
    return chosen


def _absent_object(error: HubSpotError) -> bool:
    """Whether ``error`` is HubSpot saying the account has no such object type.

    An account without one of the engagement objects (calls, say) answers its properties with
    400 ``Unable to infer object type from: calls`` (code ``INVALID_OBJECT_TYPE``), not 404.
    """
    if not isinstance(error, ValidationError):
        return False
    codes = {e.get("code") for e in error.errors if isinstance(e, dict)}
    return "INVALID_OBJECT_TYPE" in codes or "unable to infer object type" in error.message.lower()


async def _properties(run: _Run, target: _Target) -> list[dict[str, Any]] | None:
    try:
        props = await run.ask(api.properties(run.client, target.api_name))
    except MissingScopesError as exc:
        if target.explicit:
            raise DiscoveryError(
                f"no permission to read the properties of {target.name}{_scope_hint(exc)}"
            ) from None
        run.warning(f"{target.name} skipped: no permission to read it{_scope_hint(exc)}")
        return None
    except ValidationError as exc:
        if not _absent_object(exc):
            raise
        if target.explicit:
            raise DiscoveryError(
                f"this account has no {target.name} object (HubSpot: {exc.message})"
            ) from None
        run.warning(f"{target.name} skipped: this account has no {target.name} object")
        return None
    except UnexpectedAnswer:
        raise DiscoveryError(f"properties of {target.name}: expected a 'results' list") from None
    run.progress(f"properties of {target.name}: {len(props)}")
    return props


async def _pipelines(run: _Run, target: _Target) -> list[dict[str, Any]]:
    if not target.has_pipelines:
        return []
    try:
        pipelines = await run.ask(api.pipelines(run.client, target.api_name))
    except MissingScopesError as exc:
        run.warning(f"pipelines of {target.name} skipped{_scope_hint(exc)}", target.name)
        return []
    except (NotFoundError, ValidationError):
        return []  # a custom object without pipelines
    except UnexpectedAnswer:
        raise DiscoveryError(f"pipelines of {target.name}: expected a 'results' list") from None
    run.progress(f"pipelines of {target.name}: {len(pipelines)}")
    return pipelines


async def _association_types(run: _Run, source: _Target, dest: _Target) -> list[dict[str, Any]]:
    found = await _pair_types(run, source, dest)
    run.pair_done()
    return found


async def _pair_types(run: _Run, source: _Target, dest: _Target) -> list[dict[str, Any]]:
    try:
        labels = await run.ask(api.association_labels(run.client, source.api_name, dest.api_name))
    except MissingScopesError as exc:
        hint = _scope_hint(exc)
        run.warning(
            f"associations {source.name} -> {dest.name} skipped{hint}", source.name, dest.name
        )
        return []
    except (NotFoundError, ValidationError):
        return []  # HubSpot refuses pairs that cannot be associated
    except UnexpectedAnswer as exc:
        path = api.association_labels_path(source.api_name, dest.api_name)
        if len(exc.where) < 2:  # the list itself, not one of its items
            raise DiscoveryError(f"GET {path}: expected a 'results' list") from None
        raise DiscoveryError(f"GET {path}: an association type without an integer typeId") from None
    return [
        {
            "toObjectTypeId": dest.object_type_id,
            "category": label.category,
            "typeId": label.type_id,
            "label": label.label or None,
        }
        for label in labels
    ]


def _object_entry(
    target: _Target, props: list[dict[str, Any]], pipelines: list[dict[str, Any]]
) -> dict[str, Any]:
    names = {str(p.get("name")) for p in props}
    if target.custom is not None:
        entry = {k: v for k, v in target.custom.items() if k not in ("properties", "associations")}
        entry.setdefault("requiredProperties", [])
        entry.setdefault("searchableProperties", [])
        entry.setdefault("secondaryDisplayProperties", [])
    else:
        std = STANDARD_BY_TYPE_ID[target.object_type_id]
        entry = {
            "objectTypeId": std.object_type_id,
            "labels": {"singular": std.singular, "plural": std.plural},
            "primaryDisplayProperty": std.primary_display if std.primary_display in names else None,
            "secondaryDisplayProperties": [p for p in std.secondary_display if p in names],
            "requiredProperties": [p for p in std.required if p in names],
            "searchableProperties": [p for p in std.searchable if p in names],
        }
    entry["properties"] = props
    entry["pipelines"] = pipelines
    entry["associations"] = []
    return entry


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _silent(_: str) -> None:
    return None


async def discover(
    client: HubSpotClient,
    *,
    objects: Sequence[str] | None = None,
    account_label: str | None = None,
    region: str = "US",
    progress: Report | None = None,
    warn: Report | None = None,
    concurrency: int = 4,
    now: Callable[[], str] = _now_iso,
) -> dict[str, Any]:
    """Discover the account behind ``client``; returns the validated discovered-schema JSON.

    Args:
        objects: names, object type ids or fully qualified names to discover; None = the six
            standard objects and every custom object.
        account_label: shown to people; defaults to ``HubSpot account <id>``.
        region: the account's default phone region (ISO 3166 alpha-2).
        progress / warn: called with one-line messages (no secrets in them).
        concurrency: requests in flight at once (the client's rate limiter paces them further).

    Raises:
        DiscoveryError: an object that does not exist, a missing required permission, a result
            the compiler would not accept. ``HubSpotError`` from the client passes through.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    if objects is not None and not objects:
        raise DiscoveryError("no objects to discover")
    run = _Run(client, asyncio.Semaphore(concurrency), progress or _silent, warn or _silent)
    standard_only = objects is not None and all(_is_standard(o) for o in objects)
    account_id, customs = await asyncio.gather(
        _account_id(run), _no_customs() if standard_only else _custom_schemas(run)
    )
    targets = _select(objects, customs)
    run.progress(f"account {account_id}: discovering {len(targets)} objects")
    pairs = [(s, d) for s in targets for d in targets if s is not d]
    run.pairs_total = len(pairs)
    # One wave, so the semaphore stays full; the order of the lists is the order of the queue.
    props, pipelines, assoc = await asyncio.gather(
        _gather([_properties(run, t) for t in targets]),
        _gather([_pipelines(run, t) for t in targets]),
        _gather([_association_types(run, s, d) for s, d in pairs]),
    )
    entries = {
        t.name: _object_entry(t, p, pl)
        for t, p, pl in zip(targets, props, pipelines, strict=True)
        if p is not None
    }
    if not entries:
        raise DiscoveryError("no object could be read with this token")
    for (source, dest), found in zip(pairs, assoc, strict=True):
        if source.name in entries and dest.name in entries:
            entries[source.name]["associations"].extend(found)
    run.flush(set(entries))
    run.progress(f"association types: {sum(len(a) for a in assoc)} across {len(pairs)} pairs")
    raw: dict[str, Any] = {
        "format": SCHEMA_FORMAT,
        "account": {
            "id": account_id,
            "label": account_label or f"HubSpot account {account_id}",
            "defaultRegion": region,
            "discoveredAt": now(),
        },
        "objects": entries,
    }
    raw["fingerprint"] = fingerprint(raw)
    try:
        parse_schema(raw, source="discovered schema")
    except SchemaLoadError as exc:
        raise DiscoveryError(f"HubSpot's answers do not make a usable schema: {exc}") from None
    return raw


def write_schema(path: str | Path, schema: dict[str, Any]) -> None:
    """Validate ``schema`` and write it to ``path`` atomically (temp file, fsync, rename)."""
    target = Path(path)
    parse_schema(schema, source=str(target))
    text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable where the OS allows
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


__all__ = ["DiscoveryError", "discover", "write_schema"]
