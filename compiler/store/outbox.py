"""Interaction logging's durable state: settings per connection and the outbox of conversations.

An item is keyed by connection + conversation id. ``lease_owner`` / ``lease_expires_at`` say
which worker holds it until when: a worker claims due items in a short transaction (``FOR UPDATE
SKIP LOCKED`` on PostgreSQL), renews the lease while it works, and a killed worker's items are
taken over once the lease expires. The status machine is in ``compiler.writeback.store``.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from compiler.store.base import Base


class WritebackSettingsRow(Base):
    __tablename__ = "writeback_settings"

    connection: Mapped[str] = mapped_column(String(200), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[float] = mapped_column(Float)


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "connection", "status", "next_attempt_at"),)

    connection: Mapped[str] = mapped_column(String(200), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    status: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)
    mode: Mapped[str] = mapped_column(String(32))
    on_no_match: Mapped[str] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[float] = mapped_column(Float, default=0.0)
    maybe_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    contact_created: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_attempted_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    engagement_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    enqueued_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
    lease_owner: Mapped[str | None] = mapped_column(String(64), nullable=True)
    lease_expires_at: Mapped[float | None] = mapped_column(Float, nullable=True)
