"""Identifiers and clocks shared by the product modules."""

from __future__ import annotations

import secrets
import time


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(10)}"


def now() -> float:
    return time.time()
