"""Voice platforms and agent health: per-agent platform secrets (encrypted at rest), what a
conversation has learnt about its caller, the first result of each write a platform may retry,
drift reports, and leases that let one worker at a time run a scheduled job."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from compiler.store.base import Base


class PlatformSecret(Base):
    """The credential a platform presents for one agent (Retell API key, Vapi secret)."""

    __tablename__ = "platform_secrets"

    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(40), primary_key=True)
    secret: Mapped[str] = mapped_column(Text)  # Fernet ciphertext (compiler.product.secretbox)
    assistant_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    updated_at: Mapped[float] = mapped_column(Float)


class CallerRecognition(Base):
    """A pre-call recognition kept by caller number until the call's first function call."""

    __tablename__ = "caller_recognitions"

    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), primary_key=True)
    phone: Mapped[str] = mapped_column(String(100), primary_key=True)
    result: Mapped[str] = mapped_column(Text)  # the recognition skill's result, JSON
    expires_at: Mapped[float] = mapped_column(Float)


class ConversationSeed(Base):
    """Who the caller of one conversation (a platform's call id) was recognised as."""

    __tablename__ = "conversation_seeds"

    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    contact_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    result: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON, when recognised
    expires_at: Mapped[float] = mapped_column(Float)


class CallOutcome(Base):
    """A write of one conversation, keyed by skill and arguments: a retry returns its result."""

    __tablename__ = "call_outcomes"

    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_key: Mapped[str] = mapped_column(String(64), primary_key=True)  # skill + args digest
    state: Mapped[str] = mapped_column(String(20))  # "running" | "done"
    result: Mapped[str | None] = mapped_column(Text, nullable=True)
    expires_at: Mapped[float] = mapped_column(Float)


class DriftReportRow(Base):
    """The last drift check of an agent's published version."""

    __tablename__ = "drift_reports"

    agent_id: Mapped[str] = mapped_column(ForeignKey("agents.id"), primary_key=True)
    version: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20))
    checked_at: Mapped[float] = mapped_column(Float)
    report: Mapped[str] = mapped_column(Text)  # JSON


class Lease(Base):
    """Who runs a scheduled job now (one worker at a time, across processes and hosts)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(100))
    expires_at: Mapped[float] = mapped_column(Float)
