"""Explain one skill call before it is made: the HTTP requests, the rate budget, the safeguards.

The requests are the skill's plan filled the way the runtime fills it (``prepare``): optional
filters left out when their argument is, phone numbers in the form HubSpot stores, values only
where the plan has slots. Conversation values that were not given stay visible placeholders
(``{caller.phone}``), as does every value when the arguments are invalid. A dry run sends the
call to a simulated account; the explanation itself never touches the network.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from compiler.runtime import Conversation, Runtime
from compiler.runtime.artifact import Artifact
from compiler.runtime.operations import Prepared, prepare
from compiler.runtime.render import RenderError, render
from compiler.runtime.results import ArgumentProblem, CallResult
from compiler.runtime.slots import MatchEverything, SlotError
from compiler.steps import step_json

# HubSpot's per-account limits (FACTS.md §1, §6): search has its own 5-per-second limit and is
# exempt from the 10-second burst window, which every other request counts against.
SEARCH_PER_SECOND = 5
BURST_PER_10S = {"Free/Starter": 100, "Professional/Enterprise": 190}


@dataclass(frozen=True)
class PlannedRequest:
    method: str
    path: str
    body: dict[str, Any] | None
    when: str  # "always", or the condition under which it is sent

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"method": self.method, "path": self.path, "when": self.when}
        if self.body is not None:
            out["body"] = self.body
        return out


@dataclass
class Explanation:
    skill: str
    version: str
    kind: str
    operation: str
    object: str
    requests: list[PlannedRequest]
    budget: dict[str, Any]
    gating: dict[str, Any]
    verification: dict[str, Any]
    context: dict[str, str | None]
    filled: bool
    problems: list[ArgumentProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dry_run: list[dict[str, Any]] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "skill": self.skill,
            "version": self.version,
            "kind": self.kind,
            "operation": self.operation,
            "object": self.object,
            "filled": self.filled,
            "problems": [p.model_dump() for p in self.problems],
            "requests": [r.to_json() for r in self.requests],
            "rateBudget": self.budget,
            "gating": self.gating,
            "verification": self.verification,
            "context": self.context,
            "notes": self.notes,
        }
        if self.dry_run is not None:
            out["dryRun"] = self.dry_run
        return out


def explain(
    runtime: Runtime,
    skill: str,
    args: dict[str, Any],
    conversation: Conversation,
    *,
    version: str,
) -> Explanation:
    """Explain calling ``skill`` (one of ``runtime.skills``) with ``args`` in ``conversation``."""
    artifact = runtime.skills[skill].artifact
    problems = runtime.argument_problems(skill, args)
    context = conversation.context()
    notes: list[str] = []
    prepared: Prepared | None = None
    if not problems:
        try:
            prepared = prepare(artifact, args, context)
        except SlotError as exc:
            if exc.kind == "context":
                notes.append(f"{exc.argument}: {exc.reason}; shown as a placeholder")
            else:
                problems = [ArgumentProblem(argument=exc.argument or None, reason=exc.reason)]
        except MatchEverything:
            notes.append(
                "no search condition is left (every optional value is missing): the call "
                "is refused and sends nothing"
            )
    if prepared is not None and prepared.search is not None and prepared.search.phone_checks:
        notes.append(
            "phone numbers are compared again after the search, as E.164 numbers in the "
            f"account's region ({artifact.phoneRegion}): HubSpot's phone search is approximate"
        )
    requests = _requests(artifact, prepared, args, context)
    searches = sum(1 for r in requests if r.path.endswith("/search"))
    return Explanation(
        skill=skill,
        version=version,
        kind=artifact.kind,
        operation=artifact.operation,
        object=artifact.object.name,
        requests=requests,
        budget={
            "requests": len(requests),
            "always": sum(1 for r in requests if r.when == "always"),
            "searches": searches,
            "other": len(requests) - searches,
            "limits": (
                f"searches: {SEARCH_PER_SECOND} per second per account (exempt from the "
                "10-second window); other requests: "
                + ", ".join(f"{n} per 10 s ({tier})" for tier, n in BURST_PER_10S.items())
                + ", plus the daily allowance"
            ),
        },
        gating=_gating(artifact, args, problems),
        verification=_verification(artifact, conversation),
        context={slot: context.get(slot) for slot in artifact.context},
        filled=prepared is not None,
        problems=problems,
        notes=notes,
    )


def _requests(
    artifact: Artifact,
    prepared: Prepared | None,
    args: dict[str, Any],
    context: dict[str, str | None],
) -> list[PlannedRequest]:
    out: list[PlannedRequest] = []
    if artifact.needs_verified_identity and artifact.object.objectTypeId != "0-1":
        record = prepared.record_id if prepared is not None else None
        record_id = record or _placeholder(_record_slot(artifact))
        out.append(
            PlannedRequest(
                "GET",
                f"/crm/v4/objects/{artifact.object.objectTypeId}/{record_id}/associations/contacts",
                None,
                "always (is the record the verified caller's own?)",
            )
        )
    for step in map(step_json, artifact.steps):
        op = step["op"]
        if prepared is None:
            body = _placeholders(copy.deepcopy(step["body"]), args, context)
            path = (
                str(step["path"])
                .replace("{id}", _placeholder(_record_slot(artifact)))
                .replace("{recordId}", _placeholder(_record_slot(artifact)))
            )
        elif op == "search":
            assert prepared.search is not None
            path, body = prepared.search.path, prepared.search.body
        elif op == "create":
            assert prepared.create_path is not None
            path, body = prepared.create_path, prepared.create_body or {}
        else:
            assert prepared.update_path is not None
            path, body = prepared.update_path, prepared.update_body or {}
        when = "always"
        if op == "create" and artifact.operation == "find_or_create":
            when = "only when the search finds no record"
        out.append(PlannedRequest(str(step["method"]), path, body, when))
    return out


def _record_slot(artifact: Artifact) -> str:
    for step in map(step_json, artifact.steps):
        slot = step.get("recordId")
        if isinstance(slot, dict) and "$param" in slot:
            return str(slot["$param"])
    return "id"


def _placeholder(name: str) -> str:
    return "{" + name + "}"


def _placeholders(node: Any, args: dict[str, Any], context: dict[str, str | None]) -> Any:
    """A template with each slot replaced by its given value or a ``{name}`` placeholder."""
    if isinstance(node, dict) and "$param" in node:
        name = str(node["$param"])
        if name in args:
            return args[name]
        value = context.get(name)
        return value if value is not None else _placeholder(name)
    if isinstance(node, dict):
        return {k: _placeholders(v, args, context) for k, v in node.items()}
    if isinstance(node, list):
        return [_placeholders(v, args, context) for v in node]
    return node


def _gating(
    artifact: Artifact, args: dict[str, Any], problems: list[ArgumentProblem]
) -> dict[str, Any]:
    prompt: str | None = None
    template = artifact.templates.confirmation
    if artifact.gated and template and not problems:
        try:
            prompt = render(template, dict(args))
        except RenderError as exc:
            prompt = f"(the prompt cannot be rendered: {exc})"
    return {
        "confirmation": artifact.gated,
        "prompt": prompt,
        "serial": artifact.is_write,
        "explain": (
            "the first call sends nothing and answers needs_confirmation with this prompt and "
            "a token bound to the arguments, conversation and caller; the second call with the "
            "token runs it, once"
            if artifact.gated
            else "a read: it runs at once"
        ),
    }


def _verification(artifact: Artifact, conversation: Conversation) -> dict[str, Any]:
    if not artifact.needs_verified_identity:
        return {"required": False}
    own = (
        "the record id must be the verified contact's id"
        if artifact.object.objectTypeId == "0-1"
        else "the record must be associated with the verified contact"
    )
    return {
        "required": True,
        "verified": conversation.verified_identity,
        "rule": f"a verified caller only; {own}",
    }


async def dry_run(
    runtime: Runtime, skill: str, args: dict[str, Any], conversation: Conversation
) -> list[CallResult]:
    """Call ``skill`` through ``runtime`` (meant for a simulated account); a gated skill is
    confirmed with the token its first answer gave, as the caller agreeing would."""
    first = await runtime.call(skill, args, conversation)
    results: list[CallResult] = [first]
    if first.status == "needs_confirmation":
        token = first.to_json()["token"]
        results.append(await runtime.call(skill, args, conversation, confirmation=token))
    return results
