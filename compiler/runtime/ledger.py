"""The confirmation-token ledger on the store: single use across every process, with the result
of the write each token allowed (so a retried confirmation answers it again, never writes twice).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, select, update

from compiler.store.engine import Store
from compiler.store.runtime_state import TokenUse

# Kept a little past the token's expiry, so a replay right at the edge still finds its result.
_GRACE_SECONDS = 60.0


class StoreTokenLedger:
    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self._clock = clock

    def claim(self, nonce: str, expires_at: float) -> bool:
        with self.store.transaction() as session:
            session.execute(
                delete(TokenUse).where(TokenUse.expires_at < self._clock() - _GRACE_SECONDS)
            )
            inserted = session.execute(
                self.store.insert(TokenUse.__table__)
                .values(nonce=nonce, arguments_hash="", result=None, expires_at=expires_at)
                .on_conflict_do_nothing(index_elements=["nonce"])
                .returning(TokenUse.nonce)
            ).first()
            return inserted is not None

    def result_of(self, nonce: str) -> dict[str, Any] | None:
        with self.store.transaction() as session:
            text = session.scalar(select(TokenUse.result).where(TokenUse.nonce == nonce))
        if text is None:
            return None
        result: dict[str, Any] = json.loads(text)
        return result

    def keep_result(self, nonce: str, result: dict[str, Any]) -> None:
        with self.store.transaction() as session:
            session.execute(
                update(TokenUse)
                .where(TokenUse.nonce == nonce)
                .values(result=json.dumps(result, sort_keys=True))
            )
