"""The confirmation-token ledger on the store: single use across every process, with the result
of the write each token allowed (so a retried confirmation answers it again, never writes twice).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select, update

from compiler.store.engine import Store
from compiler.store.runtime_state import TokenUse

_LEDGER = cast(Table, TokenUse.__table__)

# Kept a little past the token's expiry, so a replay right at the edge still finds its result.
_GRACE_SECONDS = 60.0


class StoreTokenLedger:
    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self._clock = clock
        self._claims = 0
        # Built once: run on every confirmed write.
        self._claim = (
            store.insert(_LEDGER)
            .values(nonce=bindparam("nonce"), arguments_hash="", result=None,
                    expires_at=bindparam("expires_at"))
            .on_conflict_do_nothing(index_elements=["nonce"])
            .returning(_LEDGER.c.nonce)
        )  # fmt: skip

    def claim(self, nonce: str, expires_at: float) -> bool:
        self._claims += 1
        with self.store.statements() as connection:
            if self._claims % 32 == 1:  # forget spent tokens now and then, not on every write
                connection.execute(
                    delete(_LEDGER).where(_LEDGER.c.expires_at < self._clock() - _GRACE_SECONDS)
                )
            inserted = connection.execute(
                self._claim, {"nonce": nonce, "expires_at": expires_at}
            ).first()
            return inserted is not None

    def result_of(self, nonce: str) -> dict[str, Any] | None:
        with self.store.reading() as connection:
            text = connection.execute(
                select(_LEDGER.c.result).where(_LEDGER.c.nonce == nonce)
            ).scalar()
        if text is None:
            return None
        result: dict[str, Any] = json.loads(text)
        return result

    def keep_result(self, nonce: str, result: dict[str, Any]) -> None:
        with self.store.statements() as connection:
            connection.execute(
                update(_LEDGER)
                .where(_LEDGER.c.nonce == nonce)
                .values(result=json.dumps(result, sort_keys=True))
            )
