"""Installed skill artifacts (``skillc.artifact/1``): reading, digest check and a safety check.

An artifact is trusted only when its digest matches its content and every slot sits where an
argument may go (a filter's value, a property's value, a record id). A slot anywhere else, e.g. in
a property name, an operator or a path, would let an argument change the request's shape, so such
an artifact is refused as a whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

from compiler.digest import canonical_json as canonical_json  # the runtime's argument hashes
from compiler.digest import digest_without
from compiler.packs.consistency import consistency_problems

ARTIFACT_FORMAT = "skillc.artifact/1"
CONTEXT_SLOTS = ("caller.phone", "caller.contact_id", "caller.email")
# "lower": IN/NOT_IN values of text properties, which HubSpot wants in lower case.
SLOT_FORMATS = ("phone_national", "phone_token", "lower")

_OBJECT_PATH = re.compile(r"^/crm/v3/objects/[A-Za-z0-9_-]+$")
_SEARCH_PATH = re.compile(r"^/crm/v3/objects/[A-Za-z0-9_-]+/search$")
_UPDATE_PATH = re.compile(r"^/crm/v3/objects/[A-Za-z0-9_-]+(/\{(recordId|id)\})?$")
_TYPE_ID = re.compile(r"^[0-9]+-[0-9]+$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

_STEP_SHAPES: dict[str, tuple[str, re.Pattern[str]]] = {
    "search": ("POST", _SEARCH_PATH),
    "create": ("POST", _OBJECT_PATH),
    "update": ("PATCH", _UPDATE_PATH),
}
_OPERATION_STEPS: dict[str, tuple[str, ...]] = {
    "search": ("search",),
    "create": ("create",),
    "update": ("update",),
    "find_or_create": ("search", "create"),
}


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
    steps: list[dict[str, Any]]
    result: ResultSpec
    templates: Templates = Field(default_factory=Templates)
    digest: str

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
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"]) or "(top)"
        raise ArtifactProblem("artifact_invalid", f"{where}: {loc}: {first['msg']}") from None
    _check_shape(artifact, where)
    contradictions = consistency_problems(raw)
    if contradictions:
        raise ArtifactProblem("artifact_invalid", f"{where}: {contradictions[0]}")
    return artifact


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
    ops = tuple(str(s.get("op")) for s in artifact.steps)
    if ops != _OPERATION_STEPS[artifact.operation]:
        raise bad(
            f"operation {artifact.operation} needs steps {_OPERATION_STEPS[artifact.operation]}"
        )
    for ctx in artifact.context:
        if ctx not in CONTEXT_SLOTS:
            raise bad(f"context: {ctx!r} is not one of {', '.join(CONTEXT_SLOTS)}")
    for index, step in enumerate(artifact.steps):
        op = str(step.get("op"))
        method, path_re = _STEP_SHAPES[op]
        if step.get("method") != method:
            raise bad(f"steps[{index}]: a {op} step must use {method}")
        path = step.get("path")
        if not isinstance(path, str) or not path_re.match(path):
            raise bad(f"steps[{index}]: path {path!r} is not a {op} path")
        if not isinstance(step.get("body"), dict):
            raise bad(f"steps[{index}]: body must be an object")
        record_id = step.get("recordId")
        literal_id = isinstance(record_id, str) and record_id.isdigit()
        if op == "update" and not _is_slot(record_id) and not literal_id:
            raise bad(f"steps[{index}]: recordId must be a slot or a record id")
        for location, slot in iter_slots(step):
            if not _slot_allowed(op, location):
                raise bad(
                    f"steps[{index}]: a parameter may only fill a value, found one at "
                    f"{'/'.join(str(p) for p in location)}"
                )
            _check_slot(artifact, slot, f"steps[{index}]/{'/'.join(str(p) for p in location)}", bad)


def _check_slot(artifact: Artifact, slot: dict[str, Any], at: str, bad: Any) -> None:
    if set(slot) - {"$param", "$format"}:
        raise bad(f"{at}: a slot has only $param and $format")
    name = slot.get("$param")
    fmt = slot.get("$format")
    if fmt is not None and fmt not in SLOT_FORMATS:
        raise bad(f"{at}: unknown $format {fmt!r}")
    if name in CONTEXT_SLOTS:
        return
    if not isinstance(name, str) or name not in artifact.parameter_names:
        raise bad(f"{at}: slot {name!r} is neither a parameter nor a conversation context slot")


def _is_slot(value: Any) -> bool:
    return isinstance(value, dict) and "$param" in value


def iter_slots(
    node: Any, location: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any]]]:
    """Yield (location, slot) for every slot in a step; a location is a tuple of keys/indices."""
    if _is_slot(node):
        yield location, node
    elif isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("$"):
                yield (*location, key), {"$param": None, "$bad": key}
                continue
            yield from iter_slots(value, (*location, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from iter_slots(value, (*location, index))


def _slot_allowed(op: str, loc: tuple[str | int, ...]) -> bool:
    """Slots may fill values only; every allowed place is spelled out here."""
    n = len(loc)
    if op == "search":
        if n == 6 and loc[:2] == ("body", "filterGroups") and loc[3] == "filters":
            return loc[5] in ("value", "highValue")
        if n == 7 and loc[:2] == ("body", "filterGroups") and loc[3] == "filters":
            return loc[5] == "values" and isinstance(loc[6], int)
        return n == 4 and loc[0] == "phoneMatch" and loc[3] == "value"
    if op in ("create", "update"):
        if n == 3 and loc[:2] == ("body", "properties"):
            return True
        if op == "update" and loc == ("recordId",):
            return True
        return (
            op == "create"
            and n == 5
            and loc[:2] == ("body", "associations")
            and loc[3:] == ("to", "id")
        )
    return False
