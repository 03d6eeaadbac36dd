"""The versioned outputs: one ``SkillArtifact`` per skill per account, and the ``Manifest``.

These models are the single source of ``schemas/artifact.schema.json`` and
``schemas/manifest.schema.json``. ``ToolParameters`` pins the parameter schema to what the OpenAI
and Anthropic tool APIs accept: an object schema, no top-level combinators, and per property only
type/description/enum/format/items.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from compiler.packs.models import SKILL_NAME_PATTERN
from compiler.steps import Step

ARTIFACT_FORMAT = "skillc.artifact/1"
MANIFEST_FORMAT = "skillc.manifest/1"
DIGEST_PATTERN = r"^sha256:[0-9a-f]{64}$"
TOOL_PARAM_NAME_PATTERN = r"^[a-zA-Z0-9_.-]{1,64}$"

Digest = Annotated[str, StringConstraints(pattern=DIGEST_PATTERN)]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParamItems(_Out):
    type: Literal["string", "number", "integer", "boolean"]
    description: str | None = None
    enum: list[str] | None = None
    format: str | None = None


class ParamSchema(_Out):
    type: Literal["string", "number", "integer", "boolean", "array"]
    description: str | None = None
    enum: list[str] | None = None
    format: str | None = None
    # Record ids are digit strings; both tool APIs accept `pattern` on a string property.
    pattern: str | None = None
    items: ParamItems | None = None


class ToolParameters(_Out):
    type: Literal["object"]
    properties: dict[
        Annotated[str, StringConstraints(pattern=TOOL_PARAM_NAME_PATTERN)], ParamSchema
    ]
    required: list[str]
    additionalProperties: Literal[False]


class PackRef(_Out):
    name: str
    version: str


class AccountRef(_Out):
    id: str
    label: str


class ObjectRef(_Out):
    name: str
    objectTypeId: str


class Flags(_Out):
    gated: bool
    confirm: bool
    serial: bool
    requires_verified_identity: bool


class ResultShape(_Out):
    shape: Literal["one", "many"]
    properties: list[str]


class Templates(_Out):
    confirmation: str | None
    result: str | None


class SourceRef(_Out):
    file: str
    line: int = Field(ge=1)
    col: int = Field(ge=1)


def _flags_const(*flags: str) -> dict[str, Any]:
    return {"properties": {"flags": {"properties": {f: {"const": True} for f in flags}}}}


# Gating is part of the format, not a convention: a write artifact whose flags say otherwise is
# invalid, so `skillc install` refuses it even with a recomputed digest.
_GATING_RULES: dict[str, Any] = {
    "allOf": [
        {
            "if": {"properties": {"kind": {"const": "write"}}},
            "then": _flags_const("gated", "confirm", "serial"),
        },
        {
            "if": {"properties": {"operation": {"const": "update"}}},
            "then": _flags_const("requires_verified_identity"),
        },
    ]
}


class SkillArtifact(_Out):
    """One compiled skill for one account (``skillc.artifact/1``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_GATING_RULES)

    format: Literal["skillc.artifact/1"]
    name: Annotated[str, StringConstraints(pattern=SKILL_NAME_PATTERN)]
    description: str
    pack: PackRef | None = Field(description="null for a binding authored outside a pack")
    account: AccountRef
    schemaFingerprint: Digest
    compilerVersion: str
    kind: Literal["read", "write"]
    operation: Literal["search", "create", "update", "find_or_create"]
    object: ObjectRef
    parameters: ToolParameters
    context: list[str]
    flags: Flags
    phoneRegion: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    steps: list[Step] = Field(min_length=1)
    result: ResultShape
    templates: Templates
    source: SourceRef
    digest: Digest

    @model_validator(mode="after")
    def _gated(self) -> SkillArtifact:
        # The same rules as _GATING_RULES, for validation through the model.
        flags = self.flags
        if self.kind == "write" and not (flags.gated and flags.confirm and flags.serial):
            raise ValueError("a write must be gated, confirmed and serial")
        if self.operation == "update" and not flags.requires_verified_identity:
            raise ValueError("an update must require a verified identity")
        return self


class ManifestSkill(_Out):
    name: str
    file: str
    digest: Digest
    kind: Literal["read", "write"]
    operation: Literal["search", "create", "update", "find_or_create"]
    origin: Literal["pack", "binding"]


class Manifest(_Out):
    """``manifest.json`` of a compile output directory (``skillc.manifest/1``)."""

    format: Literal["skillc.manifest/1"]
    pack: PackRef
    account: AccountRef
    schemaFingerprint: Digest
    compilerVersion: str
    partial: bool = Field(description="true when --partial left out skills that failed")
    skills: list[ManifestSkill]
    failed: list[str] = Field(description="skills left out of a --partial compile")
