"""Draining the outbox: every pending conversation becomes exactly one engagement on its contact.

A round takes up to ``batch_size`` due items through four phases, each ending in one durable
transaction:

1. **resolve** the contact (given id, phone, email; on no match skip or find-or-create);
2. **recover**: an item whose create may have been sent before (``maybe_sent``) is looked for by its
   marker, among the contact's engagements (a consistent read) and by search, before anything is
   sent again;
3. **create**: mark ``maybe_sent``, send one ``batch/create`` per object type with the association
   inside each input, record the returned ids (matched back by marker, not by position);
4. **verify**: read the associations back (``batch/read``); an engagement that did not stick to its
   contact is associated again and re-read, and counts as logged only once it is there.

A failure puts the item back with a jittered exponential delay; after ``max_attempts`` it is dead
(``failed``). HubSpot refusing the connection as a whole (401, 403, daily limit) stops the drain and
leaves items as they were. Only conversation ids and counts are logged, never content.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from compiler.hubspot.client import HubSpotClient
from compiler.hubspot.errors import HubSpotError, NotFoundError
from compiler.hubspot.retry import proves_not_processed
from compiler.runtime.keys import InProcessKeyRegistry, KeyRegistry
from compiler.writeback.contacts import ContactResolver
from compiler.writeback.conversation import Channel, Conversation, stored_conversation
from compiler.writeback.crashpoints import crashpoint
from compiler.writeback.errors import DeliveryAborted, InputError
from compiler.writeback.recover import body_property, find_by_markers, markers_in
from compiler.writeback.render import (
    CALL_TO_CONTACT,
    NOTE_TO_CONTACT,
    Engagement,
    build_engagement,
    marker_token,
)
from compiler.writeback.retry import (
    Backoff,
    Clock,
    DrainReport,
    SystemClock,
    aborts,
    error_label,
    permanent,
)
from compiler.writeback.settings import Mode, OnNoMatch, WritebackSettings
from compiler.writeback.store import OutboxItem, Status, WritebackStore

log = logging.getLogger("compiler.writeback")


def _chunks(items: list[OutboxItem], size: int) -> Iterator[list[OutboxItem]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class _Round:
    live: dict[str, OutboxItem]
    changed: dict[str, OutboxItem] = field(default_factory=dict)

    def update(self, item: OutboxItem, *, keep: bool = True) -> OutboxItem:
        self.changed[item.conversation_id] = item
        if keep:
            self.live[item.conversation_id] = item
        else:
            self.live.pop(item.conversation_id, None)
        return item

    def take_changes(self) -> list[OutboxItem]:
        out = list(self.changed.values())
        self.changed.clear()
        return out


class Drainer:
    """Delivers one connection's outbox through ``client`` (see the module docstring)."""

    def __init__(
        self,
        store: WritebackStore,
        client: HubSpotClient,
        *,
        account: str = "default",
        phone_region: str = "US",
        clock: Clock | None = None,
        backoff: Backoff | None = None,
        batch_size: int = 100,
        registry: KeyRegistry | None = None,
        rand: Callable[[], float] = random.random,
    ) -> None:
        if not 1 <= batch_size <= 100:
            raise ValueError("batch_size must be 1..100 (HubSpot's batch limit)")
        self.store = store
        self.client = client
        self.clock = clock or SystemClock()
        self.backoff = backoff or Backoff()
        self.batch_size = batch_size
        self.phone_region = phone_region
        self.rand = rand
        self.resolver = ContactResolver(
            client,
            account=account,
            region=phone_region,
            registry=registry or InProcessKeyRegistry(),
        )
        self.report = DrainReport()
        self._created_contacts: set[str] = set()

    # -- the loop -----------------------------------------------------------------------------

    async def drain(self, *, wait: bool = True, max_seconds: float | None = None) -> DrainReport:
        """Deliver due items until none is pending (``wait``: sleep until backed-off items are
        due) or ``max_seconds`` of the clock have passed."""
        started_requests = self.client.request_count
        deadline = None if max_seconds is None else self.clock.time() + max_seconds
        with self.store.drain_lock():
            try:
                while True:
                    now = self.clock.time()
                    if deadline is not None and now >= deadline:
                        break
                    items = self.store.due(now, self.batch_size)
                    if items:
                        await self._round(items)
                        continue
                    nxt = self.store.next_due_at()
                    if nxt is None or not wait:
                        break
                    pause = nxt - now
                    if deadline is not None:
                        pause = min(pause, deadline - now)
                    await self.clock.sleep(max(pause, 0.0))
            except DeliveryAborted as exc:
                self.report.aborted = str(exc)
        self.report.pending = self.store.counters().pending
        self.report.requests = self.client.request_count - started_requests
        log.info("writeback drain: %s", self.report.to_json())
        return self.report

    async def _round(self, items: list[OutboxItem]) -> None:
        self.report.rounds += 1
        settings = self.store.get_settings()
        if not settings.logging_on:
            self.report.cancelled += self.store.cancel_pending(
                "logging turned off", self.clock.time()
            )
            return
        rnd = _Round({i.conversation_id: i for i in items})
        for item in items:
            if item.engagement_id is not None:
                continue  # already in HubSpot: only its association is left to check
            try:
                self._engagement(item, settings)
            except (ValidationError, InputError) as exc:
                # Never a poison pill: an item that cannot be read or rendered fails alone
                # (what pydantic says may quote content, so only its kind is kept).
                self._fail(rnd, item, f"stored conversation unusable ({type(exc).__name__})")
        try:
            await self._resolve(rnd, settings)
            self.store.save(rnd.take_changes())
            await self._recover(rnd)
            self.store.save(rnd.take_changes())
            await self._create(rnd, settings)
            await self._verify(rnd)
        finally:
            self.store.save(rnd.take_changes())

    # -- outcomes -----------------------------------------------------------------------------

    def _retry(self, rnd: _Round, item: OutboxItem, reason: str, **changes: Any) -> None:
        attempts = item.attempts + 1
        if attempts >= self.backoff.max_attempts:
            self.report.failed += 1
            log.warning("writeback %s: dead after %d attempts", item.conversation_id, attempts)
            rnd.update(
                replace(
                    item, status=Status.FAILED, attempts=attempts, last_error=reason, **changes
                ),
                keep=False,
            )
            return
        self.report.retries += 1
        due = self.clock.time() + self.backoff.delay(attempts, self.rand())
        rnd.update(
            replace(item, attempts=attempts, next_attempt_at=due, last_error=reason, **changes),
            keep=False,
        )

    def _fail(self, rnd: _Round, item: OutboxItem, reason: str) -> None:
        self.report.failed += 1
        log.warning("writeback %s: refused by HubSpot (%s)", item.conversation_id, reason)
        rnd.update(
            replace(item, status=Status.FAILED, attempts=item.attempts + 1, last_error=reason),
            keep=False,
        )

    def _on_error(self, rnd: _Round, items: list[OutboxItem], exc: HubSpotError) -> None:
        if aborts(exc):
            raise DeliveryAborted(f"HubSpot refused the connection: {error_label(exc)}") from None
        for item in items:
            if permanent(exc):
                self._fail(rnd, item, error_label(exc))
            else:
                self._retry(rnd, item, error_label(exc))

    # -- phase 1: the contact -----------------------------------------------------------------

    async def _resolve(self, rnd: _Round, settings: WritebackSettings) -> None:
        todo = [i for i in rnd.live.values() if i.contact_id is None]
        if not todo:
            return
        convs = {i.conversation_id: stored_conversation(i.payload) for i in todo}
        given = [i for i in todo if convs[i.conversation_id].contact_id]
        if given:
            try:
                alive = await self.resolver.existing_ids(
                    str(convs[i.conversation_id].contact_id) for i in given
                )
            except HubSpotError as exc:
                self._on_error(rnd, given, exc)
                alive = set()
            for item in given:
                cid = convs[item.conversation_id].contact_id
                if item.conversation_id in rnd.live and cid in alive:
                    rnd.update(replace(item, contact_id=cid))
        await self._resolve_by(rnd, convs, "phone")
        await self._resolve_by(rnd, convs, "email")
        for item in [i for i in rnd.live.values() if i.conversation_id in convs]:
            if item.contact_id is not None and item.contact_attempted_at is not None:
                # Found by phone or email after an attempt to create it: maybe that attempt's.
                await self._claim_if_created(rnd, item, item.contact_id, item.contact_attempted_at)
        for item in [i for i in rnd.live.values() if i.contact_id is None]:
            await self._no_match(rnd, item, convs[item.conversation_id], settings)

    async def _claim_if_created(
        self, rnd: _Round, item: OutboxItem, contact_id: str, since: float
    ) -> None:
        """Count the contact as created by this item if it appeared after the item's attempt to
        create it (a kill -9 can land between HubSpot's answer and the outbox's record)."""
        try:
            ours = await self.resolver.created_since(contact_id, since)
        except HubSpotError as exc:
            self._on_error(rnd, [item], exc)
            return
        if ours:
            self._count_created(contact_id)
            rnd.update(replace(item, contact_id=contact_id, contact_created=True))

    def _count_created(self, contact_id: str) -> None:
        if contact_id not in self._created_contacts:
            self._created_contacts.add(contact_id)
            self.report.contacts_created += 1

    async def _resolve_by(self, rnd: _Round, convs: dict[str, Conversation], kind: str) -> None:
        keys: dict[str, str] = {}
        for item in rnd.live.values():
            caller = convs[item.conversation_id].caller if item.contact_id is None else None
            if caller is None:
                continue
            key = self.resolver.e164(caller.phone) if kind == "phone" else caller.email
            if key:
                keys[item.conversation_id] = key if kind == "phone" else key.lower()
        if not keys:
            return
        try:
            if kind == "phone":
                hits = await self.resolver.by_phones(keys.values())
            else:
                hits = await self.resolver.by_emails(keys.values())
        except HubSpotError as exc:
            self._on_error(rnd, [rnd.live[c] for c in keys], exc)
            return
        for conv_id, key in keys.items():
            if key in hits:
                rnd.update(replace(rnd.live[conv_id], contact_id=hits[key]))

    async def _no_match(
        self, rnd: _Round, item: OutboxItem, conv: Conversation, settings: WritebackSettings
    ) -> None:
        phone = self.resolver.e164(conv.caller.phone)
        email = conv.caller.email
        # The stricter of the policy at enqueue and now: a switch to skip stops creates at once.
        create = item.on_no_match is OnNoMatch.CREATE and settings.on_no_match is OnNoMatch.CREATE
        if not create or (phone is None and email is None):
            self.report.skipped_no_match += 1
            rnd.update(replace(item, status=Status.SKIPPED_NO_MATCH), keep=False)
            return
        earlier = item.contact_attempted_at
        if earlier is None:
            # Durably, before the create: see _claim_if_created.
            item = rnd.update(replace(item, contact_attempted_at=self.clock.time()))
            self.store.save(rnd.take_changes())
        try:
            made = await self.resolver.find_or_create(
                phone, email, first_name=conv.caller.first_name, last_name=conv.caller.last_name
            )
        except HubSpotError as exc:
            self._on_error(rnd, [item], exc)
            return
        crashpoint("after_contact_create")
        if made.created:
            self._count_created(made.contact_id)
        item = rnd.update(replace(item, contact_id=made.contact_id, contact_created=made.created))
        if not made.created and earlier is not None:
            await self._claim_if_created(rnd, item, made.contact_id, earlier)

    # -- phase 2: an earlier send whose outcome is unknown -------------------------------------

    async def _recover(self, rnd: _Round) -> None:
        todo = [i for i in rnd.live.values() if i.maybe_sent and i.engagement_id is None]
        for kind in ("calls", "notes"):
            group = [i for i in todo if _object_type(i) == kind]
            for chunk in _chunks(group, self.batch_size):
                wanted = {marker_token(i.conversation_id): i.contact_id for i in chunk}
                try:
                    found = await find_by_markers(self.client, kind, wanted)
                except HubSpotError as exc:
                    self._on_error(rnd, chunk, exc)
                    continue
                for item in chunk:
                    eid = found.get(marker_token(item.conversation_id))
                    if eid is not None:
                        self.report.recovered += 1
                        log.info("writeback %s: found its engagement from an earlier attempt",
                                 item.conversation_id)  # fmt: skip
                        rnd.update(replace(item, engagement_id=eid, maybe_sent=False))

    # -- phase 3: create -----------------------------------------------------------------------

    def _engagement(self, item: OutboxItem, settings: WritebackSettings) -> Engagement:
        conv = stored_conversation(item.payload)
        transcript = (
            item.mode is Mode.SUMMARY_TRANSCRIPT and settings.mode is Mode.SUMMARY_TRANSCRIPT
        )
        return build_engagement(
            conversation_id=conv.id,
            channel=conv.channel,
            started_at=conv.started_at,
            ended_at=conv.ended_at,
            caller_phone=conv.caller.phone,
            summary=conv.summary or "",
            turns=list(conv.transcript) if transcript else None,
            phone_region=self.phone_region,
        )

    async def _create(self, rnd: _Round, settings: WritebackSettings) -> None:
        todo = [i for i in rnd.live.values() if i.engagement_id is None]
        for kind in ("calls", "notes"):
            group = [i for i in todo if _object_type(i) == kind]
            for chunk in _chunks(group, self.batch_size):
                engagements = {i.conversation_id: self._engagement(i, settings) for i in chunk}
                marked = [rnd.update(replace(i, maybe_sent=True)) for i in chunk]
                self.store.save(rnd.take_changes())
                crashpoint("before_create")
                await self._create_chunk(rnd, kind, marked, engagements)
                self.store.save(rnd.take_changes())
                crashpoint("after_record")

    async def _create_chunk(
        self,
        rnd: _Round,
        kind: str,
        chunk: list[OutboxItem],
        engagements: dict[str, Engagement],
    ) -> None:
        # A trace id on every input lets HubSpot accept the good inputs and refuse a bad one
        # alone (207), and names each result; the marker in the body is the fallback.
        inputs = [
            {
                **engagements[i.conversation_id].create_input(str(i.contact_id)),
                "objectWriteTraceId": engagements[i.conversation_id].marker,
            }
            for i in chunk
        ]
        try:
            answer = await self.client.request(
                "POST", f"/crm/v3/objects/{kind}/batch/create", json={"inputs": inputs}
            )
        except HubSpotError as exc:
            if aborts(exc):
                raise DeliveryAborted(
                    f"HubSpot refused the connection: {error_label(exc)}"
                ) from None
            if permanent(exc):
                if len(chunk) > 1:  # find the one HubSpot refuses; the others go through
                    for item in chunk:
                        await self._create_chunk(rnd, kind, [item], engagements)
                    return
                self._fail(rnd, chunk[0], error_label(exc))
                return
            # A refusal that proves nothing was written clears the mark; anything else keeps it.
            proved = proves_not_processed(exc)
            for item in chunk:
                self._retry(rnd, item, error_label(exc), maybe_sent=item.maybe_sent and not proved)
            return
        crashpoint("after_create")
        body_prop = body_property(kind)
        created: dict[str, str] = {}
        for record in (answer or {}).get("results", []):
            if not isinstance(record, dict) or "id" not in record:
                continue
            trace = record.get("objectWriteTraceId")
            for token in {trace} if isinstance(trace, str) else markers_in(record, body_prop):
                created[token] = str(record["id"])
        refused: dict[str, str] = {}
        for error in (answer or {}).get("errors", []):
            context = error.get("context") if isinstance(error, dict) else None
            traces = context.get("objectWriteTraceId") if isinstance(context, dict) else None
            for token in traces if isinstance(traces, list) else []:
                refused[str(token)] = f"refused in batch: {error.get('category') or 'error'}"
        for item in chunk:
            token = engagements[item.conversation_id].marker
            eid = created.get(token)
            if eid is not None:
                rnd.update(replace(item, engagement_id=eid, maybe_sent=False))
            elif token in refused:
                self._fail(rnd, item, refused[token])
            else:  # not in the answer: the next round looks for it by marker
                self._retry(rnd, item, "missing from the batch/create answer")

    # -- phase 4: read the association back ----------------------------------------------------

    async def _verify(self, rnd: _Round) -> None:
        todo = [i for i in rnd.live.values() if i.engagement_id is not None]
        for kind in ("calls", "notes"):
            group = [i for i in todo if _object_type(i) == kind]
            for chunk in _chunks(group, 100):
                try:
                    answer = await self.client.request(
                        "POST",
                        f"/crm/v4/associations/{kind}/contacts/batch/read",
                        json={"inputs": [{"id": i.engagement_id} for i in chunk]},
                    )
                except HubSpotError as exc:
                    self._on_error(rnd, chunk, exc)
                    continue
                links: dict[str, set[tuple[str, int]]] = {}
                for result in (answer or {}).get("results", []):
                    source = result.get("from") if isinstance(result, dict) else None
                    if isinstance(source, dict) and "id" in source:
                        links.setdefault(str(source["id"]), set()).update(
                            _links(result.get("to", []))
                        )
                for item in chunk:
                    wanted = (str(item.contact_id), _type_id(item))
                    if wanted in links.get(str(item.engagement_id), set()):
                        self._logged(rnd, item)
                    else:
                        await self._reassociate(rnd, item)

    def _logged(self, rnd: _Round, item: OutboxItem) -> None:
        self.report.logged += 1
        log.debug("writeback %s: logged as %s %s on contact %s", item.conversation_id,
                  _object_type(item), item.engagement_id, item.contact_id)  # fmt: skip
        rnd.update(replace(item, status=Status.LOGGED, last_error=None), keep=False)

    async def _reassociate(self, rnd: _Round, item: OutboxItem) -> None:
        kind = _object_type(item)
        base = f"/crm/v4/objects/{kind}/{item.engagement_id}/associations/contacts"
        try:
            await self.client.request(
                "PUT",
                f"{base}/{item.contact_id}",
                json=[
                    {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": _type_id(item)}
                ],
            )
            self.report.reassociated += 1
            links: set[tuple[str, int]] = set()
            async for link in self.client.paginate("GET", base, limit=500):
                links |= _links([link])
        except NotFoundError:
            # The engagement is gone (deleted in HubSpot): make a new one next time.
            self._retry(rnd, item, "engagement disappeared", engagement_id=None, maybe_sent=False)
            return
        except HubSpotError as exc:
            self._on_error(rnd, [item], exc)
            return
        if (str(item.contact_id), _type_id(item)) in links:
            self._logged(rnd, item)
        else:
            self._retry(rnd, item, "association did not stick")


def _links(targets: list[Any]) -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    for target in targets:
        if not isinstance(target, dict):
            continue
        for kind in target.get("associationTypes", []):
            if isinstance(kind, dict) and str(kind.get("typeId", "")).isdigit():
                out.add((str(target.get("toObjectId")), int(kind["typeId"])))
    return out


def _object_type(item: OutboxItem) -> str:
    return "calls" if item.channel == Channel.VOICE.value else "notes"


def _type_id(item: OutboxItem) -> int:
    return CALL_TO_CONTACT if item.channel == Channel.VOICE.value else NOTE_TO_CONTACT
