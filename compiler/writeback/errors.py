"""Errors of interaction logging that a person reads: where (a field path) and why."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError


class WritebackError(Exception):
    """Base class of the errors this package raises on purpose."""


class InputError(WritebackError):
    """Bad input (a conversation, a settings PATCH); ``path`` is e.g. ``transcript[3].speaker``."""

    def __init__(self, path: str, reason: str, *, more: int = 0) -> None:
        self.path = path
        self.reason = reason
        self.more = more
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        super().__init__(f"at {path}: {reason}{tail}")


class DeliveryAborted(WritebackError):
    """The drain stopped because HubSpot refused the connection as a whole (401, 403, daily limit).

    Items stay pending and keep their attempt counts: the problem is the credentials or the
    account, not the items.
    """


def field_path(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for item in loc:
        parts.append(f"[{item}]" if isinstance(item, int) else f".{item}")
    return "".join(parts).lstrip(".") or "(top level)"


def _reason(error: Any) -> str:
    kind = error.get("type", "")
    msg = str(error.get("msg", "invalid"))
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "required field is missing"
    if kind == "enum" or kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"must be one of {expected} (got {error.get('input')!r})"
    msg = msg.removeprefix("Value error, ")
    return msg[0].lower() + msg[1:] if msg else "invalid"


def describe_validation_error(exc: ValidationError) -> InputError:
    """The first problem of a pydantic error as an ``InputError``, with a count of the others."""
    errors = exc.errors()
    first = errors[0]
    loc = tuple(x for x in first["loc"] if not (isinstance(x, str) and x.startswith("function-")))
    return InputError(field_path(loc), _reason(first), more=len(errors) - 1)
