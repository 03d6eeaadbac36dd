"""The :class:`Simulator`: one in-memory HubSpot account behind an ASGI app."""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterable
from typing import Any

import httpx
from starlette.types import ASGIApp

from compiler.simulator.app import build_app
from compiler.simulator.faults import FaultSpec
from compiler.simulator.oauth import ACCESS_TOKEN_TTL, ALL_SCOPES, TokenBook
from compiler.simulator.ratelimit import RateLimiter, RateLimits
from compiler.simulator.requestlog import RequestLog
from compiler.simulator.seed import apply_records, build_schema, empty_records, load_seed
from compiler.simulator.store import Store

BASE_URL = "http://hubspot.sim"


class Simulator:
    """A HubSpot account: records, schema, OAuth, rate limits and injected faults.

    Args:
        schema: a discovered schema (``skillc.discovered-schema/1``) as decoded JSON.
        records: sample records (``skillc.sample-records/1``); None for an empty account.
        faults: faults to inject (mutable later through ``sim.faults``).
        clock: seconds since the epoch; defaults to ``time.time``. ``advance()`` adds to it.
        rate_limits: the account's limits; ``RateLimits(enabled=False)`` turns them off.
        client_id / client_secret: the OAuth app credentials the token endpoint accepts.
    """

    def __init__(
        self,
        schema: dict[str, Any],
        records: dict[str, Any] | None = None,
        *,
        faults: FaultSpec | None = None,
        clock: Callable[[], float] | None = None,
        rate_limits: RateLimits | None = None,
        client_id: str = "sim-client-id",
        client_secret: str = "sim-client-secret",
        token_ttl: int = ACCESS_TOKEN_TTL,
    ) -> None:
        self._clock = clock or time.time
        self._offset = 0.0
        self.faults: FaultSpec = faults if faults is not None else FaultSpec()
        self.schema = build_schema(schema)
        self.store = Store(self.schema, self.now_ms, lambda: self.faults.index_delay)
        self.owners: list[dict[str, Any]] = apply_records(
            self.store, copy.deepcopy(records) if records is not None else empty_records(),
            self.now_ms(),
        )  # fmt: skip
        self.store.owner_ids = {str(o["id"]) for o in self.owners} or None
        self.rate_limits = rate_limits or RateLimits()
        self.limiter = RateLimiter(self.rate_limits, self.now_ms)
        self.request_log = RequestLog()
        self.client_id = client_id
        self.client_secret = client_secret
        self.tokens = TokenBook(
            self.now_ms, self.schema.hub_id, client_id, client_secret, token_ttl
        )
        self.access_token, self.refresh_token = self.tokens.issue_pair()
        self.private_app_token = self.tokens.issue_private()
        self.app: ASGIApp = build_app(self)

    @classmethod
    def from_sample(
        cls,
        name: str,
        *,
        faults: FaultSpec | None = None,
        clock: Callable[[], float] | None = None,
        **kwargs: Any,
    ) -> Simulator:
        """Seed from ``compiler/samples/<name>.schema.json`` + ``<name>.records.json``.

        ``name`` may also be a path prefix (``tests/fixtures/sim/tiny``). Raises
        :class:`compiler.simulator.seed.SeedError` with a pointed message for bad seeds.
        """
        schema, records = load_seed(name)
        return cls(schema, records, faults=faults, clock=clock, **kwargs)

    # ---- time ----------------------------------------------------------------------------
    def now(self) -> float:
        return self._clock() + self._offset

    def now_ms(self) -> int:
        return int(self.now() * 1000)

    def advance(self, seconds: float) -> None:
        """Move the simulator's clock forward (token expiry, rate-limit windows, indexing)."""
        self._offset += seconds

    # ---- credentials ---------------------------------------------------------------------
    def issue_auth_code(self, scopes: Iterable[str] = ALL_SCOPES) -> str:
        """An authorization code the token endpoint accepts once (as after the consent screen)."""
        return self.tokens.issue_code(scopes)

    def issue_token(self, scopes: Iterable[str] = ALL_SCOPES) -> tuple[str, str]:
        """A new (access token, refresh token) pair with the given scopes."""
        return self.tokens.issue_pair(scopes)

    # ---- clients -------------------------------------------------------------------------
    def transport(self) -> httpx.AsyncBaseTransport:
        """In-process transport: requests go straight to the ASGI app."""
        return httpx.ASGITransport(app=self.app)

    def client(self, token: str | None = None, **kwargs: Any) -> httpx.AsyncClient:
        """An ``httpx.AsyncClient`` on the in-process transport, with the bearer token set."""
        headers = {"Authorization": f"Bearer {token or self.access_token}"}
        headers.update(kwargs.pop("headers", {}))
        return httpx.AsyncClient(
            transport=self.transport(), base_url=BASE_URL, headers=headers, **kwargs
        )
