"""`skillc serve` glue: the store, the embedded HubSpot simulator, the socket, uvicorn workers.

The simulator (when no ``--hubspot-base-url``) runs once in this process, on loopback, and every
worker reaches it over HTTP, so all workers see one simulated account.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
from dataclasses import dataclass

import uvicorn

from compiler.product import secretbox
from compiler.service.config import CLIENT_ID_ENV, CLIENT_SECRET_ENV, CONFIG_ENV, ServiceConfig
from compiler.service.logs import configure
from compiler.service.schedule import ScheduleError, drift_every
from compiler.store import open_store
from compiler.store.rate_budget import (
    REQUESTS_PER_10S_ENV,
    SEARCHES_PER_SECOND_ENV,
    configured_limits,
)

SAMPLE = "harbor_vet"
SIM_CLIENT_ID = "sim-client-id"
SIM_CLIENT_SECRET = "sim-client-secret"


class ServeError(Exception):
    pass


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 0
    database_url: str | None = None
    workers: int = 1
    public_url: str | None = None
    hubspot_base_url: str | None = None
    hubspot_authorize_url: str | None = None
    hubspot_requests_per_10s: int | None = None
    hubspot_searches_per_second: int | None = None


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose proto
    # says TCP; with proto 0 every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port} ({exc.strerror})") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _set_limits(options: ServeOptions) -> None:
    """HubSpot's request budgets per account are read by ``rate_budget.budget_for`` in every
    process: the options go into the environment the workers inherit, then all is checked once
    here (a bad value fails at start, not on each call)."""
    for env, value in (
        (REQUESTS_PER_10S_ENV, options.hubspot_requests_per_10s),
        (SEARCHES_PER_SECOND_ENV, options.hubspot_searches_per_second),
    ):
        if value is not None:
            os.environ[env] = str(value)
    try:
        configured_limits()
    except ValueError as exc:
        raise ServeError(str(exc)) from None


def _stopped(signum: int, frame: object) -> None:
    return None


def run(options: ServeOptions) -> int:
    if options.workers < 1:
        raise ServeError("--workers must be at least 1")
    _set_limits(options)
    try:
        drift_every()  # checked here; each worker reads it again
    except ScheduleError as exc:
        raise ServeError(str(exc)) from None
    configure()
    store = open_store(options.database_url)
    secretbox.ensure_key()
    simulator = None
    base_url = options.hubspot_base_url
    client_id = os.environ.get(CLIENT_ID_ENV, "").strip()
    if base_url is None:
        from compiler.simulator import Simulator
        from compiler.simulator.server import serve as serve_simulator

        client_id = client_id or SIM_CLIENT_ID
        secret = os.environ.get(CLIENT_SECRET_ENV, "").strip() or SIM_CLIENT_SECRET
        os.environ[CLIENT_SECRET_ENV] = secret
        sim = Simulator.from_sample(SAMPLE, client_id=client_id, client_secret=secret)
        simulator = serve_simulator(sim, "127.0.0.1", 0)
        base_url = simulator.base_url
    elif not client_id:
        client_id = SIM_CLIENT_ID
        os.environ.setdefault(CLIENT_SECRET_ENV, SIM_CLIENT_SECRET)
    sock = _bind(options.host, options.port)
    port = sock.getsockname()[1]
    shown = f"[{options.host}]" if ":" in options.host else options.host
    origin = f"http://{shown}:{port}"
    public = (options.public_url or os.environ.get("SKILLC_PUBLIC_URL") or origin).rstrip("/")
    config = ServiceConfig(
        database_url=store.url,
        public_url=public,
        hubspot_base_url=base_url.rstrip("/"),
        authorize_url=options.hubspot_authorize_url or "",
        client_id=client_id,
    )
    os.environ[CONFIG_ENV] = config.to_env()
    uv_config = uvicorn.Config(
        "compiler.service.app:app_from_env",
        factory=True,
        workers=options.workers,
        log_config=None,
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=5,
    )
    sys.stdout.write(
        json.dumps(
            {
                "base_url": origin,
                "dashboard_url": origin + "/",
                "hubspot_base_url": config.hubspot_base_url,
            }
        )
        + "\n"
    )
    sys.stdout.flush()
    # uvicorn shuts down on SIGINT/SIGTERM and then re-raises the signal to the handler it found:
    # make that handler a no-op, so a requested stop ends the command normally (exit 0).
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, _stopped)
    try:
        server = uvicorn.Server(uv_config)
        if options.workers == 1:
            server.run(sockets=[sock])
        else:
            from uvicorn.supervisors import Multiprocess

            Multiprocess(uv_config, sockets=[sock]).run()
    finally:
        sock.close()
        if simulator is not None:
            simulator.stop()
    return 0
