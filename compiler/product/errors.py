"""Product errors: each has a stable ``code``, a message for people, and ``details``.

The HTTP layer maps ``kind`` to a status (404, 409, 422, 403); the CLI prints the message.
"""

from __future__ import annotations

from typing import Any, Literal

Kind = Literal["not_found", "conflict", "invalid", "forbidden", "unauthorized"]


class ProductError(Exception):
    kind: Kind = "invalid"

    def __init__(self, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details


class NotFound(ProductError):
    kind: Kind = "not_found"


class Conflict(ProductError):
    kind: Kind = "conflict"


class Invalid(ProductError):
    """Bad input; ``details`` is a list of ``{"path", "message"}`` (plus ``line``, ``col``)."""

    kind: Kind = "invalid"


class Forbidden(ProductError):
    kind: Kind = "forbidden"


class Unauthorized(ProductError):
    kind: Kind = "unauthorized"


def problem(path: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"path": path, "message": message, **extra}
