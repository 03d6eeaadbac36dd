"""Work a service worker repeats in the background (``WorkerLoop``), and the drift schedule on it:
every ``SKILLC_DRIFT_EVERY`` (default 6 h) one worker re-discovers each connected account and
re-checks its published agents.

"One worker at a time" is a lease row in the store, not process memory: the lease lasts one
period, so whichever worker process takes it first runs the sweep and the others find it held
until the next period. Workers poll for it every minute (or every period, if shorter).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import socket
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from compiler.product import leases
from compiler.product.conversations import purge_expired
from compiler.product.health import drift_sweep
from compiler.product.hubspot_app import HubSpotApp
from compiler.store import Store

EVERY_ENV = "SKILLC_DRIFT_EVERY"
DEFAULT_EVERY_S = 6 * 3600.0
LEASE = "drift-schedule"
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}

log = logging.getLogger("skillc.schedule")


class ScheduleError(ValueError):
    pass


def drift_every(raw: str | None = None) -> float:
    """``SKILLC_DRIFT_EVERY`` in seconds: a number with an optional unit (``90s``, ``30m``,
    ``6h``, ``1d``); ``0`` or ``off`` turns the schedule off (returns 0)."""
    text = (os.environ.get(EVERY_ENV, "") if raw is None else raw).strip().lower()
    if not text:
        return DEFAULT_EVERY_S
    if text == "off":
        return 0.0
    found = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([smhd]?)", text)
    if found is None:
        raise ScheduleError(
            f"{EVERY_ENV}={text!r}: expected a duration such as 6h, 30m, 90s or off"
        )
    return float(found.group(1)) * _UNITS[found.group(2)]


async def run_due(
    store: Store,
    app: HubSpotApp,
    holder: str,
    every_s: float,
    clock: Callable[[], float] = time.time,
) -> int | None:
    """Run the sweep if this period's lease is free; the number of agents checked, or None
    when another worker holds the period."""
    if not leases.acquire(store, LEASE, holder, every_s, clock):
        return None
    checked = await drift_sweep(store, app)
    log.info("drift: agents re-checked", extra={"agents": checked})
    return checked


class WorkerLoop:
    """Runs ``tick`` every ``poll_s`` in a worker's event loop, started at the worker's first
    request (the service runs without an ASGI lifespan), so the work shares the worker's HubSpot
    clients and loop. ``every_s`` 0 turns the loop off."""

    name = "loop"

    def __init__(self, app: ASGIApp, every_s: float) -> None:
        self.app = app
        self.every_s = every_s
        self.poll_s = every_s
        self._task: asyncio.Task[None] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._task is None and self.every_s > 0 and scope["type"] == "http":
            state = scope["app"].state
            self._task = asyncio.get_running_loop().create_task(
                self._run(state.store(), state.hubspot_app)
            )
        await self.app(scope, receive, send)

    async def tick(self, store: Store, app: HubSpotApp) -> None:
        raise NotImplementedError

    async def _run(self, store: Store, app: HubSpotApp) -> None:
        while True:
            try:
                await self.tick(store, app)
            except Exception:  # a failed pass must not end the loop; the next one retries
                log.exception("%s: pass failed", self.name)
            await asyncio.sleep(self.poll_s)


class DriftSchedule(WorkerLoop):
    """The drift sweep, polled every minute (or every period, if shorter)."""

    name = "drift"

    def __init__(self, app: ASGIApp, every_s: float) -> None:
        super().__init__(app, every_s)
        self.poll_s = min(60.0, every_s)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"

    async def tick(self, store: Store, app: HubSpotApp) -> None:
        await run_due(store, app, self.holder, self.every_s)
        purge_expired(store)
