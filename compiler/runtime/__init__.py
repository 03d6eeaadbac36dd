"""The thin runtime: compiled skills called safely against a HubSpot account.

``Runtime(artifacts, client)`` or ``Runtime.from_agent_dir(path, client)``, then
``await runtime.call(skill, args, conversation, confirmation=token)`` → a typed result.
"""

from compiler.identity.find_or_create import FindOrCreateOutcome, find_or_create
from compiler.identity.keys import InProcessKeyRegistry, KeyRegistry, make_key
from compiler.runtime.conversation import Caller, Conversation
from compiler.runtime.results import (
    CallResult,
    CrmError,
    HttpCall,
    InvalidArguments,
    NeedsConfirmation,
    NeedsVerification,
    NotFound,
    Ok,
    Record,
    Refused,
)
from compiler.runtime.runtime import Runtime

__all__ = [
    "CallResult",
    "Caller",
    "Conversation",
    "CrmError",
    "FindOrCreateOutcome",
    "HttpCall",
    "InProcessKeyRegistry",
    "InvalidArguments",
    "KeyRegistry",
    "NeedsConfirmation",
    "NeedsVerification",
    "NotFound",
    "Ok",
    "Record",
    "Refused",
    "Runtime",
    "find_or_create",
    "make_key",
]
