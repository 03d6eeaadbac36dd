"""What a skill call gives back to the agent: one typed result per outcome, never an exception.

Every result carries ``status`` (the discriminator), the skill name and the HTTP requests the call
made (method and path only: bodies may hold personal data and never reach logs or traces).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class HttpCall(BaseModel):
    """One request the runtime sent to the CRM, for traces and tests (never bodies or tokens)."""

    model_config = ConfigDict(extra="forbid")

    method: str
    path: str
    outcome: str = "ok"  # "ok" or the error class name, e.g. "NotFoundError"

    def __str__(self) -> str:
        suffix = "" if self.outcome == "ok" else f" -> {self.outcome}"
        return f"{self.method} {self.path}{suffix}"


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid")

    skill: str
    requests: list[HttpCall] = Field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-able data (what an agent framework passes back to the model)."""
        return self.model_dump(mode="json")


class Record(BaseModel):
    """A CRM record as the agent sees it: its id (for follow-ups) and the returned properties."""

    model_config = ConfigDict(extra="forbid")

    id: str
    object: str
    properties: dict[str, str | None] = Field(default_factory=dict)
    updatedAt: str | None = None


class Ok(_Result):
    """The skill ran. ``shape`` one: ``record`` (None when nothing matched); many: ``records``."""

    status: Literal["ok"] = "ok"
    shape: Literal["one", "many"]
    record: Record | None = None
    records: list[Record] | None = None
    found: bool = True
    ambiguous: bool = False
    created: bool | None = None
    text: str | None = None
    text_error: str | None = None  # the result template failed; the data above is still right


class ArgumentProblem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    argument: str | None  # None: the arguments object as a whole
    reason: str


class InvalidArguments(_Result):
    status: Literal["invalid_arguments"] = "invalid_arguments"
    problems: list[ArgumentProblem]

    @property
    def reason(self) -> str:
        return "; ".join(
            f"{p.argument}: {p.reason}" if p.argument else p.reason for p in self.problems
        )


class NotFound(_Result):
    """The record the call named does not exist (HubSpot answered 404)."""

    status: Literal["not_found"] = "not_found"
    reason: str


class CrmError(_Result):
    """HubSpot refused or failed; ``reason`` says it in plain words, ``category`` is HubSpot's."""

    status: Literal["crm_error"] = "crm_error"
    reason: str
    http_status: int | None = None
    category: str | None = None
    correlation_id: str | None = None
    hubspot_message: str | None = None
    retryable: bool = False


class NeedsConfirmation(_Result):
    """A gated skill: read ``prompt`` to the caller, then call again with ``token``."""

    status: Literal["needs_confirmation"] = "needs_confirmation"
    prompt: str
    token: str
    expires_at: float


class NeedsVerification(_Result):
    status: Literal["needs_verification"] = "needs_verification"
    reason: str


RefusalCode = Literal[
    "unknown_skill",
    "artifact_invalid",
    "digest_mismatch",
    "match_everything",
    "missing_context",
    "not_callers_record",
    "confirmation_invalid",
    "confirmation_expired",
    "confirmation_used",
    "confirmation_mismatch",
    "template_error",
    "unsafe_value",
]


class Refused(_Result):
    status: Literal["refused"] = "refused"
    code: RefusalCode
    reason: str


CallResult = (
    Ok | InvalidArguments | NotFound | CrmError | NeedsConfirmation | NeedsVerification | Refused
)
