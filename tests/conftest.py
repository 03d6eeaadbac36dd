"""Shared fixtures: the bundled sample accounts and paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_fixtures import databases, store_url

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


__all__ = ["databases", "store_url"]
