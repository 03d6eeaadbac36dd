"""Installed skill artifacts (``skillc.artifact/1``): reading, digest check and a safety check.

An artifact is trusted only when its digest matches its content and its steps validate as
``compiler.steps`` models, the same types the compiler builds them from. Those types let a slot
sit only where an argument may go (a filter's value, a property's value, a record id); a slot
anywhere else, e.g. in a property name, an operator or a path, would let an argument change the
request's shape, so such an artifact is refused as a whole.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails

from compiler.digest import canonical_json as canonical_json  # the runtime's argument hashes
from compiler.digest import digest_without
from compiler.packs.consistency import consistency_problems
from compiler.steps import (
    SLOT_FORMATS,
    STEP_KINDS,
    STEP_METHODS,
    SearchStep,
    Step,
    is_slot_json,
)

ARTIFACT_FORMAT = "skillc.artifact/1"
CONTEXT_SLOTS = ("caller.phone", "caller.contact_id", "caller.email")

_TYPE_ID = re.compile(r"^[0-9]+-[0-9]+$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

_OPERATION_STEPS: dict[str, tuple[str, ...]] = {
    "search": ("search",),
    "create": ("create",),
    "update": ("update",),
    "find_or_create": ("search", "create"),
}

__all__ = ["ARTIFACT_FORMAT", "CONTEXT_SLOTS", "SLOT_FORMATS", "Artifact", "ArtifactProblem"]


class ArtifactProblem(Exception):
    """The artifact cannot be used; ``code`` is ``digest_mismatch`` or ``artifact_invalid``."""

    def __init__(self, code: Literal["digest_mismatch", "artifact_invalid"], reason: str) -> None:
        super().__init__(reason)
        self.code: Literal["digest_mismatch", "artifact_invalid"] = code
        self.reason = reason


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Flags(_Model):
    gated: bool = False
    confirm: bool = False
    serial: bool = False
    requires_verified_identity: bool = False


class ObjectRef(_Model):
    name: str
    objectTypeId: str


class ResultSpec(_Model):
    shape: Literal["one", "many"]
    properties: list[str] = Field(default_factory=list)


class Templates(_Model):
    confirmation: str | None = None
    result: str | None = None


class Artifact(_Model):
    format: Literal["skillc.artifact/1"]
    name: str
    description: str = ""
    account: dict[str, Any] = Field(default_factory=dict)
    kind: Literal["read", "write"]
    operation: Literal["search", "create", "update", "find_or_create"]
    object: ObjectRef
    parameters: dict[str, Any]
    context: list[str] = Field(default_factory=list)
    flags: Flags = Field(default_factory=Flags)
    phoneRegion: str = "US"
    steps: list[Step]
    result: ResultSpec
    templates: Templates = Field(default_factory=Templates)
    digest: str

    @property
    def search_step(self) -> SearchStep | None:
        return next((s for s in self.steps if isinstance(s, SearchStep)), None)

    @property
    def account_id(self) -> str:
        return str(self.account.get("id", ""))

    @property
    def is_write(self) -> bool:
        return self.kind == "write" or self.operation != "search"

    @property
    def gated(self) -> bool:
        # Writes are gated whatever the flags say: the flags cannot switch gating off.
        return self.is_write or self.flags.gated or self.flags.confirm

    @property
    def needs_verified_identity(self) -> bool:
        return self.operation == "update" or self.flags.requires_verified_identity

    @property
    def parameter_names(self) -> set[str]:
        props = self.parameters.get("properties")
        return set(props) if isinstance(props, dict) else set()

    @property
    def required_parameters(self) -> set[str]:
        req = self.parameters.get("required")
        return {str(r) for r in req} if isinstance(req, list) else set()


def compute_digest(raw: dict[str, Any]) -> str:
    """``sha256:`` + sha256 of the canonical JSON of the artifact without ``digest``."""
    return digest_without(raw)


def load_artifact(raw: Any, *, where: str = "artifact") -> Artifact:
    """Check ``raw`` (decoded JSON) and return the artifact, or raise :class:`ArtifactProblem`."""
    if not isinstance(raw, dict):
        raise ArtifactProblem("artifact_invalid", f"{where}: expected a JSON object")
    stated = raw.get("digest")
    actual = compute_digest(raw)
    if stated != actual:
        raise ArtifactProblem(
            "digest_mismatch",
            f"{where}: digest mismatch (the file says {stated!r}, its content hashes to "
            f"{actual}); it was changed after compilation, recompile and reinstall it",
        )
    try:
        artifact = Artifact.model_validate(raw)
    except PydanticValidationError as exc:
        reason = _describe(exc.errors()[0])
        raise ArtifactProblem("artifact_invalid", f"{where}: {reason}") from None
    _check_shape(artifact, where)
    contradictions = consistency_problems(raw)
    if contradictions:
        raise ArtifactProblem("artifact_invalid", f"{where}: {contradictions[0]}")
    return artifact


def _describe(error: ErrorDetails) -> str:
    """One validation error in the artifact's terms: which step, where in it, and why."""
    loc = error["loc"]
    if len(loc) < 2 or loc[0] != "steps" or not isinstance(loc[1], int):
        return f"{'.'.join(str(p) for p in loc) or '(top)'}: {error['msg']}"
    at = f"steps[{loc[1]}]"
    op = str(loc[2]) if len(loc) > 2 and loc[2] in STEP_KINDS else None
    # Drop the union tags pydantic puts in locations ("search", "slot", "literal").
    inner = [str(p) for p in loc[3 if op else 2 :] if p not in ("slot", "literal")]
    place = "/".join(inner)
    given = error.get("input")
    if is_slot_json(given) and "$param" not in inner and "$format" not in inner:
        return f"{at}: a parameter may only fill a value, found one at {place or '(step)'}"
    if op is not None and inner == ["method"]:
        return f"{at}: a {op} step must use {STEP_METHODS[op]}"
    if op is not None and inner == ["path"]:
        return f"{at}: path {given!r} is not a {op} path"
    if inner[-1:] == ["$format"]:
        return f"{at}/{place}: unknown $format {given!r}"
    return f"{at}: {place or '(step)'}: {error['msg']}"


def _check_shape(artifact: Artifact, where: str) -> None:
    def bad(reason: str) -> ArtifactProblem:
        return ArtifactProblem("artifact_invalid", f"{where}: {reason}")

    if not _NAME.match(artifact.name):
        raise bad(f"skill name {artifact.name!r} is not an identifier")
    if artifact.parameters.get("type") != "object":
        raise bad('parameters: must be a JSON Schema with "type": "object"')
    for name in artifact.parameter_names:
        if not _NAME.match(name):
            raise bad(f"parameters: {name!r} is not an identifier")
    if not _TYPE_ID.match(artifact.object.objectTypeId):
        raise bad(f"object.objectTypeId {artifact.object.objectTypeId!r} is not a type id like 0-1")
    ops = tuple(step.op for step in artifact.steps)
    if ops != _OPERATION_STEPS[artifact.operation]:
        raise bad(
            f"operation {artifact.operation} needs steps {_OPERATION_STEPS[artifact.operation]}"
        )
    for ctx in artifact.context:
        if ctx not in CONTEXT_SLOTS:
            raise bad(f"context: {ctx!r} is not one of {', '.join(CONTEXT_SLOTS)}")
    names = artifact.parameter_names
    for index, step in enumerate(artifact.steps):
        for place, slot in step.slots():
            if slot.param not in CONTEXT_SLOTS and slot.param not in names:
                raise bad(
                    f"steps[{index}]/{place}: slot {slot.param!r} is neither a parameter nor a "
                    "conversation context slot"
                )
