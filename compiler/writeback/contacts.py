"""Which contact a conversation belongs to: the given id, else the caller's phone, else the email.

Lookups are batched, because a drain resolves up to a hundred conversations at once: given ids
are checked with one ``batch/read``; phones with one search per 50 numbers (``IN`` on the
``hs_searchable_calculated_*`` twins, which hold the national number, followed by an exact E.164
check, since two countries can share a national number); emails likewise with ``IN`` on
``email``. When several contacts match, the most recently modified wins, as in the runtime.

On no match with ``onNoMatch=create``, the contact is made through the duplicate-free
find-or-create the runtime uses too (``compiler.identity``), keyed by E.164 phone, else by email,
so a call and a drain creating the same caller wait for each other. HubSpot is spoken to through
the typed layer (``compiler.hubspot.api``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import phonenumbers

from compiler.hubspot import api
from compiler.hubspot.api import CrmRecord
from compiler.hubspot.client import HubSpotClient
from compiler.hubspot.errors import ConflictError
from compiler.identity.find_or_create import find_or_create
from compiler.identity.keys import KeyRegistry, identity_key
from compiler.identity.phone import PhoneError, e164_or_none, national_digits

PHONE_PROPS = ("phone", "mobilephone")
PHONE_TWINS = ("hs_searchable_calculated_phone_number", "hs_searchable_calculated_mobile_number")
_SEARCH_BODY_BUDGET = 2_500  # HubSpot refuses search bodies over 3,000 characters
_CHUNK = 50


def _epoch(value: Any) -> float:
    """A HubSpot datetime (ISO or epoch ms) as epoch seconds; 0 when absent or unreadable."""
    if value is None:
        return 0.0
    text = str(value)
    if text.isdigit():
        return int(text) / 1000
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def national_format(e164: str) -> str:
    number = phonenumbers.parse(e164, None)
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))


def _chunks(values: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _budgeted(values: list[str], overhead: int) -> Iterator[list[str]]:
    """Chunks of at most ``_CHUNK`` values whose JSON stays under the search body budget."""
    chunk: list[str] = []
    size = overhead
    for value in values:
        cost = len(json.dumps(value)) + 1
        if chunk and (len(chunk) >= _CHUNK or size + cost > _SEARCH_BODY_BUDGET):
            yield chunk
            chunk, size = [], overhead
        chunk.append(value)
        size += cost
    if chunk:
        yield chunk


@dataclass(frozen=True)
class CreatedContact:
    contact_id: str
    created: bool


class ContactResolver:
    """Batched contact look-ups for one account (``region``: default region of its phones)."""

    def __init__(
        self, client: HubSpotClient, *, account: str, region: str, registry: KeyRegistry
    ) -> None:
        self.client = client
        self.account = account
        self.region = region
        self.registry = registry

    def e164(self, phone: str | None) -> str | None:
        return e164_or_none(phone, self.region)

    async def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """The ids among ``ids`` that are live contacts."""
        found: set[str] = set()
        for chunk in _chunks(sorted(set(ids)), 100):
            answer = await api.batch_read(self.client, "contacts", chunk, ["hs_object_id"])
            found.update(record.id for record in answer.results if not record.archived)
        return found

    async def _search_all(self, body: dict[str, Any]) -> list[CrmRecord]:
        return [record async for record in api.search_all(self.client, "contacts", body)]

    @staticmethod
    def _preferred_first(records: list[CrmRecord]) -> list[CrmRecord]:
        """Most recently modified first (as the runtime's ``find_contact`` picks among several
        phone matches, so the log lands where the agent looked), then the lowest id."""

        def key(r: CrmRecord) -> tuple[float, int]:
            stamp = _epoch(r.properties.get("lastmodifieddate") or r.updated_at)
            return (-stamp, int(r.id) if r.id.isdigit() else 0)

        return sorted(records, key=key)

    async def by_phones(self, numbers: Iterable[str]) -> dict[str, str]:
        """E.164 number -> contact id, for the numbers some contact carries."""
        by_national: dict[str, set[str]] = {}
        for number in set(numbers):
            try:
                by_national.setdefault(national_digits(number, self.region), set()).add(number)
            except PhoneError:
                continue
        matches: dict[str, str] = {}
        for chunk in _budgeted(sorted(by_national), overhead=400):
            body = {
                "filterGroups": [
                    {"filters": [{"propertyName": twin, "operator": "IN", "values": chunk}]}
                    for twin in PHONE_TWINS
                ],
                "properties": [*PHONE_PROPS, "lastmodifieddate"],
            }
            for record in self._preferred_first(await self._search_all(body)):
                for prop in PHONE_PROPS:
                    stored = self.e164(record.properties.get(prop))
                    if stored is not None and stored not in matches:
                        matches[stored] = record.id
        return matches

    async def by_emails(self, emails: Iterable[str]) -> dict[str, str]:
        """Lower-cased email -> contact id."""
        wanted = sorted({e.lower() for e in emails})
        matches: dict[str, str] = {}
        for chunk in _budgeted(wanted, overhead=300):
            body = {
                "filterGroups": [
                    {"filters": [{"propertyName": "email", "operator": "IN", "values": chunk}]}
                ],
                "properties": ["email", "lastmodifieddate"],
            }
            for record in self._preferred_first(await self._search_all(body)):
                email = str(record.properties.get("email") or "").lower()
                if email in wanted and email not in matches:
                    matches[email] = record.id
        return matches

    async def created_since(self, contact_id: str, since: float, *, skew: float = 5.0) -> bool:
        """Whether the contact was created at or after ``since`` (epoch s, minus clock skew)."""
        record = await api.get_record(self.client, "contacts", contact_id, ["createdate"])
        stamp = _epoch(record.created_at)
        return stamp >= since - skew

    async def find_or_create(
        self,
        phone_e164: str | None,
        email: str | None,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> CreatedContact:
        """The caller's contact, created when absent; needs a phone or an email.

        HubSpot wants one of email, first or last name on a contact. A caller known only by
        number is created as "Caller <number in national format>" so the record reads well.
        """
        if phone_e164 is None and email is None:
            raise ValueError("a contact can be created only from a phone number or an email")
        key = identity_key(self.account, "0-1", phone_e164=phone_e164, email=email)

        async def find() -> dict[str, Any] | None:
            if phone_e164 is not None:
                hit = (await self.by_phones([phone_e164])).get(phone_e164)
            else:
                hit = (await self.by_emails([email or ""])).get((email or "").lower())
            return None if hit is None else {"id": hit}

        async def create() -> dict[str, Any]:
            props: dict[str, str] = {}
            if phone_e164 is not None:
                props["phone"] = phone_e164
            if email is not None:
                props["email"] = email
            if first_name:
                props["firstname"] = first_name
            if last_name:
                props["lastname"] = last_name
            if not (email or first_name or last_name) and phone_e164 is not None:
                props["firstname"] = "Caller"
                props["lastname"] = national_format(phone_e164)
            try:
                made = await api.create_record(self.client, "contacts", props)
            except ConflictError as exc:
                # The email is taken: HubSpot names the contact that has it; that is the match.
                if exc.existing_id is None:
                    raise
                return {"id": exc.existing_id, "conflict": True}
            return made.model_dump(by_alias=True, exclude_none=True)

        outcome = await find_or_create(key=key, registry=self.registry, find=find, create=create)
        created = outcome.created and not outcome.record.get("conflict", False)
        return CreatedContact(str(outcome.record["id"]), created)
