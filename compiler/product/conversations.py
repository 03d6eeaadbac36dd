"""Skill calls inside one platform conversation (a voice platform's call id), with what the
conversation has learnt kept in the store, so any service process serving the next request of
the same call knows it:

- **recognition**: the caller's contact, found before the call (Retell's inbound webhook has no
  call id yet, so it is kept by agent and caller number for a few minutes and attached to the
  call at its first function call; Vapi's assistant-request names the call) or by the
  recognition skill during the call. A later recognition call with no arguments answers from
  it without asking HubSpot, and skills that use ``caller.contact_id`` get it.
- **retried writes**: platforms retry a function call they saw fail (Retell up to twice), so a
  write is claimed by conversation, skill and arguments before it runs; a retry gets the first
  result instead of writing again.

MCP over HTTP and the platform webhooks share :class:`ConversationCalls` over the store's
:class:`ConversationMemory`; ``skillc mcp`` (stdio) runs the same calls over a
:class:`SessionMemory`, since one stdio server process serves one conversation.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Callable
from typing import Any, Protocol

from pydantic import ValidationError
from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError

from compiler.runtime import Caller, CallResult, Conversation, Ok, Runtime
from compiler.runtime.artifact import canonical_json
from compiler.store import Store
from compiler.store.platforms import CallerRecognition, CallOutcome, ConversationSeed

# The pack's skill that recognises the caller from the number they call from.
RECOGNITION_SKILL = "find_contact"
RECOGNITION_TTL_S = 300.0  # a pre-call recognition waits this long for the call's first request
SEED_TTL_S = 24 * 3600.0
OUTCOME_TTL_S = 24 * 3600.0
# A claimed write whose worker vanished may be taken over after this long (a platform's retry
# comes sooner; the runtime's own find-or-create and confirmation rules still apply).
RUNNING_TTL_S = 120.0
WAIT_FOR_FIRST_S = 30.0


def phone_key(phone: str) -> str:
    """The number as a key: digits, with the leading ``+`` kept (platforms send E.164)."""
    text = phone.strip()
    digits = "".join(c for c in text if c.isdigit())
    return ("+" if text.startswith("+") else "") + digits


def _loads(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    data = json.loads(text)
    return data if isinstance(data, dict) else None


def recognised(result: dict[str, Any]) -> bool:
    record = result.get("record")
    return result.get("status") == "ok" and isinstance(record, dict) and bool(record.get("id"))


def caller_variables(result: dict[str, Any] | None) -> dict[str, str]:
    """Pre-call facts about the caller as string variables (voice platforms take strings only)."""
    record = result.get("record") if result and recognised(result) else None
    props = (record or {}).get("properties") or {}

    def text(name: str) -> str:
        value = props.get(name)
        return "" if value is None else str(value)

    return {
        "caller_known": "true" if record else "false",
        "caller_contact_id": str(record["id"]) if record else "",
        "caller_first_name": text("firstname"),
        "caller_last_name": text("lastname"),
        "caller_email": text("email"),
    }


class Memory(Protocol):
    """What :class:`ConversationCalls` keeps about conversations (see the module doc)."""

    def remember_caller(self, phone: str, result: dict[str, Any]) -> None: ...

    def seed(
        self, conversation_id: str, result: dict[str, Any] | None, contact_id: str | None
    ) -> None: ...

    def seed_of(self, conversation_id: str, phone: str | None) -> ConversationSeed | None: ...

    def claim(self, conversation_id: str, key: str) -> bool: ...

    def outcome(
        self, conversation_id: str, key: str
    ) -> tuple[str, dict[str, Any] | None] | None: ...

    def finish(self, conversation_id: str, key: str, result: dict[str, Any] | None) -> None: ...


class ConversationMemory:
    """The store rows of one agent's conversations."""

    def __init__(self, store: Store, agent_id: str, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.agent_id = agent_id
        self.clock = clock

    def remember_caller(self, phone: str, result: dict[str, Any]) -> None:
        key = phone_key(phone)
        with self.store.transaction() as session:
            session.execute(
                delete(CallerRecognition).where(
                    CallerRecognition.agent_id == self.agent_id, CallerRecognition.phone == key
                )
            )
            session.add(
                CallerRecognition(
                    agent_id=self.agent_id,
                    phone=key,
                    result=json.dumps(result),
                    expires_at=self.clock() + RECOGNITION_TTL_S,
                )
            )

    def seed(
        self, conversation_id: str, result: dict[str, Any] | None, contact_id: str | None
    ) -> None:
        """Record who the caller of ``conversation_id`` is (insert or replace)."""
        values = {
            "contact_id": contact_id,
            "result": json.dumps(result) if result is not None else None,
            "expires_at": self.clock() + SEED_TTL_S,
        }
        for _ in range(2):
            try:
                with self.store.transaction() as session:
                    changed = session.execute(
                        update(ConversationSeed)
                        .where(
                            ConversationSeed.agent_id == self.agent_id,
                            ConversationSeed.conversation_id == conversation_id,
                        )
                        .values(**values)
                    )
                    if getattr(changed, "rowcount", 0) == 0:
                        session.add(
                            ConversationSeed(
                                agent_id=self.agent_id, conversation_id=conversation_id, **values
                            )
                        )
                return
            except IntegrityError:
                continue  # another process inserted it meanwhile: update theirs

    def seed_of(self, conversation_id: str, phone: str | None) -> ConversationSeed | None:
        """The conversation's seed; at its first request, the pre-call recognition of ``phone``
        (consumed: it belongs to this call now)."""
        now = self.clock()
        with self.store.transaction() as session:
            row = session.get(ConversationSeed, (self.agent_id, conversation_id))
            if row is not None and row.expires_at >= now:
                session.expunge(row)
                return row
        if not phone:
            return None
        with self.store.transaction() as session:
            waiting = session.get(CallerRecognition, (self.agent_id, phone_key(phone)))
            if waiting is None or waiting.expires_at < now:
                return None
            result = _loads(waiting.result)
            session.delete(waiting)
        if result is None or not recognised(result):
            return None
        self.seed(conversation_id, result, str(result["record"]["id"]))
        return ConversationSeed(
            agent_id=self.agent_id,
            conversation_id=conversation_id,
            contact_id=str(result["record"]["id"]),
            result=json.dumps(result),
            expires_at=now + SEED_TTL_S,
        )

    # ---- retried writes ---------------------------------------------------------------------

    def claim(self, conversation_id: str, key: str) -> bool:
        """Claim the write ``key``; False when another attempt holds or finished it."""
        now = self.clock()
        try:
            with self.store.transaction() as session:
                session.add(
                    CallOutcome(
                        agent_id=self.agent_id,
                        conversation_id=conversation_id,
                        request_key=key,
                        state="running",
                        result=None,
                        expires_at=now + RUNNING_TTL_S,
                    )
                )
            return True
        except IntegrityError:
            pass
        with self.store.transaction() as session:
            taken = session.execute(
                update(CallOutcome)
                .where(
                    CallOutcome.agent_id == self.agent_id,
                    CallOutcome.conversation_id == conversation_id,
                    CallOutcome.request_key == key,
                    CallOutcome.expires_at < now,
                )
                .values(state="running", result=None, expires_at=now + RUNNING_TTL_S)
            )
        return bool(getattr(taken, "rowcount", 0))

    def outcome(self, conversation_id: str, key: str) -> tuple[str, dict[str, Any] | None] | None:
        with self.store.transaction() as session:
            row = session.get(CallOutcome, (self.agent_id, conversation_id, key))
            if row is None:
                return None
            return row.state, _loads(row.result)

    def finish(self, conversation_id: str, key: str, result: dict[str, Any] | None) -> None:
        """Keep ``result`` for retries, or (None) release the claim so a retry runs again."""
        with self.store.transaction() as session:
            where = (
                CallOutcome.agent_id == self.agent_id,
                CallOutcome.conversation_id == conversation_id,
                CallOutcome.request_key == key,
            )
            if result is None:
                session.execute(delete(CallOutcome).where(*where))
            else:
                session.execute(
                    update(CallOutcome)
                    .where(*where)
                    .values(
                        state="done",
                        result=json.dumps(result),
                        expires_at=self.clock() + OUTCOME_TTL_S,
                    )
                )


class SessionMemory:
    """What the conversations of one process learn, kept for the process's life: for
    ``skillc mcp``, whose host starts one stdio server per call, so a caller recognised by
    ``find_contact`` is known to the call's next skill as over HTTP. Nothing here is a promise
    across processes: tokens, write order and find-or-create stay in the store (the runtime's).
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self._waiting: dict[str, tuple[dict[str, Any], float]] = {}
        self._seeds: dict[str, ConversationSeed] = {}
        self._outcomes: dict[tuple[str, str], tuple[str, dict[str, Any] | None, float]] = {}

    def remember_caller(self, phone: str, result: dict[str, Any]) -> None:
        self._waiting[phone_key(phone)] = (result, self.clock() + RECOGNITION_TTL_S)

    def seed(
        self, conversation_id: str, result: dict[str, Any] | None, contact_id: str | None
    ) -> None:
        self._seeds[conversation_id] = ConversationSeed(
            agent_id="",
            conversation_id=conversation_id,
            contact_id=contact_id,
            result=json.dumps(result) if result is not None else None,
            expires_at=self.clock() + SEED_TTL_S,
        )

    def seed_of(self, conversation_id: str, phone: str | None) -> ConversationSeed | None:
        now = self.clock()
        row = self._seeds.get(conversation_id)
        if row is not None and row.expires_at >= now:
            return row
        waiting = self._waiting.pop(phone_key(phone), None) if phone else None
        if waiting is None or waiting[1] < now or not recognised(waiting[0]):
            return None
        self.seed(conversation_id, waiting[0], str(waiting[0]["record"]["id"]))
        return self._seeds[conversation_id]

    def claim(self, conversation_id: str, key: str) -> bool:
        held = self._outcomes.get((conversation_id, key))
        if held is not None and held[2] >= self.clock():
            return False
        self._outcomes[(conversation_id, key)] = ("running", None, self.clock() + RUNNING_TTL_S)
        return True

    def outcome(self, conversation_id: str, key: str) -> tuple[str, dict[str, Any] | None] | None:
        held = self._outcomes.get((conversation_id, key))
        return None if held is None else (held[0], held[1])

    def finish(self, conversation_id: str, key: str, result: dict[str, Any] | None) -> None:
        if result is None:
            self._outcomes.pop((conversation_id, key), None)
        else:
            self._outcomes[(conversation_id, key)] = ("done", result, self.clock() + OUTCOME_TTL_S)


def purge_expired(store: Store, clock: Callable[[], float] = time.time) -> None:
    """Drop expired recognitions, seeds and kept outcomes (the scheduled job calls this)."""
    now = clock()
    with store.transaction() as session:
        for model in (CallerRecognition, ConversationSeed, CallOutcome):
            session.execute(delete(model).where(model.expires_at < now))


def _request_key(skill: str, args: Any, confirmation: str | None) -> str:
    raw = canonical_json({"skill": skill, "args": args, "confirmation": confirmation})
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _as_ok(data: dict[str, Any] | None) -> Ok | None:
    """A kept result; None when it no longer reads as one (kept by an older release)."""
    try:
        return Ok.model_validate(data) if data is not None else None
    except ValidationError:
        return None


class ConversationCalls:
    """Runs skills of one agent's runtime for platform conversations (see the module doc).

    It has the runtime's ``call`` signature, so the MCP server runs its tools through it.
    """

    def __init__(self, runtime: Runtime, memory: Memory) -> None:
        self.runtime = runtime
        self.memory = memory

    async def call(
        self,
        skill: str,
        args: Any,
        conversation: Conversation,
        *,
        confirmation: str | None = None,
    ) -> CallResult:
        seed = self.memory.seed_of(conversation.id, conversation.caller.phone)
        contact_id = conversation.caller.contact_id or (seed.contact_id if seed else None)
        if contact_id is None:
            contact_id = conversation.verified_identity
        if contact_id != conversation.caller.contact_id:
            conversation = conversation.model_copy(
                update={"caller": conversation.caller.model_copy(update={"contact_id": contact_id})}
            )
        known = _loads(seed.result) if seed is not None else None
        if skill == RECOGNITION_SKILL and args == {} and known is not None and recognised(known):
            # Recognised before or earlier in this call: the same answer, no HubSpot request.
            kept = _as_ok({**known, "requests": []})
            if kept is not None:
                return kept
        found = self.runtime.skills.get(skill) if isinstance(skill, str) else None
        if found is None or not found.artifact.is_write:
            result = await self.runtime.call(skill, args, conversation, confirmation=confirmation)
            self._learn(skill, args, conversation, result)
            return result
        return await self._write_once(skill, args, conversation, confirmation)

    async def _write_once(
        self, skill: str, args: Any, conversation: Conversation, confirmation: str | None
    ) -> CallResult:
        key = _request_key(skill, args, confirmation)
        deadline = time.monotonic() + WAIT_FOR_FIRST_S
        while not self.memory.claim(conversation.id, key):
            seen = self.memory.outcome(conversation.id, key)
            first = _as_ok(seen[1]) if seen is not None and seen[0] == "done" else None
            if first is not None:
                return first
            if time.monotonic() > deadline:
                break  # the first attempt is stuck: the runtime's own rules guard a second
            await asyncio.sleep(0.1)
        try:
            result = await self.runtime.call(skill, args, conversation, confirmation=confirmation)
        except BaseException:
            self.memory.finish(conversation.id, key, None)
            raise
        self.memory.finish(
            conversation.id, key, result.to_json() if result.status == "ok" else None
        )
        self._learn(skill, args, conversation, result)
        return result

    def _learn(self, skill: str, args: Any, conversation: Conversation, result: CallResult) -> None:
        if not isinstance(result, Ok) or result.record is None:
            return
        if skill == RECOGNITION_SKILL and args == {}:
            data = result.to_json()
            self.memory.seed(conversation.id, data, result.record.id)
        elif result.record.object == "contacts" and conversation.caller.contact_id is None:
            # A new caller saved as a contact: later skills of the call are about them.
            self.memory.seed(conversation.id, None, result.record.id)


async def recognise(
    runtime: Runtime, memory: Memory, phone: str, conversation_id: str | None
) -> dict[str, Any] | None:
    """Recognise ``phone`` before the call with the recognition skill; keep what was found.

    With a ``conversation_id`` (Vapi names the call) the conversation is seeded at once;
    without one (Retell) the result waits by number for the call's first request.
    """
    if RECOGNITION_SKILL not in runtime.skills:
        return None
    probe = Conversation(
        id=conversation_id or f"precall-{phone_key(phone)}", caller=Caller(phone=phone)
    )
    result = (await runtime.call(RECOGNITION_SKILL, {}, probe)).to_json()
    if not recognised(result):
        return result
    if conversation_id is not None:
        memory.seed(conversation_id, result, str(result["record"]["id"]))
    else:
        memory.remember_caller(phone, result)
    return result


__all__ = [
    "RECOGNITION_SKILL",
    "ConversationCalls",
    "ConversationMemory",
    "Memory",
    "SessionMemory",
    "caller_variables",
    "phone_key",
    "recognise",
]
