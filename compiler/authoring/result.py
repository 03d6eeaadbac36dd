"""What authoring answers: a checked binding, a question, or the errors the account causes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class Alternative(_Model):
    binding: str
    explanation: str


class Candidate(_Model):
    label: str
    binding: str | None = None


class AuthorResult(_Model):
    """``ok``: ``plan`` (what `skillc check --format json` prints, minus ``ok``), ``binding``,
    ``explanation``, ``confidence``, ``alternatives``. Not ok: a ``question`` with
    ``candidates``, or ``errors``."""

    ok: bool
    plan: dict[str, Any] | None = None
    binding: str | None = None
    explanation: str | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    alternatives: list[Alternative] = Field(default_factory=list)
    question: str | None = None
    candidates: list[Candidate] = Field(default_factory=list)
    errors: list[dict[str, Any]] = Field(default_factory=list)
    backend: str = "offline"

    def to_json(self) -> dict[str, Any]:
        if self.ok and self.plan is not None:
            return {
                "ok": True,
                **self.plan,
                "binding": self.binding,
                "explanation": self.explanation,
                "confidence": self.confidence,
                "alternatives": [a.model_dump() for a in self.alternatives],
            }
        if self.question is not None:
            return {
                "ok": False,
                "question": self.question,
                "candidates": [c.model_dump(exclude_none=True) for c in self.candidates],
            }
        return {"ok": False, "errors": list(self.errors)}


def error_result(code: str, message: str, hint: str | None = None) -> AuthorResult:
    error: dict[str, Any] = {"code": code, "message": message}
    if hint:
        error["hint"] = hint
    return AuthorResult(ok=False, errors=[error])
