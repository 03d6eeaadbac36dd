"""Interaction logging: every finished conversation on the contact's timeline, scrubbed, once.

``service`` holds the entry points (settings, enqueue), ``deliver`` the outbox drain, ``store`` /
``outbox`` the durable state (on the product's one store), ``render`` the Call / Note bodies,
``contacts`` the matching.
"""

from compiler.writeback.conversation import Conversation, parse_conversation
from compiler.writeback.deliver import Drainer
from compiler.writeback.errors import DeliveryAborted, InputError, WritebackError
from compiler.writeback.outbox import Outbox, import_legacy_outbox
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
from compiler.writeback.store import OutboxItem, Status, WritebackStore

__all__ = [
    "Backoff",
    "Conversation",
    "Counters",
    "DeliveryAborted",
    "DrainReport",
    "Drainer",
    "InputError",
    "LogOutcome",
    "Mode",
    "OnNoMatch",
    "Outbox",
    "OutboxItem",
    "SettingsPatch",
    "Status",
    "SystemClock",
    "WritebackError",
    "WritebackSettings",
    "WritebackStatus",
    "WritebackStore",
    "import_legacy_outbox",
    "log_conversation",
    "parse_conversation",
    "status",
    "update_settings",
]
