"""The thin runtime: an agent's installed skills, called safely against the CRM.

A call goes: find the skill (digest checked at load) → validate the arguments (JSON Schema,
unknown names rejected) → fill the plan's slots (values only) → for writes, under the
conversation's lock: verified identity → confirmation → run. Every outcome is a typed result.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

from compiler.hubspot.errors import HubSpotError, NotFoundError
from compiler.runtime.agent_skills import Unreadable, load_agent_skills
from compiler.runtime.artifact import Artifact, ArtifactProblem, load_artifact
from compiler.runtime.confirm import ConfirmationTokens, TokenProblem, UsedTokens
from compiler.runtime.conversation import Conversation
from compiler.runtime.errors import explain
from compiler.runtime.execute import CrmClient, TracedClient
from compiler.runtime.keys import InProcessKeyRegistry, KeyRegistry
from compiler.runtime.operations import Prepared, SkillRun, prepare, too_long
from compiler.runtime.render import RenderError, render
from compiler.runtime.results import (
    ArgumentProblem,
    CallResult,
    CrmError,
    InvalidArguments,
    NeedsConfirmation,
    NeedsVerification,
    NotFound,
    Ok,
    RefusalCode,
    Refused,
)
from compiler.runtime.slots import MatchEverything, SlotError


class _Skill:
    def __init__(self, artifact: Artifact) -> None:
        self.artifact = artifact
        schema = dict(artifact.parameters)
        # Unknown arguments are always refused, whatever the artifact's schema says.
        schema["additionalProperties"] = False
        Draft202012Validator.check_schema(schema)
        self.validator = Draft202012Validator(schema, format_checker=FormatChecker())


# Checking a parameters schema costs ~20 ms; skills are immutable and named by their digest, so
# each one is prepared once per process (bounded: a process serves a few agents' skills).
_PREPARED: dict[str, _Skill] = {}


def _prepared_skill(artifact: Artifact) -> _Skill:
    skill = _PREPARED.get(artifact.digest)
    if skill is None:
        skill = _Skill(artifact)
        if len(_PREPARED) >= 1024:
            _PREPARED.clear()
        _PREPARED[artifact.digest] = skill
    return skill


class Runtime:
    """Runs an agent's skills. ``artifacts``: decoded artifact JSON objects."""

    def __init__(
        self,
        artifacts: Iterable[Any],
        client: CrmClient,
        *,
        secret: bytes | None = None,
        clock: Callable[[], float] = time.time,
        registry: KeyRegistry | None = None,
        used_tokens: UsedTokens | None = None,
        confirmation_ttl: float = 300.0,
    ) -> None:
        self._client = client
        self._tokens = ConfirmationTokens(
            secret if secret is not None else secrets.token_bytes(32),
            ttl_seconds=confirmation_ttl,
            clock=clock,
            used=used_tokens,
        )
        self.registry: KeyRegistry = registry if registry is not None else InProcessKeyRegistry()
        self.skills: dict[str, _Skill] = {}
        self.refusals: dict[str, tuple[RefusalCode, str]] = {}
        self._conversation_locks: dict[str, tuple[asyncio.Lock, int]] = {}
        for index, raw in enumerate(artifacts):
            where, name_hint = f"artifact #{index + 1}", None
            if isinstance(raw, tuple):
                where, name_hint, raw = raw
            self._add(raw, where, name_hint)

    @classmethod
    def from_agent_dir(cls, path: str | Path, client: CrmClient, **options: Any) -> Runtime:
        """The skills ``path`` serves (see ``load_agent_skills``); an unreadable file refuses its
        skill only."""
        return cls(load_agent_skills(path).entries, client, **options)

    def _add(self, raw: Any, where: str, name_hint: str | None) -> None:
        name = name_hint or (raw.get("name") if isinstance(raw, dict) else None) or where
        if isinstance(raw, Unreadable):
            self.refusals[name] = ("artifact_invalid", raw.reason)
            return
        try:
            artifact = load_artifact(raw, where=where)
        except ArtifactProblem as exc:
            self.refusals[str(name)] = (exc.code, exc.reason)
            return
        if name_hint and artifact.name != name_hint:
            self.refusals[name_hint] = (
                "artifact_invalid",
                f"{where}: the file is named {name_hint} but holds skill {artifact.name}",
            )
            return
        try:
            self.skills[artifact.name] = _prepared_skill(artifact)
        except SchemaError as exc:
            self.refusals[artifact.name] = (
                "artifact_invalid",
                f"{where}: parameters is not a valid JSON Schema ({exc.message})",
            )

    def argument_problems(self, skill: str, args: Any) -> list[ArgumentProblem]:
        """What is wrong with ``args`` for ``skill`` (a loaded one), as a call would say it."""
        return _argument_problems(self.skills[skill], args)

    # ------------------------------------------------------------------ calls

    async def call(
        self,
        skill: str,
        args: Any,
        conversation: Conversation,
        *,
        confirmation: str | None = None,
    ) -> CallResult:
        """Run ``skill`` with ``args`` for ``conversation``; never raises for the agent's input."""
        found = self.skills.get(skill) if isinstance(skill, str) else None
        if found is None:
            return self._unknown(str(skill)[:100])
        artifact = found.artifact
        problems = _argument_problems(found, args)
        if problems:
            return InvalidArguments(skill=skill, problems=problems)
        assert isinstance(args, dict)
        context = conversation.context()
        try:
            prepared = prepare(artifact, args, context)
        except SlotError as exc:
            return _slot_result(skill, exc)
        except MatchEverything:
            return Refused(
                skill=skill,
                code="match_everything",
                reason="no search condition is left (every optional value is missing); "
                "give at least one value to search by",
            )
        oversized = too_long(prepared, args, context)
        if oversized is not None:
            argument, reason = oversized
            return InvalidArguments(
                skill=skill, problems=[ArgumentProblem(argument=argument, reason=reason)]
            )
        traced = TracedClient(self._client)
        if not artifact.is_write:
            return await self._guarded(skill, traced, args, conversation, prepared, confirmation)
        async with self._conversation_lock(conversation.id):
            return await self._guarded(skill, traced, args, conversation, prepared, confirmation)

    async def _guarded(
        self,
        skill: str,
        traced: TracedClient,
        args: dict[str, Any],
        conversation: Conversation,
        prepared: Prepared,
        confirmation: str | None,
    ) -> CallResult:
        artifact = prepared.artifact
        try:
            if artifact.needs_verified_identity:
                refusal = await self._check_identity(skill, traced, conversation, prepared)
                if refusal is not None:
                    return refusal
            if artifact.gated:
                gate = self._gate(skill, args, conversation, confirmation, traced)
                if gate is not None:
                    return gate
            run = SkillRun(artifact, traced, self.registry)
            result = await run.execute(prepared)
        except NotFoundError as exc:
            if prepared.record_id is None:
                return _crm_error(skill, exc, traced)
            return NotFound(
                skill=skill,
                reason=f"there is no {artifact.object.name} record with id {prepared.record_id}",
                requests=traced.calls,
            )
        except HubSpotError as exc:
            return _crm_error(skill, exc, traced)
        result.requests = traced.calls
        template = artifact.templates.result
        if template:
            try:
                result.text = render(template, _result_variables(args, result))
            except RenderError as exc:
                # The call did run (a write may have landed): report the data, not a refusal.
                result.text_error = str(exc)
        return result

    async def _check_identity(
        self,
        skill: str,
        traced: TracedClient,
        conversation: Conversation,
        prepared: Prepared,
    ) -> CallResult | None:
        verified = conversation.verified_identity
        if not verified:
            return NeedsVerification(
                skill=skill,
                reason="changing a record needs a verified caller; verify who is calling first",
            )
        record_id = prepared.record_id
        artifact = prepared.artifact
        if record_id is None:
            return None  # not an update: the flag asks for a verified caller, nothing more
        if artifact.object.objectTypeId == "0-1" or artifact.object.name == "contacts":
            if record_id == verified:
                return None
        else:
            path = (
                f"/crm/v4/objects/{artifact.object.objectTypeId}/{record_id}/associations/contacts"
            )
            data = await traced.request_object("GET", path, idempotent=True)
            results = data.get("results")
            linked = {
                str(r.get("toObjectId"))
                for r in (results if isinstance(results, list) else [])
                if isinstance(r, dict)
            }
            if verified in linked:
                return None
        return Refused(
            skill=skill,
            code="not_callers_record",
            reason=f"{artifact.object.name} record {record_id} is not the verified caller's own "
            "record; a caller may only change their own records",
            requests=traced.calls,
        )

    def _gate(
        self,
        skill: str,
        args: dict[str, Any],
        conversation: Conversation,
        confirmation: str | None,
        traced: TracedClient,
    ) -> CallResult | None:
        artifact = self.skills[skill].artifact
        if confirmation is None:
            source = artifact.templates.confirmation or _default_prompt(artifact)
            try:
                prompt = render(source, dict(args))  # absent optionals stay undefined
            except RenderError as exc:
                return Refused(
                    skill=skill, code="template_error", reason=f"confirmation prompt: {exc}"
                )
            token, expires_at = self._tokens.issue(conversation.id, skill, args)
            return NeedsConfirmation(
                skill=skill,
                prompt=prompt,
                token=token,
                expires_at=expires_at,
                requests=traced.calls,
            )
        try:
            self._tokens.redeem(confirmation, conversation.id, skill, args)
        except TokenProblem as exc:
            return Refused(skill=skill, code=exc.code, reason=exc.reason, requests=traced.calls)
        return None

    def _conversation_lock(self, conversation_id: str) -> _ConversationLock:
        return _ConversationLock(self._conversation_locks, conversation_id)

    def _unknown(self, skill: str) -> Refused:
        if skill in self.refusals:
            code, reason = self.refusals[skill]
            return Refused(skill=skill, code=code, reason=f"skill {skill} is refused: {reason}")
        known = ", ".join(sorted(self.skills)) or "none"
        return Refused(
            skill=skill,
            code="unknown_skill",
            reason=f"no skill named {skill!r} (installed: {known})",
        )


class _ConversationLock:
    """One asyncio lock per conversation, dropped when nobody holds or waits for it."""

    def __init__(self, locks: dict[str, tuple[asyncio.Lock, int]], key: str) -> None:
        self._locks = locks
        self._key = key

    async def __aenter__(self) -> None:
        lock, users = self._locks.get(self._key, (asyncio.Lock(), 0))
        self._locks[self._key] = (lock, users + 1)
        try:
            await lock.acquire()
        except BaseException:
            self._release_user()
            raise

    async def __aexit__(self, *exc: object) -> None:
        self._locks[self._key][0].release()
        self._release_user()

    def _release_user(self) -> None:
        lock, users = self._locks[self._key]
        if users <= 1:
            del self._locks[self._key]
        else:
            self._locks[self._key] = (lock, users - 1)


_NOT_UNICODE = "holds text that is not valid Unicode (a lone surrogate)"
_HUGE_NUMBER = "is a number too large to use (more than 1,000 digits)"


def _unsendable(value: Any, depth: int = 0) -> str | None:
    """Why ``value`` cannot be sent or hashed at all, or None.

    Text with a lone surrogate (``\\ud800``) cannot be encoded; an integer of thousands of
    digits cannot even be turned into text (Python's int-to-str limit). Both would otherwise
    raise deep in the call.
    """
    if isinstance(value, str):
        if value.isascii():
            return None
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _NOT_UNICODE
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return _HUGE_NUMBER if value.bit_length() > 3322 else None
    if depth > 50:
        return None  # the schema refuses such nesting; nothing this deep is ever sent
    if isinstance(value, dict):
        for key, item in value.items():
            reason = _unsendable(key) or _unsendable(item, depth + 1)
            if reason:
                return reason
    if isinstance(value, list):
        for item in value:
            reason = _unsendable(item, depth + 1)
            if reason:
                return reason
    return None


def _argument_problems(skill: _Skill, args: Any) -> list[ArgumentProblem]:
    if not isinstance(args, dict):
        return [ArgumentProblem(argument=None, reason="the arguments must be a JSON object")]
    broken: list[ArgumentProblem] = []
    for name, value in args.items():
        bad_name = _unsendable(name)
        reason = bad_name or _unsendable(value)
        if reason:
            broken.append(ArgumentProblem(argument=None if bad_name else name, reason=reason))
    if broken:
        return broken[:20]
    problems: list[ArgumentProblem] = []
    for error in sorted(skill.validator.iter_errors(args), key=lambda e: list(e.path)):
        if error.validator == "additionalProperties":
            known = sorted(skill.artifact.parameter_names)
            for extra in sorted(set(args) - set(known)):
                problems.append(
                    ArgumentProblem(
                        argument=str(extra)[:80],
                        reason="unknown argument (this skill takes: "
                        f"{', '.join(known) or 'no arguments'})",
                    )
                )
            continue
        if error.validator == "required":
            missing = [r for r in error.validator_value if r not in args]
            for name in missing:
                problems.append(ArgumentProblem(argument=name, reason="is required"))
            continue
        name = str(error.path[0]) if error.path else None
        problems.append(ArgumentProblem(argument=name, reason=_reason(error)))
    return problems[:20]


_JSON_TYPES = {"string": "text", "number": "a number", "integer": "a whole number"}


def _reason(error: Any) -> str:
    """Say what is wrong without echoing the value (it may be long, or personal data)."""
    rule, want = error.validator, error.validator_value
    if rule == "type":
        wanted = want if isinstance(want, list) else [want]
        return "must be " + " or ".join(_JSON_TYPES.get(str(w), str(w)) for w in wanted)
    if rule == "pattern" and want == "^[0-9]+$":
        return "must be a record id (digits only)"
    if rule == "enum":
        return "must be one of: " + ", ".join(str(v) for v in want)[:300]
    if rule == "format":
        return f"must be a valid {want}"
    if rule == "maxLength":
        return f"is too long (at most {want} characters)"
    if rule == "minLength":
        return f"is too short (at least {want} characters)"
    if rule == "pattern":
        return f"must match the pattern {want}"
    message: str = error.message
    return message if len(message) <= 200 else message[:197] + "..."


def _slot_result(skill: str, exc: SlotError) -> CallResult:
    if exc.kind == "context":
        return Refused(skill=skill, code="missing_context", reason=f"{exc.argument}: {exc.reason}")
    if exc.kind == "unsafe":
        return InvalidArguments(
            skill=skill, problems=[ArgumentProblem(argument=exc.argument, reason=exc.reason)]
        )
    return InvalidArguments(
        skill=skill,
        problems=[ArgumentProblem(argument=exc.argument or None, reason=exc.reason)],
    )


def _crm_error(skill: str, exc: HubSpotError, traced: TracedClient) -> CrmError:
    reason, retryable = explain(exc)
    return CrmError(
        skill=skill,
        reason=reason,
        http_status=exc.status,
        category=exc.category,
        correlation_id=exc.correlation_id,
        hubspot_message=exc.message[:300] if exc.status is not None else None,
        retryable=retryable,
        requests=traced.calls,
    )


def _default_prompt(artifact: Artifact) -> str:
    verb = {"create": "create", "find_or_create": "save", "update": "update"}.get(
        artifact.operation, "run"
    )
    return f"Shall I {verb} this {artifact.object.name} record now?"


def _flat(record: dict[str, Any] | None) -> dict[str, Any] | None:
    """A record as templates see it: its properties, plus ``id``."""
    if record is None:
        return None
    return {**record["properties"], "id": record["id"]}


def _result_variables(args: dict[str, Any], result: Ok) -> dict[str, Any]:
    data = result.model_dump(mode="json")
    records = data["records"]
    return {
        **args,
        "record": _flat(data["record"]),
        "records": None if records is None else [_flat(r) for r in records],
        "created": result.created,
        "found": result.found,
        "ambiguous": result.ambiguous,
    }
