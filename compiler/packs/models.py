"""What authors write: a Connector Pack, its skills, and stand-alone bindings (``…Spec``).

Models are strict: a string field given a YAML boolean or number (``region: NO``, ``version:
1.10``) is an error pointing at the value, never coerced. Unknown keys are errors too. Checks that
need the binding's operation (gating cannot be turned off, a write needs a confirmation prompt)
live in ``compiler.packs.checks`` so they can point at the exact YAML token.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

SKILL_NAME_PATTERN = r"^[a-zA-Z0-9_-]{1,64}$"
PARAM_NAME_PATTERN = r"^[a-zA-Z_][a-zA-Z0-9_]{0,63}$"
PACK_NAME_PATTERN = r"^[a-z][a-z0-9_-]{0,63}$"
VERSION_PATTERN = r"^[0-9]+\.[0-9]+\.[0-9]+(?:[-+][0-9A-Za-z.-]+)?$"
REGION_PATTERN = r"^[A-Z]{2}$"
SCOPE_PATTERN = r"^[a-z][a-z0-9._-]*$"

SkillName = Annotated[str, StringConstraints(pattern=SKILL_NAME_PATTERN)]
ParamName = Annotated[str, StringConstraints(pattern=PARAM_NAME_PATTERN)]
Region = Annotated[str, StringConstraints(pattern=REGION_PATTERN)]
Scope = Annotated[str, StringConstraints(pattern=SCOPE_PATTERN)]
Text = Annotated[str, StringConstraints(min_length=1)]
# The gating flags. YAML may set them to `true` (a read can opt in); `false` is always an error
# (checks.py), reported there with its own code, so the model accepts any bool while editors see
# `const: true` in the JSON Schema.
GATING_FLAGS = ("gated", "confirm", "serial", "requires_verified_identity")


def _flag(description: str) -> Any:
    return Field(default=None, description=description)


Flag = Annotated[bool | None, WithJsonSchema({"const": True, "type": "boolean"})]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class DefaultsSpec(_Spec):
    """Defaults applied to every skill of a pack (or to one binding)."""

    phone_region: Region | None = Field(
        default=None,
        description=(
            "ISO 3166-1 alpha-2 region for phone numbers written without a country code, used "
            "when the account's discovered schema does not state its own region. Quote it: NO is "
            "a country."
        ),
    )


class ScopesSpec(_Spec):
    """OAuth scopes: required ones are requested at connect, optional ones only when used."""

    required: list[Scope] = Field(default_factory=list)
    optional: list[Scope] = Field(default_factory=list)


class SkillSpec(_Spec):
    """One skill: an LLM-facing tool backed by one binding (`read:` or `write:`)."""

    name: SkillName = Field(description="Tool name the agent sees: letters, digits, _ and -.")
    description: Text = Field(description="What the skill does and when to use it, for the LLM.")
    inputs: dict[ParamName, Text] = Field(
        default_factory=dict,
        description="Descriptions of the binding's parameters (by name), shown to the LLM.",
    )
    read: Text | None = Field(default=None, description="A restSearch binding.")
    write: Text | None = Field(default=None, description="A restWrite binding.")
    confirmation: Text | None = Field(
        default=None,
        description=(
            "Jinja2 template over the arguments, spoken to the caller before a write runs. "
            "Required for writes."
        ),
    )
    result: Text | None = Field(
        default=None,
        description=(
            "Jinja2 template the agent may speak after the call, over the arguments plus "
            "`record` (one-record skills), `records` (many) and `created` (find or create)."
        ),
    )
    gated: Flag = _flag("Writes are always gated; `true` gates a read too.")
    confirm: Flag = _flag("Writes always confirm with the caller first; `true` for a read too.")
    serial: Flag = _flag("Writes never run in parallel; `true` serializes a read too.")
    requires_verified_identity: Flag = _flag(
        "Updates always require a verified caller; `true` requires one for this skill too."
    )


class PackSpec(_Spec):
    """A Connector Pack (`pack.yaml`): metadata plus the skill files it is made of."""

    name: Annotated[str, StringConstraints(pattern=PACK_NAME_PATTERN)]
    title: Text
    version: Annotated[str, StringConstraints(pattern=VERSION_PATTERN)] = Field(
        description='Semantic version, quoted in YAML is safest (e.g. "1.0.0").'
    )
    crm: Literal["hubspot"]
    description: Text | None = None
    scopes: ScopesSpec = Field(default_factory=ScopesSpec)
    defaults: DefaultsSpec = Field(default_factory=DefaultsSpec)
    skills: list[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.ya?ml$")]] = Field(
        min_length=1,
        description="Skill files of this pack, relative to pack.yaml, in the order they install.",
    )


class BindingSpec(SkillSpec):
    """A skill authored outside a pack, for one agent."""

    crm: Literal["hubspot"]
    agent: Text | None = Field(default=None, description="The agent this binding was written for.")
    defaults: DefaultsSpec = Field(default_factory=DefaultsSpec)
