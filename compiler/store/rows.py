"""Small helpers over SQLAlchemy results shared by the store's modules."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult


def affected(result: Any) -> int:
    """Rows an UPDATE or DELETE touched. (psycopg reports -1 for an INSERT ... ON CONFLICT:
    use RETURNING to learn whether an insert happened.)"""
    return int(cast(CursorResult[Any], result).rowcount)
