"""HubSpot's error bodies, raised by the simulator's handlers as :class:`ApiError`.

Shape (FACTS.md §6): ``{status: "error", message, correlationId, category, errors?, context?,
links?}``; every error detail carries ``message`` and usually ``code`` and ``context``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any


class ApiError(Exception):
    """An HTTP error response in HubSpot's shape; handlers raise it, the app renders it."""

    def __init__(
        self,
        status: int,
        category: str,
        message: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        context: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.category = category
        self.message = message
        self.errors = errors
        self.context = context
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "status": "error",
            "message": self.message,
            "correlationId": str(uuid.uuid4()),
            "category": self.category,
        }
        if self.errors is not None:
            body["errors"] = self.errors
        if self.context is not None:
            body["context"] = self.context
        body.update(self.extra)
        return body


def error_detail(
    message: str, code: str | None = None, context: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    detail: dict[str, Any] = {"message": message}
    if code is not None:
        detail["code"] = code
    if context is not None:
        detail["context"] = context
    return detail


def validation_error(message: str, errors: list[dict[str, Any]] | None = None) -> ApiError:
    return ApiError(400, "VALIDATION_ERROR", message, errors=errors)


class PropertyProblem:
    """One invalid property value, rendered the way HubSpot reports it."""

    def __init__(self, name: str, code: str, message: str) -> None:
        self.name = name
        self.code = code
        self.message = message

    def legacy(self) -> dict[str, Any]:
        return {
            "isValid": False,
            "message": self.message,
            "error": self.code,
            "name": self.name,
            "localizedErrorMessage": self.message,
        }


def property_values_error(problems: list[PropertyProblem]) -> ApiError:
    """HubSpot's 400 for bad property values: a JSON list inside the message, plus ``errors``."""
    listing = json.dumps([p.legacy() for p in problems], separators=(",", ":"))
    errors = [error_detail(p.message, p.code, {"propertyName": [p.name]}) for p in problems]
    return validation_error(f"Property values were not valid: {listing}", errors)


def not_found(message: str = "resource not found") -> ApiError:
    return ApiError(404, "OBJECT_NOT_FOUND", message)


def bad_object_type(name: str) -> ApiError:
    return ApiError(
        400,
        "VALIDATION_ERROR",
        f"Unable to infer object type from: {name}",
        errors=[error_detail(f"Unable to infer object type from: {name}", "INVALID_OBJECT_TYPE")],
    )
