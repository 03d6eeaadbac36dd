"""What the runtime's promises rest on, shared by every process (see ``compiler.identity.shared``).

* ``claims``: who holds a key (a find-or-create key, a conversation's write turn) and until when.
  A claim is a committed row, never a lock or transaction held across a HubSpot request; a claim
  whose holder died expires and is taken over.
* ``recent_records``: records created a moment ago, so a search that does not see them yet
  (HubSpot's index lags) is covered across processes and restarts.
* ``token_ledger``: confirmation tokens used, with the result of the write each one allowed.
* ``rate_events``: one sliding window of request times per HubSpot account and budget.

Keys are stored as their SHA-256 (``key_hash``): a match key may hold a caller's email or phone.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from compiler.store.base import Base


class Claim(Base):
    __tablename__ = "claims"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[float] = mapped_column(Float)


class RecentRecord(Base):
    __tablename__ = "recent_records"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    record: Mapped[str] = mapped_column(Text)  # the record as JSON
    unconfirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class TokenUse(Base):
    __tablename__ = "token_ledger"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    arguments_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[str | None] = mapped_column(Text, nullable=True)  # the CallResult as JSON
    expires_at: Mapped[float] = mapped_column(Float, index=True)


class RateEvent(Base):
    __tablename__ = "rate_events"
    __table_args__ = (Index("ix_rate_events_bucket_at", "bucket", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bucket: Mapped[str] = mapped_column(String(200))
    at: Mapped[float] = mapped_column(Float)
