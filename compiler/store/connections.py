"""HubSpot connections (one per workspace): tokens encrypted at rest, granted scopes, and the
discovered schema with its fingerprint. (Interaction-logging settings and the outbox belong to
the writeback store.)"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from compiler.store.base import Base


class Connection(Base):
    __tablename__ = "connections"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    workspace_id: Mapped[str] = mapped_column(ForeignKey("workspaces.id"), unique=True)
    provider: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40))
    portal_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    account_label: Mapped[str | None] = mapped_column(String(300), nullable=True)
    scopes: Mapped[str] = mapped_column(Text)  # granted, space-separated
    access_token: Mapped[str] = mapped_column(Text)  # Fernet ciphertext
    refresh_token: Mapped[str] = mapped_column(Text)  # Fernet ciphertext
    expires_at: Mapped[float | None] = mapped_column(Float, nullable=True)  # epoch seconds
    token_version: Mapped[int] = mapped_column(Integer, default=0)
    connected_at: Mapped[float] = mapped_column(Float)


class DiscoveredSchema(Base):
    """The latest discovered schema of a connection (replaced by each discovery)."""

    __tablename__ = "discovered_schemas"

    connection_id: Mapped[str] = mapped_column(ForeignKey("connections.id"), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(100))
    discovered_at: Mapped[float] = mapped_column(Float)
    document: Mapped[str] = mapped_column(Text)  # the skillc.discovered-schema/1 JSON
