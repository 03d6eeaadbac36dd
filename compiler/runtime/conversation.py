"""The conversation a skill call happens in: who is calling, and who has been verified."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Caller(BaseModel):
    """What the channel knows about the caller (telephony caller id, chat login, recognition)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    phone: str | None = None
    contact_id: str | None = None
    email: str | None = None


class Conversation(BaseModel):
    """``verified_identity``: the contact id the caller has proved to be (e.g. by a PIN or OTP)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: str = Field(min_length=1, max_length=200)
    caller: Caller = Field(default_factory=Caller)
    verified_identity: str | None = None

    def context(self) -> dict[str, str | None]:
        return {
            "caller.phone": self.caller.phone,
            "caller.contact_id": self.caller.contact_id,
            "caller.email": self.caller.email,
        }
