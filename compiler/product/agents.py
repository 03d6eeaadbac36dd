"""Agents of a workspace: create and list, install the HubSpot pack into the draft, author
bindings, publish, versions, restore. Draft and versions live in the store
(:class:`compiler.agents.database.StoreAgent`); the rules are :mod:`compiler.agents.interface`'s.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from compiler.account import AccountSchema
from compiler.agents import interface
from compiler.agents.database import StoreAgent
from compiler.agents.interface import PublishRefused, UnknownVersion
from compiler.authoring.llm import ModelConfig, ModelConfigError, model_from_env
from compiler.authoring.request import AutoRequest
from compiler.authoring.request import auto_binding as author_auto
from compiler.authoring.save import SaveError
from compiler.diagnostics import Diagnostic, has_errors
from compiler.drift import check_skill
from compiler.packs.compile import compile_loaded, compile_skill
from compiler.packs.install import InstallError, InstallOutcome, install_artifacts
from compiler.packs.load import LoadedSkill, load_model, load_pack
from compiler.packs.models import BindingSpec
from compiler.product.accounts import Principal
from compiler.product.binding_form import SkillFile, skill_file
from compiler.product.connections import current_schema, missing_scopes, reconsent_error
from compiler.product.errors import Conflict, Invalid, NotFound, problem
from compiler.product.hubspot_app import HubSpotApp, pack_scopes
from compiler.product.ids import new_id, now
from compiler.resources import data_dir
from compiler.runtime.artifact import ArtifactProblem, load_artifact
from compiler.store import Store
from compiler.store.agents import Agent, DraftSkill

MAX_NAME = 200


def _agent_row(store: Store, principal: Principal, agent_id: str) -> Agent:
    if "\x00" in agent_id:  # no id holds one, and PostgreSQL text refuses it (a 500, not a 404)
        raise NotFound("agent_not_found", f"no agent {agent_id!r} in this workspace")
    with store.transaction() as session:
        row = session.get(Agent, agent_id)
    if row is None or row.workspace_id != principal.workspace_id:
        raise NotFound("agent_not_found", f"no agent {agent_id!r} in this workspace")
    return row


def create_agent(store: Store, principal: Principal, name: str) -> dict[str, Any]:
    clean = name.strip()
    # Printable only: a control character is no part of a name (and PostgreSQL text refuses
    # NUL, which would be a 500 instead of this 422).
    if not clean or len(clean) > MAX_NAME or not clean.isprintable():
        raise Invalid(
            "invalid_name",
            "the agent name must be 1 to 200 printable characters",
            [problem("name", "1 to 200 printable characters")],
        )
    try:
        with store.transaction() as session:
            taken = session.scalar(
                select(Agent.id).where(
                    Agent.workspace_id == principal.workspace_id, Agent.name == clean
                )
            )
            if taken is not None:
                raise Conflict("agent_exists", f"an agent named {clean!r} already exists")
            row = Agent(
                id=new_id("agt"),
                workspace_id=principal.workspace_id,
                name=clean,
                created_at=now(),
                draft_revision=0,
            )
            session.add(row)
    except IntegrityError:
        raise Conflict("agent_exists", f"an agent named {clean!r} already exists") from None
    return {"id": row.id, "name": row.name}


def list_agents(store: Store, principal: Principal) -> list[dict[str, Any]]:
    with store.transaction() as session:
        rows = session.scalars(
            select(Agent)
            .where(Agent.workspace_id == principal.workspace_id)
            .order_by(Agent.created_at, Agent.id)
        ).all()
    return [{"id": r.id, "name": r.name} for r in rows]


def _skill_row(name: str, artifact: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "description": artifact.get("description"),
        "kind": artifact.get("kind"),
        "operation": artifact.get("operation"),
        "object": artifact.get("object"),
        "digest": artifact.get("digest"),
        "schemaFingerprint": artifact.get("schemaFingerprint"),
    }


def get_agent(store: Store, principal: Principal, agent_id: str) -> dict[str, Any]:
    row = _agent_row(store, principal, agent_id)
    agent = StoreAgent(store, row.id)
    newest = interface.latest(agent)
    published = None
    if newest is not None:
        skills = agent.version_skills(newest.version)
        published = newest.to_json() | {
            "skills": [_skill_row(n, a) for n, a in sorted(skills.items())]
        }
    return {
        "id": row.id,
        "name": row.name,
        "draft": {"skills": [_skill_row(n, a) for n, a in sorted(agent.draft_skills().items())]},
        "published": published,
    }


def _pack_dir() -> Any:
    return data_dir("packs") / "hubspot"


def pack_info() -> dict[str, Any]:
    loaded = load_pack(_pack_dir())
    pack = loaded.pack
    assert pack is not None
    return {
        "name": pack.name,
        "title": pack.title,
        "version": pack.version,
        "description": (pack.description or "").strip(),
        "scopes": {"required": list(pack.scopes.required), "optional": list(pack.scopes.optional)},
        "skills": [
            {
                "name": s.spec.name,
                "description": s.spec.description.strip(),
                "kind": "read" if s.spec.read is not None else "write",
            }
            for s in loaded.skills
        ],
    }


def install_pack(store: Store, principal: Principal, agent_id: str) -> list[InstallOutcome]:
    """Compile the HubSpot pack for the connected account and install it into the draft."""
    _agent_row(store, principal, agent_id)
    schema, _document = current_schema(store, principal.workspace_id)
    loaded = load_pack(_pack_dir())
    result = compile_loaded(loaded, schema)
    if not result.ok:
        raise Conflict(
            "pack_does_not_compile",
            "the HubSpot pack does not compile for this account",
            _diagnostic_details(result.diagnostics),
        )
    agent = StoreAgent(store, agent_id)
    for skill in loaded.skills:
        agent.sources[skill.spec.name] = ("pack", loaded.sources.get(skill.file))
    return _install(result.artifacts, agent)


def _install(artifacts: dict[str, dict[str, Any]], agent: StoreAgent) -> list[InstallOutcome]:
    try:
        return install_artifacts(artifacts, agent)
    except InstallError as exc:
        raise Conflict(
            "install_refused", str(exc), [problem("skills", p) for p in exc.problems]
        ) from None


def _diagnostic_details(diagnostics: list[Diagnostic]) -> list[dict[str, Any]]:
    return [
        problem(d.file or "binding", f"{d.code}: {d.message}", line=d.line, col=d.col)
        for d in diagnostics
        if d.severity == "error"
    ]


def compile_binding_yaml(
    text: str, schema: AccountSchema, shown: str = "binding.yaml"
) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    spec, smap, diags = load_model(BindingSpec, text, shown)
    if spec is None or smap is None or has_errors(diags):
        return None, diags
    skill = LoadedSkill(
        spec=spec, source=smap, origin="binding", stable_file=f"bindings/{spec.name}.yaml"
    )
    artifact, more = compile_skill(skill, schema, None)
    return artifact, [*diags, *more]


def author_binding(
    store: Store, app: HubSpotApp, principal: Principal, agent_id: str, body: dict[str, Any]
) -> InstallOutcome:
    """Compile a binding against the connection's schema and put it into the agent's draft.

    An object the schema does not know while the custom-object scopes were not granted is a 403
    ``scope_required`` with a re-consent URL asking for them, not "unknown object"."""
    _agent_row(store, principal, agent_id)
    text = body.get("yaml")
    form: SkillFile | None = None
    if text is None:
        form = skill_file(body)
        text = form.text
    elif not isinstance(text, str):
        raise Invalid("binding_invalid", "yaml must be a string", [problem("yaml", "a string")])
    elif any(body.get(field) is not None for field in ("name", "description", "binding")):
        raise Invalid(
            "binding_invalid",
            "send either the skill file as `yaml` or name, description and binding, not both",
            [problem("yaml", "not together with name, description or binding")],
        )
    schema, _ = current_schema(store, principal.workspace_id)
    artifact, diags = compile_binding_yaml(text, schema)
    if artifact is None:
        unknown_object = any(d.code == "unknown-object" for d in diags)
        if unknown_object and missing_scopes(store, principal.workspace_id, pack_scopes().optional):
            raise reconsent_error(store, app, principal, "that object")
        errors = [d for d in diags if d.severity == "error"]
        details = [
            form.place(d)
            if form is not None
            else problem("yaml", f"{d.code}: {d.message}", line=d.line, col=d.col)
            for d in errors
        ] or [problem("binding", "invalid")]
        first = details[0]
        where = f"{first['path']} line {first['line']}, col {first['col']}: " if errors else ""
        why = errors[0].message if errors else "invalid"
        raise Invalid("binding_invalid", f"the binding does not compile: {where}{why}", details)
    agent = StoreAgent(store, agent_id)
    agent.sources[artifact["name"]] = ("binding", text)
    (outcome,) = _install({artifact["name"]: artifact}, agent)
    return outcome


class _AgentDraft:
    """An agent's draft as the authoring save rules see it (``authoring.save.SkillDraft``)."""

    def __init__(self, store: Store, app: HubSpotApp, principal: Principal, agent_id: str) -> None:
        self.store, self.app, self.principal, self.agent_id = store, app, principal, agent_id

    def has_skill(self, name: str) -> bool:
        return name in StoreAgent(self.store, self.agent_id).draft_skills()

    def put_skill(self, name: str, skill: dict[str, Any]) -> None:
        author_binding(self.store, self.app, self.principal, self.agent_id, skill)


def author_model() -> ModelConfig | None:
    """The model this server authors with (``SKILLC_AUTHOR_MODEL``), or None: offline."""
    try:
        return model_from_env()
    except ModelConfigError:
        return None  # a server setting, not the caller's mistake: the offline engine answers


def auto_binding(
    store: Store, app: HubSpotApp, principal: Principal, agent_id: str, body: AutoRequest
) -> dict[str, Any]:
    """Author a binding from a plain-language goal (offline unless a model is configured); with
    ``save``, put it into the agent's draft under ``name`` (never over an existing skill unless
    ``replace``). Ambiguous or impossible goals are answered, not refused (``ok: false``)."""
    _agent_row(store, principal, agent_id)
    schema, _ = current_schema(store, principal.workspace_id)
    draft = _AgentDraft(store, app, principal, agent_id)
    try:
        return author_auto(body, schema, draft, model=author_model())
    except SaveError as exc:
        if exc.code == "exists":
            raise Conflict("skill_exists", str(exc)) from None
        raise Invalid(exc.code.replace("-", "_"), str(exc), [problem("name", str(exc))]) from None


def _recheck(store: Store, workspace_id: str, agent: StoreAgent) -> tuple[str, Any]:
    schema, _ = current_schema(store, workspace_id)
    sources = agent.draft_sources()
    pack = load_pack(_pack_dir()) if any(o == "pack" for o, _ in sources.values()) else None

    def check(name: str, artifact: dict[str, Any]) -> str | None:
        if artifact.get("schemaFingerprint") == schema.fingerprint:
            return None
        broken = _broken_reason(artifact, schema)
        if broken is not None:
            return broken
        origin, text = sources.get(name, ("binding", None))
        if text is None:
            return "its source is not known, so it cannot be checked against the new schema"
        if origin == "pack" and pack is not None:
            match = [s for s in pack.skills if s.spec.name == name]
            if not match:
                return "it is no longer part of the pack"
            compiled, diags = compile_skill(match[0], schema, pack.pack)
        else:
            compiled, diags = compile_binding_yaml(text, schema)
        if compiled is None:
            first = next((d for d in diags if d.severity == "error"), None)
            return first.message if first is not None else "it does not compile"
        return None

    return schema.fingerprint or "", check


def _broken_reason(artifact: dict[str, Any], schema: AccountSchema) -> str | None:
    """Why the drawn-up plan would fail against ``schema`` (drift ``broken``), or None."""
    try:
        found = check_skill(load_artifact(artifact), schema)
    except ArtifactProblem as exc:
        return exc.reason
    reasons = [f.reason for f in found.findings if f.status == "broken"]
    return f"drift: {reasons[0]}" if reasons else None


def publish(store: Store, principal: Principal, agent_id: str) -> dict[str, Any]:
    _agent_row(store, principal, agent_id)
    agent = StoreAgent(store, agent_id)
    fingerprint, check = _recheck(store, principal.workspace_id, agent)
    try:
        version = interface.publish(agent, fingerprint=fingerprint, check=check)
    except PublishRefused as exc:
        raise Conflict(
            "publish_refused",
            str(exc),
            [problem(f"skills.{p['skill']}", p["message"]) for p in exc.problems],
        ) from None
    return version.to_json()


def versions(store: Store, principal: Principal, agent_id: str) -> list[dict[str, Any]]:
    _agent_row(store, principal, agent_id)
    return [v.to_json() for v in StoreAgent(store, agent_id).versions()]


def restore(store: Store, principal: Principal, agent_id: str, version: int) -> dict[str, Any]:
    _agent_row(store, principal, agent_id)
    agent = StoreAgent(store, agent_id)
    try:
        agent.restore_sources(version)
        skills = interface.restore(agent, version)
    except UnknownVersion:
        raise NotFound("version_not_found", f"no version {version} of this agent") from None
    return {"version": version, "skills": sorted(skills)}


def published_version(store: Store, principal: Principal, agent_id: str) -> int:
    """The number of the agent's latest published version (409 when it has none)."""
    _agent_row(store, principal, agent_id)
    version = StoreAgent(store, agent_id).latest_version()
    if version is None:
        raise Conflict(
            "not_published", "this agent has no published version: POST .../publish first"
        )
    return version


def version_skills(store: Store, agent_id: str, version: int) -> dict[str, dict[str, Any]]:
    return StoreAgent(store, agent_id).version_skills(version)


def published_skills(
    store: Store, principal: Principal, agent_id: str
) -> tuple[int, dict[str, dict[str, Any]]]:
    _agent_row(store, principal, agent_id)
    chosen = interface.served(StoreAgent(store, agent_id), published_only=True)
    if chosen is None:
        raise Conflict(
            "not_published", "this agent has no published version: POST .../publish first"
        )
    assert chosen.version is not None
    return chosen.version, chosen.skills


def draft_names(store: Store, agent_id: str) -> list[str]:
    with store.transaction() as session:
        return list(session.scalars(select(DraftSkill.name).where(DraftSkill.agent_id == agent_id)))
