"""Shapes shared by the batch endpoints: inputs, per-input errors and the batch response."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from compiler.simulator.app import reply
from compiler.simulator.errors import ApiError, error_detail, validation_error
from compiler.simulator.values import iso_ms

if TYPE_CHECKING:
    from compiler.simulator.app import Ctx


def now_iso(ctx: Ctx) -> str:
    return iso_ms(ctx.sim.now_ms())


def batch_inputs(body: Any, maximum: int) -> list[Any]:
    """The ``inputs`` list of a batch body, at most ``maximum`` long."""
    inputs = body.get("inputs") if isinstance(body, dict) else None
    if not isinstance(inputs, list):
        raise validation_error("Invalid input JSON: `inputs` must be a list.")
    if len(inputs) > maximum:
        msg = f"Batch size {len(inputs)} exceeds the limit of {maximum} inputs."
        raise validation_error(msg, [error_detail(msg, "TOO_MANY_INPUTS")])
    return inputs


def id_of(value: Any) -> str:
    """The id of a ``{"id": ...}`` reference."""
    if isinstance(value, dict) and isinstance(value.get("id"), str | int):
        return str(value["id"])
    raise validation_error('Each input needs an object like {"id": "123"}.')


def standard_error(err: ApiError, context: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """One entry of a batch response's ``errors`` (the spec's StandardError)."""
    return {
        "status": "error",
        "category": err.category,
        "message": err.message,
        "context": context or err.context or {},
        "errors": err.errors or [],
        "links": {},
    }


def batch_reply(
    started: str, results: list[Any], errors: list[dict[str, Any]], ok: int
) -> Response:
    """``{status: COMPLETE, results, startedAt, completedAt}``; 207 with ``errors`` when any."""
    body: dict[str, Any] = {
        "status": "COMPLETE",
        "results": results,
        "startedAt": started,
        "completedAt": started,
    }
    if errors:
        body["errors"] = errors
        body["numErrors"] = len(errors)
        return reply(body, 207)
    return reply(body, ok)


def add_read_result(
    results: list[dict[str, Any]],
    errors: list[dict[str, Any]],
    src_id: str,
    to: list[dict[str, Any]],
    src_singular: str,
    dst_singular: str,
) -> None:
    """One input of an association batch read: its links, or HubSpot's 404 when it has none."""
    if to:
        results.append({"from": {"id": src_id}, "to": to})
        return
    message = f"No {dst_singular} is associated with {src_singular} {src_id}."
    err = ApiError(404, "NO_ASSOCIATIONS_FOUND", message)
    errors.append(standard_error(err, {"fromObjectId": [src_id]}))
