"""``skillc worker``: drain the interaction-logging outbox continuously, alongside other workers.

Each of ``--concurrency`` drainers leases due items in the store (``--lease-seconds``; PostgreSQL
claims them with ``FOR UPDATE SKIP LOCKED``), so any number of workers on any number of machines
share one outbox; a killed worker's items are taken over when its leases expire. SIGTERM stops a
worker cleanly after the round in hand.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from compiler.cli.common import CliError
from compiler.cli.writeback import (
    add_delivery_options,
    add_state_options,
    check_drain_args,
    open_outbox,
    print_report,
    run_drainers,
)

DEFAULT_LEASE_SECONDS = 15.0


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "worker",
        help="deliver logged conversations to HubSpot continuously (many may run at once)",
        description="Drain the interaction-logging outbox continuously until SIGTERM (or "
        "--max-seconds). Workers share the store's outbox through leases: start as many as "
        "the HubSpot account's rate budget (shared through the store) allows. Exit 0: stopped "
        "cleanly with nothing undelivered; 1: HubSpot refused items (failed) or the connection; "
        "2: usage error, or items still pending because HubSpot could not be reached.",
    )
    add_state_options(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    add_delivery_options(p)
    p.add_argument(
        "--lease-seconds",
        type=float,
        default=DEFAULT_LEASE_SECONDS,
        metavar="S",
        help="how long a claimed item stays this worker's without renewal (default "
        f"{DEFAULT_LEASE_SECONDS:g}; renewed every third of it while worked on): a killed "
        "worker's items are taken over after it",
    )
    p.add_argument(
        "--concurrency",
        type=int,
        default=1,
        metavar="N",
        help="drainers in this process (default 1)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    check_drain_args(args)
    if not 5 <= args.lease_seconds <= 3600:
        raise CliError(f"--lease-seconds {args.lease_seconds:g}: must be between 5 and 3600")
    if not 1 <= args.concurrency <= 32:
        raise CliError(f"--concurrency {args.concurrency}: must be between 1 and 32")
    store = open_outbox(args)
    report, why_pending = asyncio.run(
        run_drainers(
            args,
            store,
            concurrency=args.concurrency,
            forever=not args.no_wait,
            lease_seconds=args.lease_seconds,
        )
    )
    return print_report(args, report, why_pending)
