"""Interaction logging's delivery in the service: every few seconds each worker process hands
the conversations due to HubSpot, with each connection's own tokens
(:func:`compiler.product.writeback.deliver_all`). Items are leased in the store, so workers
delivering at the same time never send one twice."""

from __future__ import annotations

import asyncio
import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from compiler.product import writeback
from compiler.product.hubspot_app import HubSpotApp
from compiler.store import Store

DELIVER_EVERY_S = 5.0

log = logging.getLogger("skillc.delivery")


class DeliverySchedule:
    """Starts delivering in a worker's event loop at its first request (the service runs
    without an ASGI lifespan), so deliveries share the worker's HubSpot clients and loop."""

    def __init__(self, app: ASGIApp, every_s: float = DELIVER_EVERY_S) -> None:
        self.app = app
        self.every_s = every_s
        self._task: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._task is None and scope["type"] == "http":
            state = scope["app"].state
            self._task = asyncio.get_running_loop().create_task(
                self._run(state.store(), state.hubspot_app)
            )
        await self.app(scope, receive, send)

    async def _run(self, store: Store, app: HubSpotApp) -> None:
        while True:
            try:
                await writeback.deliver_all(store, app)
            except Exception:  # a failed pass must not end delivery; items stay pending
                log.exception("writeback: delivery pass failed")
            await asyncio.sleep(self.every_s)
