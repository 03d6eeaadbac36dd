"""What the dashboard pages show, computed here so the pages hold no logic: an agent's draft
beside its published version, the schema browser, the binding builder and its live check, and
"describe it" (authoring), and whether the agent's skills keep working (drift, scopes).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from compiler.account import AccountSchema
from compiler.account.browse import SchemaLookupError, describe_object, list_objects
from compiler.account.search import search_properties
from compiler.agents import interface
from compiler.agents.database import StoreAgent
from compiler.authoring.save import WRITE_CONFIRMATION
from compiler.binding import compile_binding
from compiler.diagnostics import render_text
from compiler.packs.models import SKILL_NAME_PATTERN
from compiler.product import agents, health
from compiler.product.accounts import Principal
from compiler.product.connections import current_schema
from compiler.product.errors import Invalid, ProductError, problem
from compiler.product.hubspot_app import HubSpotApp
from compiler.store import Store
from compiler.writeback.conversation import Channel

MAX_BINDING = 20_000
OPERATORS = ("=", "!=", "<", "<=", ">", ">=", "contains", "matches")
# The gating a skill's flags stand for, in the words the page shows.
GATING = (
    ("gated", "gated"),
    ("requires_verified_identity", "requires verified identity"),
    ("confirm", "asks to confirm"),
    ("serial", "one at a time"),
)


def _binding_of(source: str | None) -> str | None:
    """The binding text (``read`` or ``write``) of a skill's YAML source."""
    if not source:
        return None
    return _binding_in(source)


@lru_cache(maxsize=1024)
def _binding_in(source: str) -> str | None:
    # Sources rarely change and YAML parsing is the costliest part of the agent page.
    try:
        doc = YAML(typ="safe", pure=True).load(source)
    except YAMLError:
        return None
    if not isinstance(doc, dict):
        return None
    text = doc.get("read") or doc.get("write")
    return text.strip() if isinstance(text, str) else None


def _parameters(artifact: dict[str, Any]) -> list[dict[str, Any]]:
    schema = artifact.get("parameters") or {}
    required = set(schema.get("required") or [])
    out = []
    for name, spec in (schema.get("properties") or {}).items():
        kind = spec.get("type", "")
        if spec.get("format"):
            kind = f"{kind} ({spec['format']})"
        out.append(
            {
                "name": name,
                "type": kind,
                "required": name in required,
                "description": spec.get("description") or "",
                "enum": list(spec.get("enum") or []),
            }
        )
    return out


def skill_view(name: str, artifact: dict[str, Any], source: str | None) -> dict[str, Any]:
    flags = artifact.get("flags") or {}
    obj = artifact.get("object")
    return {
        "name": name,
        "description": artifact.get("description") or "",
        "kind": artifact.get("kind"),
        "operation": artifact.get("operation"),
        "object": obj.get("name") if isinstance(obj, dict) else obj,
        "binding": _binding_of(source),
        "gating": [words for flag, words in GATING if flags.get(flag)],
        "parameters": _parameters(artifact),
        "digest": artifact.get("digest"),
    }


def agent_view(store: Store, principal: Principal, agent_id: str) -> dict[str, Any]:
    """The draft and the newest published version side by side, each skill marked ``added``,
    ``changed``, ``removed`` or ``same``; plus the version history."""
    agent = agents.get_agent(store, principal, agent_id)  # checks the workspace
    stored = StoreAgent(store, agent_id)
    draft = stored.draft_skills()
    sources = stored.draft_sources()
    newest = interface.latest(stored)
    published: dict[str, dict[str, Any]] = {}
    published_sources: dict[str, str | None] = {}
    if newest is not None:
        for entry in stored._version_entries(newest.version):
            published[entry["name"]] = entry["artifact"]
            published_sources[entry["name"]] = entry.get("source")
    rows = []
    for name in sorted(set(draft) | set(published)):
        mine, theirs = draft.get(name), published.get(name)
        if mine is not None and theirs is None:
            change = "added"
        elif mine is None:
            change = "removed"
        elif mine.get("digest") != theirs.get("digest"):  # type: ignore[union-attr]
            change = "changed"
        else:
            change = "same"
        rows.append(
            {
                "name": name,
                "change": change,
                "draft": skill_view(name, mine, sources.get(name, ("", None))[1]) if mine else None,
                "published": skill_view(name, theirs, published_sources.get(name))
                if theirs
                else None,
            }
        )
    return {
        "id": agent["id"],
        "name": agent["name"],
        "skills": rows,
        "draftCount": len(draft),
        "published": newest.to_json() if newest is not None else None,
        "versions": [v.to_json() for v in reversed(stored.versions())],
        "pending": sum(1 for r in rows if r["change"] != "same"),
    }


# ---- schema browser --------------------------------------------------------------------------


def schema_view(
    store: Store, workspace_id: str, object_name: str | None, query: str
) -> dict[str, Any]:
    """Every object, one object's properties (type, options, writable) and search hits."""
    schema, _ = current_schema(store, workspace_id)
    listed = list_objects(schema)
    chosen = None
    missing = None
    default = "contacts" if "contacts" in schema.objects else next(iter(schema.objects), "")
    name = (object_name or "").strip() or default
    if name:
        try:
            chosen = describe_object(schema, name)
        except SchemaLookupError as exc:
            missing = str(exc)
    if chosen is not None:
        labels = {
            p.name: {o.value: o.label for o in p.options}
            for p in schema.objects[chosen["name"]].properties
        }
        for row in chosen["properties"]:
            row["writable"] = not row["readOnly"]
            row["optionLabels"] = [
                {"value": v, "label": labels[row["name"]].get(v, v)} for v in row["options"]
            ]
    hits = [h.to_json() for h in search_properties(schema, query, limit=50)] if query else []
    return {
        "account": listed["account"],
        "objects": listed["objects"],
        "object": chosen,
        "missing": missing,
        "query": query,
        "hits": hits,
    }


# ---- bindings: builder, live check, describe it ----------------------------------------------


def builder_view(store: Store, workspace_id: str, object_name: str | None) -> dict[str, Any]:
    """What the builder offers: the account's objects and the chosen object's properties."""
    schema, _ = current_schema(store, workspace_id)
    names = list(schema.objects)
    chosen = (object_name or "").strip()
    if chosen not in schema.objects:
        chosen = "contacts" if "contacts" in schema.objects else next(iter(names), "")
    props = [p.name for p in schema.objects[chosen].properties] if chosen else []
    return {"objects": names, "object": chosen, "properties": props}


def _literal(value: str) -> str:
    text = value.strip()
    if text.startswith("{") and text.endswith("}"):
        return text  # a parameter
    try:
        float(text)
    except ValueError:
        return json.dumps(text)
    return text


def build_binding(
    object_name: str,
    fields: list[str],
    filter_property: str = "",
    operator: str = "=",
    value: str = "",
) -> str:
    """A search binding from the builder's picks: object, returned fields, one filter."""
    obj = object_name.strip()
    if not obj:
        raise Invalid("invalid_builder", "pick an object", [problem("object", "required")])
    text = f"search {obj}"
    prop = filter_property.strip()
    if value.strip() and not prop:
        # A value with nothing to compare it to would be dropped without a word.
        raise Invalid(
            "invalid_builder",
            "pick the filter property the value is for",
            [problem("property", "required with a value")],
        )
    if prop:
        if operator not in OPERATORS:
            raise Invalid("invalid_builder", f"unknown operator {operator!r}", [])
        if not value.strip():
            raise Invalid(
                "invalid_builder", "give the filter a value", [problem("value", "required")]
            )
        text += f" where {prop} {operator} {_literal(value)}"
    chosen = [f.strip() for f in fields if f.strip()]
    if chosen:
        text += " return " + ", ".join(chosen)
    return text


def check_binding(schema: AccountSchema, text: str) -> dict[str, Any]:
    """The checker's verdict on a binding: ``ok`` with a short plan summary, or its errors,
    each as ``line:col`` with the source line and a caret under the offending text."""
    if len(text) > MAX_BINDING:
        raise Invalid("binding_too_long", f"a binding has at most {MAX_BINDING} characters", [])
    result = compile_binding(text, schema)
    errors = [
        {
            "where": f"{d.line}:{d.col}",
            "line": d.line,
            "col": d.col,
            "code": d.code,
            "message": d.message,
            "hint": d.hint,
            "severity": d.severity,
            # The checker's own rendering: position, source line, caret.
            "rendered": render_text([d], text, name="binding"),
        }
        for d in result.diagnostics
    ]
    plan = result.plan.to_json() if result.ok and result.plan is not None else None
    summary = None
    if plan is not None:
        params = sorted((plan.get("parameters") or {}).get("properties", {}))
        obj = plan.get("object")
        name = obj.get("name") if isinstance(obj, dict) else obj
        summary = {"kind": plan.get("kind"), "object": name, "parameters": params}
    return {"ok": result.ok, "errors": errors, "plan": summary}


def check_for_workspace(store: Store, workspace_id: str, text: str) -> dict[str, Any]:
    schema, _ = current_schema(store, workspace_id)
    return check_binding(schema, text)


def describe(store: Store, workspace_id: str, goal: str) -> dict[str, Any]:
    """ "Describe it": the authored binding with its explanation, or the question it asks, or
    what the account lacks. The same authoring as the API's ``bindings/auto``: the model the
    server is configured with, else the offline engine; an empty or overlong goal is answered
    by the library like any other goal it cannot use."""
    from compiler.authoring import author

    schema, _ = current_schema(store, workspace_id)
    result = author(goal, schema, model=agents.author_model())
    return {
        "ok": result.ok,
        "binding": result.binding,
        "explanation": result.explanation,
        "question": result.question,
        "candidates": [{"label": c.label, "binding": c.binding} for c in result.candidates],
        "errors": [
            {"message": str(e.get("message", "")), "hint": e.get("hint")} for e in result.errors
        ],
    }


def save_binding(
    store: Store,
    app: HubSpotApp,
    principal: Principal,
    agent_id: str,
    name: str,
    description: str,
    binding: str,
) -> dict[str, Any]:
    """Save a binding as a skill of the agent's draft (compiled first; nothing saved on error)."""
    if not re.fullmatch(SKILL_NAME_PATTERN, name.strip()):
        # Said of the form's field, not of the skill file the form becomes.
        raise Invalid(
            "invalid_name",
            "the skill name must be 1 to 64 letters, digits, `_` or `-`",
            [problem("skill_name", f"{name.strip()!r} is not a skill name")],
        )
    body: dict[str, Any] = {
        "name": name.strip(),
        "description": description.strip() or None,
        "binding": binding,
    }
    if not binding.lstrip().lower().startswith("search"):
        # The form has no confirmation field: a write asks what "describe it" saves would ask.
        body["confirmation"] = WRITE_CONFIRMATION
    outcome = agents.author_binding(store, app, principal, agent_id, body)
    return {"name": outcome.name, "created": outcome.created, "updated": outcome.updated}


# ---- interaction logging ---------------------------------------------------------------------

RECENT_DELIVERIES = 20
_KINDS = {Channel.VOICE.value: "Call"}


def recent_deliveries(
    store: Store, workspace_id: str, limit: int = RECENT_DELIVERIES
) -> list[dict[str, Any]]:
    """The newest outbox items: which contact, Call or Note, status and when. Only these
    fields leave here: never the conversation's summary or transcript."""
    from compiler.product.writeback import writeback_store

    outbox = writeback_store(store, workspace_id)
    try:
        items = outbox.items()
    finally:
        outbox.close()
    newest = sorted(items, key=lambda i: i.updated_at or i.enqueued_at, reverse=True)[:limit]
    return [
        {
            # Until delivery matches it, the contact is the one the conversation named (if any).
            "contact": i.contact_id or _named_contact(i.payload),
            "kind": _KINDS.get(i.channel, "Note"),
            "status": i.status.value,
            "at": _iso(i.updated_at or i.enqueued_at),
        }
        for i in newest
    ]


def _named_contact(payload: dict[str, Any]) -> str | None:
    named = payload.get("contactId")
    return str(named) if named else None


def _iso(epoch: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _position(source: dict[str, Any] | None) -> str:
    """A binding position as ``file:line:col`` (what ``skillc drift`` prints)."""
    if not source:
        return ""
    parts = [source.get("file"), source.get("line"), source.get("col")]
    return ":".join(str(p) for p in parts if p not in (None, ""))


def drift_view(store: Store, agent_id: str) -> dict[str, Any] | None:
    """The last stored drift report of the agent's published version (from "Check drift" or
    the schedule), each skill with its status, binding position and findings; None if never
    checked."""
    report = health.last_drift(store, agent_id)
    if report is None:
        return None
    checked = report.get("checkedAt")
    skills = [
        {
            "skill": s.get("skill", ""),
            "status": s.get("status", ""),
            "position": _position(s.get("source")),
            "findings": [
                {
                    "status": f.get("status", ""),
                    "kind": f.get("kind", ""),
                    "reason": f.get("reason", ""),
                    "at": f.get("at", ""),
                }
                for f in s.get("findings") or []
            ],
        }
        for s in report.get("skills") or []
    ]
    return {
        "status": report.get("status", ""),
        "version": report.get("version", ""),
        "checkedAt": _iso(checked) if isinstance(checked, int | float) else None,
        "skills": skills,
    }


def scopes_view(
    store: Store, app: HubSpotApp, principal: Principal, agent_id: str
) -> dict[str, Any]:
    """The scopes the agent's skills need against what the connection granted, with the
    re-consent URL when some are missing; a problem instead when they cannot be worked out
    (e.g. the account's schema was never discovered)."""
    try:
        plan = health.agent_scopes(store, app, principal, agent_id)
    except ProductError as exc:
        return {"error": {"message": exc.message, "details": []}}
    return {
        "error": None,
        "version": plan["version"],
        "required": plan["required"],
        "optional": plan["optional"],
        "missing": plan["missing"],
        "granted": plan["granted"],
        "reconsentUrl": plan["reconsentUrl"],
    }
