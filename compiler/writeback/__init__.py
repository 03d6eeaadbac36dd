"""Interaction logging: every finished conversation on the contact's timeline, scrubbed, once.

``service`` holds the entry points (settings, enqueue), ``deliver`` the outbox drain, ``store`` /
``sqlite_store`` the durable state, ``render`` the Call / Note bodies, ``contacts`` the matching.
"""

from compiler.writeback.conversation import Conversation, parse_conversation
from compiler.writeback.deliver import Drainer
from compiler.writeback.errors import DeliveryAborted, InputError, WritebackError
from compiler.writeback.retry import Backoff, DrainReport, SystemClock
from compiler.writeback.service import LogOutcome, log_conversation, status, update_settings
from compiler.writeback.settings import (
    Counters,
    Mode,
    OnNoMatch,
    SettingsPatch,
    WritebackSettings,
    WritebackStatus,
)
from compiler.writeback.sqlite_store import SQLiteStore
from compiler.writeback.store import DrainBusy, OutboxItem, Status, WritebackStore

__all__ = [
    "Backoff",
    "Conversation",
    "Counters",
    "DeliveryAborted",
    "DrainBusy",
    "DrainReport",
    "Drainer",
    "InputError",
    "LogOutcome",
    "Mode",
    "OnNoMatch",
    "OutboxItem",
    "SQLiteStore",
    "SettingsPatch",
    "Status",
    "SystemClock",
    "WritebackError",
    "WritebackSettings",
    "WritebackStatus",
    "WritebackStore",
    "log_conversation",
    "parse_conversation",
    "status",
    "update_settings",
]
