"""``skillc simulate``: serve the HubSpot simulator on loopback until interrupted.

Prints ONE JSON line on stdout once the server accepts connections:
``{"base_url", "access_token", "refresh_token", "private_app_token", "client_id",
"client_secret"}``. The access token expires after 30 minutes like HubSpot's; refresh it at
``/oauth/v1/token`` or use the private-app token, which does not expire. What it holds (records,
associations, requests answered) is at ``GET /_simulator/state[?object=NAME]`` with either token.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from types import FrameType
from typing import Any

from compiler.cli.common import CliError
from compiler.simulator import FaultSpec, FaultSpecError, RateLimits, SeedError, Simulator, serve


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "simulate",
        help="serve a simulated HubSpot account on loopback",
        description="Serve a simulated HubSpot account (for tests and the demo). Prints one JSON "
        "line: base_url and tokens (private_app_token does not expire; access_token expires "
        "after 30 minutes, like HubSpot's). GET /_simulator/state[?object=NAME] with either "
        "token shows the records, associations and requests it holds.",
    )
    parser.add_argument("--port", type=int, default=8080, help="port (0 picks a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    parser.add_argument(
        "--seed",
        default="harbor_vet",
        metavar="NAME",
        help="bundled sample account, or a path prefix DIR/NAME of NAME.schema.json + "
        "NAME.records.json (default harbor_vet)",
    )
    parser.add_argument(
        "--faults",
        default="",
        metavar="SPEC",
        help="e.g. latency=50ms,error_rate=0.1,status=503,storm429=0.3,drop=0.05,"
        "index_delay=2s,seed=7",
    )
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="turn HubSpot's rate limits off"
    )
    parser.set_defaults(handler=run)


def build(seed: str, faults: str, rate_limits: bool = True) -> Simulator:
    """The simulator for the command's arguments; bad ones raise CliError (exit 2)."""
    try:
        spec = FaultSpec.parse(faults) if faults else None
    except FaultSpecError as exc:
        raise CliError(f"--faults: {exc}") from None
    try:
        return Simulator.from_sample(seed, faults=spec, rate_limits=RateLimits(enabled=rate_limits))
    except SeedError as exc:
        raise CliError(f"--seed: {exc}") from None


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.port <= 65535:
        raise CliError(f"--port {args.port}: must be between 0 and 65535")
    sim = build(args.seed, args.faults, not args.no_rate_limits)
    try:
        server = serve(sim, host=args.host, port=args.port)
    except (OSError, TimeoutError) as exc:
        raise CliError(f"cannot serve on {args.host}:{args.port} ({exc})") from None
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    ready = {
        "base_url": server.base_url,
        "access_token": sim.access_token,
        "refresh_token": sim.refresh_token,
        "private_app_token": sim.private_app_token,
        "client_id": sim.client_id,
        "client_secret": sim.client_secret,
    }
    sys.stdout.write(json.dumps(ready) + "\n")
    sys.stdout.flush()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.stop()
    return 0
