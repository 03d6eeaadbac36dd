"""Interaction-logging settings per connection, the PATCH that changes them, and the counters.

JSON uses the product page's camelCase (``onNoMatch``). A PATCH leaves every field it omits
unchanged; ``enabledAt`` is set when ``mode`` goes from ``off`` to a logging mode and is not moved
by later changes while logging stays on (turning logging off clears it, so turning it on again
starts a new period: conversations that ended while it was off are never back-filled).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic.alias_generators import to_camel

from compiler.writeback.errors import InputError, describe_validation_error


class Mode(StrEnum):
    OFF = "off"
    SUMMARY = "summary"
    SUMMARY_TRANSCRIPT = "summary_transcript"


class OnNoMatch(StrEnum):
    SKIP = "skip"
    CREATE = "create"


_CAMEL = ConfigDict(
    alias_generator=to_camel,
    validate_by_name=True,
    validate_by_alias=True,
    frozen=True,
    extra="forbid",
)


class WritebackSettings(BaseModel):
    """The stored settings of one connection (defaults: off, skip)."""

    model_config = _CAMEL

    mode: Mode = Mode.OFF
    on_no_match: OnNoMatch = OnNoMatch.SKIP
    enabled_at: datetime | None = None

    @property
    def logging_on(self) -> bool:
        return self.mode is not Mode.OFF


class SettingsPatch(BaseModel):
    """A PATCH body: every field optional; an omitted field is left unchanged."""

    model_config = _CAMEL

    mode: Mode | None = None
    on_no_match: OnNoMatch | None = None


class Counters(BaseModel):
    """Delivery counters, derived from the outbox (so a crash can never count twice)."""

    model_config = _CAMEL

    logged: int = 0
    skipped_no_match: int = 0
    contacts_created: int = 0
    failed: int = 0
    pending: int = 0


class WritebackStatus(BaseModel):
    """What ``GET .../writeback`` answers: the settings plus the delivery counters."""

    model_config = _CAMEL

    mode: Mode
    on_no_match: OnNoMatch
    enabled_at: datetime | None
    counters: Counters

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


def parse_patch(raw: Any) -> SettingsPatch:
    """Validate a PATCH body; explicit ``null`` is refused (omit a field to leave it unchanged)."""
    if not isinstance(raw, dict):
        raise InputError("(top level)", "expected a JSON object")
    for key in ("mode", "onNoMatch"):
        if key in raw and raw[key] is None:
            raise InputError(key, "must not be null; omit the field to leave it unchanged")
    try:
        return SettingsPatch.model_validate(raw)
    except ValidationError as exc:
        raise describe_validation_error(exc) from None


def apply_patch(
    current: WritebackSettings, patch: SettingsPatch, *, now: datetime
) -> WritebackSettings:
    """The settings after ``patch``; ``now`` becomes ``enabledAt`` when logging is switched on."""
    mode = current.mode if patch.mode is None else patch.mode
    on_no_match = current.on_no_match if patch.on_no_match is None else patch.on_no_match
    if mode is Mode.OFF:
        enabled_at = None
    elif current.mode is Mode.OFF or current.enabled_at is None:
        enabled_at = now
    else:
        enabled_at = current.enabled_at
    return WritebackSettings(mode=mode, on_no_match=on_no_match, enabled_at=enabled_at)
