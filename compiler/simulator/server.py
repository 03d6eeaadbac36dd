"""Serving the simulator over real HTTP on loopback (uvicorn in a background thread)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from types import TracebackType

import uvicorn

from compiler.simulator.app import DroppedConnection
from compiler.simulator.simulator import Simulator


class _HideDroppedConnections(logging.Filter):
    """Injected dropped connections are intended; keep them out of the server's error log."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        while exc is not None:
            if isinstance(exc, DroppedConnection):
                return False
            exc = exc.__cause__ or exc.__context__
        return True


@dataclass
class RunningServer:
    base_url: str
    host: str
    port: int
    _server: uvicorn.Server
    _thread: threading.Thread

    def stop(self, timeout: float = 5.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def serve(
    sim: Simulator,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    log_level: str = "warning",
    ready_timeout: float = 10.0,
) -> RunningServer:
    """Start uvicorn for ``sim.app`` in a daemon thread; returns once it accepts connections.

    ``port=0`` picks a free port; the real one is in the result's ``port`` and ``base_url``.
    """
    error_log = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _HideDroppedConnections) for f in error_log.filters):
        error_log.addFilter(_HideDroppedConnections())
    config = uvicorn.Config(
        sim.app, host=host, port=port, log_level=log_level, access_log=False, lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="hubspot-sim", daemon=True)
    thread.start()
    deadline = time.monotonic() + ready_timeout
    while not server.started:
        if not thread.is_alive():
            raise OSError(f"the simulator could not listen on {host}:{port}")
        if time.monotonic() > deadline:
            server.should_exit = True
            raise TimeoutError(f"the simulator did not start on {host}:{port} in time")
        time.sleep(0.01)
    sockets = [s for srv in server.servers for s in srv.sockets]
    real_port = int(sockets[0].getsockname()[1]) if sockets else port
    shown_host = f"[{host}]" if ":" in host else host
    return RunningServer(f"http://{shown_host}:{real_port}", host, real_port, server, thread)
