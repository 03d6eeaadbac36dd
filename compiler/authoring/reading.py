"""What reading a goal yields: a frame, a question for the person, or what the account lacks."""

from __future__ import annotations

from dataclasses import dataclass, field

from compiler.authoring.frame import Frame


@dataclass
class Question:
    text: str
    candidates: list[tuple[str, Frame | None]]


@dataclass
class Failure:
    errors: list[dict[str, str]]


@dataclass
class Parsed:
    frame: Frame
    alternatives: list[tuple[Frame, str]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


Reading = Parsed | Question | Failure


def failure(code: str, message: str, hint: str | None = None) -> Failure:
    error = {"code": code, "message": message}
    if hint:
        error["hint"] = hint
    return Failure([error])
