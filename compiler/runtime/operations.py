"""The four operations of a skill (search, create, update, find-or-create) over filled steps."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from compiler.hubspot.errors import AmbiguousWriteError, ConflictError, NotFoundError
from compiler.runtime.artifact import Artifact, canonical_json
from compiler.runtime.execute import TracedClient, run_search, to_record
from compiler.runtime.find_or_create import (
    UNCONFIRMED,
    Finder,
    create_checked,
    find_or_create,
)
from compiler.runtime.keys import KeyRegistry, identity_key, make_key
from compiler.runtime.results import Ok
from compiler.runtime.slots import (
    FilledSearch,
    SlotValues,
    fill_create,
    fill_search,
    fill_update,
)
from compiler.steps import CreateStep, SearchStep, step_json


@dataclass
class Prepared:
    """Every step of a call filled before anything is sent (so bad values send nothing)."""

    artifact: Artifact
    search: FilledSearch | None = None
    create_path: str | None = None
    create_body: dict[str, Any] | None = None
    update_path: str | None = None
    update_body: dict[str, Any] | None = None
    record_id: str | None = None


def prepare(artifact: Artifact, args: dict[str, Any], context: dict[str, str | None]) -> Prepared:
    values = SlotValues(args=args, context=context, region=artifact.phoneRegion)
    prepared = Prepared(artifact=artifact)
    for step in artifact.steps:
        if isinstance(step, SearchStep):
            prepared.search = fill_search(step, values)
        elif isinstance(step, CreateStep):
            prepared.create_path = step.path
            prepared.create_body = fill_create(step, values)
        else:
            path, record_id, body = fill_update(step, values)
            prepared.update_path, prepared.record_id, prepared.update_body = path, record_id, body
    return prepared


# HubSpot's documented limits: a search body of at most 3,000 characters (longer is a 400), a
# string property value of at most 65,536. Checked before sending, so the agent hears which
# argument is too long and nothing reaches HubSpot.
SEARCH_BODY_LIMIT = 3_000
PROPERTY_VALUE_LIMIT = 65_536


_SEARCH_TEMPLATES: dict[str, tuple[int, int]] = {}


def _search_template(artifact: Artifact) -> tuple[int, int]:
    """(characters, slots) of the artifact's search body before filling, computed once."""
    found = _SEARCH_TEMPLATES.get(artifact.digest)
    if found is None:
        step = artifact.search_step
        assert step is not None
        text = json.dumps(step_json(step)["body"], ensure_ascii=False, separators=(",", ":"))
        found = (len(text), text.count('"$param"'))
        if len(_SEARCH_TEMPLATES) >= 1024:
            _SEARCH_TEMPLATES.clear()
        _SEARCH_TEMPLATES[artifact.digest] = found
    return found


def _may_exceed(prepared: Prepared, args: dict[str, Any], context: dict[str, str | None]) -> bool:
    """False when the filled search body cannot reach the limit (skips encoding it each call).

    Each slot becomes at most its value JSON-escaped (6 characters per character at worst).
    """
    size, slots = _search_template(prepared.artifact)
    values = [*args.values(), *context.values()]
    longest = max((len(v) for v in values if isinstance(v, str)), default=0)
    return size + slots * (6 * longest + 40) > SEARCH_BODY_LIMIT


def too_long(
    prepared: Prepared, args: dict[str, Any], context: dict[str, str | None]
) -> tuple[str | None, str] | None:
    """(argument, reason) when a filled request would break one of HubSpot's size limits."""
    longest = max(
        (name for name, value in args.items() if isinstance(value, str)),
        key=lambda name: len(args[name]),
        default=None,
    )
    if prepared.search is not None and _may_exceed(prepared, args, context):
        size = len(json.dumps(prepared.search.body, ensure_ascii=False, separators=(",", ":")))
        if size > SEARCH_BODY_LIMIT:
            return longest, (
                f"is too long to search by (the search would be {size} characters; HubSpot "
                f"takes at most {SEARCH_BODY_LIMIT:,})"
            )
    for body in (prepared.create_body, prepared.update_body):
        values = (body or {}).get("properties", {}).values()
        if any(isinstance(v, str) and len(v) > PROPERTY_VALUE_LIMIT for v in values):
            limit = f"{PROPERTY_VALUE_LIMIT:,}"
            return longest, f"is too long (HubSpot keeps at most {limit} characters)"
    return None


def match_key(artifact: Artifact, search: FilledSearch) -> str:
    """The find-or-create key: account, object and the normalised match values.

    A match on one phone number alone, or on one email alone, gets the shared identity key, so
    interaction logging creating the same caller waits for this call (and the other way round).
    """
    account, object_type = artifact.account_id, artifact.object.objectTypeId
    phones = sorted({e164 for group in search.phone_checks or [] for _, e164 in group})
    groups = len(search.phone_checks or [])
    if len(phones) == 1 and len(search.key) <= groups:
        return identity_key(account, object_type, phone_e164=phones[0])
    if not phones and len(search.key) == 1 and search.key[0][0] == "email":
        operator, _, rest = search.key[0][1].partition(":")
        if operator == "EQ":
            return identity_key(account, object_type, email=rest.rsplit(":", 1)[0])
    parts = json.dumps({"filters": search.key, "phones": phones}, sort_keys=True)
    return make_key(account, object_type, parts)


class SkillRun:
    def __init__(self, artifact: Artifact, client: TracedClient, registry: KeyRegistry) -> None:
        self.artifact = artifact
        self.client = client
        self.registry = registry

    def _ok(self, raw: dict[str, Any] | None, **fields: Any) -> Ok:
        record = (
            None
            if raw is None
            else to_record(raw, self.artifact.object.name, self.artifact.result.properties)
        )
        return Ok(skill=self.artifact.name, shape="one", record=record, **fields)

    async def execute(self, prepared: Prepared) -> Ok:
        op = self.artifact.operation
        if op == "search":
            assert prepared.search is not None
            return await self._search(prepared.search)
        if op == "update":
            assert prepared.update_path is not None
            raw = await self.client.request_object(
                "PATCH", prepared.update_path, json=prepared.update_body, record=True
            )
            return self._ok(raw)
        assert prepared.create_path is not None and prepared.create_body is not None
        if op == "create":
            return await self._create(prepared.create_path, prepared.create_body)
        assert prepared.search is not None
        return await self._find_or_create(
            prepared.search, prepared.create_path, prepared.create_body
        )

    async def _search(self, search: FilledSearch) -> Ok:
        outcome = await run_search(self.client, search, self.artifact.phoneRegion)
        if self.artifact.result.shape == "many":
            name, wanted = self.artifact.object.name, self.artifact.result.properties
            return Ok(
                skill=self.artifact.name,
                shape="many",
                records=[to_record(r, name, wanted) for r in outcome.records],
                found=bool(outcome.records),
            )
        first = outcome.records[0] if outcome.records else None
        return self._ok(first, found=first is not None, ambiguous=outcome.ambiguous)

    async def _create(self, path: str, body: dict[str, Any]) -> Ok:
        async def create() -> dict[str, Any]:
            return await self.client.request_object(
                "POST", path, json=body, idempotent=False, record=True
            )

        landed_search = _landed_search(path, body)

        async def landed() -> dict[str, Any] | None:
            if landed_search is None:
                return None
            outcome = await run_search(self.client, landed_search, self.artifact.phoneRegion)
            return outcome.records[0] if outcome.records else None

        # The same body created again while an earlier create of it is unconfirmed (the agent
        # asked again after a crm_error) must not make a second record: the key remembers it.
        key = make_key(
            self.artifact.account_id,
            self.artifact.object.objectTypeId,
            "create:" + hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest(),
        )
        async with self.registry.lock(key):
            unconfirmed = await self.registry.recall(key)
            if unconfirmed is not None:
                found = await landed()
                if found is None:
                    raise AmbiguousWriteError(
                        "an identical create moments ago could not be confirmed and search does "
                        "not show it yet; check again in a little while",
                        method="POST",
                        path=path,
                    )
                return self._ok(found, created=True)
            try:
                raw, _recovered = await create_checked(create, landed, self._read_back(path, body))
            except AmbiguousWriteError:
                await self.registry.remember(key, {UNCONFIRMED: True})
                raise
        return self._ok(raw, created=True)

    def _read_back(self, path: str, body: dict[str, Any]) -> Finder | None:
        """A read of the record a create would make, by a unique value in its body, if any.

        HubSpot reads by ``idProperty`` from the records themselves, not the lagging search
        index, so "not found" there means the create did not land. Only a contact's email is
        known to be unique here (the artifact does not say which custom properties are).
        """
        email = body.get("properties", {}).get("email")
        if self.artifact.object.objectTypeId != "0-1" or not isinstance(email, str) or not email:
            return None
        query = urlencode(
            {"idProperty": "email", "properties": ",".join(self.artifact.result.properties)}
        )
        target = f"{path}/{quote(email, safe='')}?{query}"

        async def read_back() -> dict[str, Any] | None:
            try:
                return await self.client.request_object(
                    "GET", target, record=True, shown=f"{path}/(email)?idProperty=email"
                )
            except NotFoundError:
                return None

        return read_back

    async def _find_or_create(self, search: FilledSearch, path: str, body: dict[str, Any]) -> Ok:
        ambiguous = False
        existed = False

        async def find() -> dict[str, Any] | None:
            nonlocal ambiguous
            outcome = await run_search(self.client, search, self.artifact.phoneRegion)
            ambiguous = outcome.ambiguous
            return outcome.records[0] if outcome.records else None

        async def create() -> dict[str, Any]:
            nonlocal existed
            try:
                return await self.client.request_object(
                    "POST", path, json=body, idempotent=False, record=True
                )
            except ConflictError as exc:
                # e.g. a contact with this email exists: HubSpot names it, so return that one.
                if exc.existing_id is None:
                    raise
                existed = True
                query = urlencode({"properties": ",".join(self.artifact.result.properties)})
                return await self.client.request_object(
                    "GET", f"{path}/{exc.existing_id}?{query}", record=True
                )

        outcome = await find_or_create(
            key=match_key(self.artifact, search),
            registry=self.registry,
            find=find,
            create=create,
            read_back=self._read_back(path, body),
        )
        return self._ok(
            outcome.record, created=outcome.created and not existed, ambiguous=ambiguous
        )


def _landed_search(path: str, body: dict[str, Any]) -> FilledSearch | None:
    """A search finding a just-created record by the short values it was created with."""
    filters = [
        {"propertyName": name, "operator": "EQ", "value": value}
        for name, value in sorted(body.get("properties", {}).items())
        if isinstance(value, str) and value and len(value) <= 200 and "\n" not in value
    ][:5]
    if not filters:
        return None
    return FilledSearch(
        path=f"{path}/search",
        body={
            "filterGroups": [{"filters": filters}],
            "sorts": [{"propertyName": "createdate", "direction": "DESCENDING"}],
            "limit": 1,
        },
        result="one",
        limit=1,
    )
