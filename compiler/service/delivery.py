"""Interaction logging's delivery in the service: every few seconds each worker process hands
the conversations due to HubSpot, with each connection's own tokens
(:func:`compiler.product.writeback.deliver_all`). Items are leased in the store, so workers
delivering at the same time never send one twice."""

from __future__ import annotations

from starlette.types import ASGIApp

from compiler.product import writeback
from compiler.product.hubspot_app import HubSpotApp
from compiler.service.schedule import WorkerLoop
from compiler.store import Store

DELIVER_EVERY_S = 5.0


class DeliverySchedule(WorkerLoop):
    name = "writeback delivery"

    def __init__(self, app: ASGIApp, every_s: float = DELIVER_EVERY_S) -> None:
        super().__init__(app, every_s)

    async def tick(self, store: Store, app: HubSpotApp) -> None:
        await writeback.deliver_all(store, app)
