"""Shared fixtures: the bundled sample accounts and paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from store_fixtures import databases, store_url

ROOT = Path(__file__).resolve().parent.parent

# HubSpot's OpenAPI specs sit beside a checkout in the shared reference folder; a newcomer's
# `make test` finds them there without exporting anything (the fidelity tests would skip).
# Set before any test module is imported: those read the variable at import.
SHARED_OPENAPI = ROOT.parent / "shared" / "hubspot" / "openapi"
if not os.environ.get("HUBSPOT_OPENAPI_DIR") and SHARED_OPENAPI.is_dir():
    os.environ["HUBSPOT_OPENAPI_DIR"] = str(SHARED_OPENAPI)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


__all__ = ["databases", "store_url"]
