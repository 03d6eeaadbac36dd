"""Imports every model module, so ``Base.metadata`` is complete for Alembic and its tests.

Each concept's tables live in their own module beside this one; add the module here.
"""

from __future__ import annotations

from compiler.store import accounts as accounts
from compiler.store import agents as agents
from compiler.store import connections as connections
from compiler.store import meta as meta
from compiler.store import platforms as platforms
from compiler.store.base import Base

metadata = Base.metadata
