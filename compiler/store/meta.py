"""Store-wide facts: named values that belong to the installation, not to one process."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from compiler.store.base import Base


class StoreValue(Base):
    """A named value of the installation (e.g. a keyed-hash key created once, shared by all)."""

    __tablename__ = "store_values"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
