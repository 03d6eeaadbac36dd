"""`skillc demo`: the main job end to end on the embedded default (no network, no account)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from compiler.demo.pipeline import DemoFailure, run_demo


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "demo",
        help="run the whole pipeline on a simulated HubSpot account and a scripted call",
        description="Serve skillc on the embedded defaults and drive it over HTTP: sign in, "
        "connect HubSpot (simulated consent), install the pack, publish, call skills through "
        "/skills/{skill}/call. With --pipeline: simulate the harbor_vet HubSpot account "
        "in-process, discover its schema, "
        "compile the HubSpot pack, install it into a temporary agent and run a scripted call: "
        "the returning caller is greeted by name, a ticket is opened after confirmation, and an "
        "update is refused until the caller is verified. Exit 0: every step did what the script "
        "expects; 1: a step failed (the reason is printed).",
    )
    p.add_argument(
        "--pipeline",
        action="store_true",
        help="run the library pipeline in-process instead of the service over HTTP",
    )
    p.set_defaults(handler=run)


def _print(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    from compiler.demo import service

    try:
        if args.pipeline:
            asyncio.run(run_demo(_print))
        else:
            service.run(_print)
    except (DemoFailure, service.DemoFailure) as exc:
        print(f"skillc demo: failed: {exc}", file=sys.stderr)
        return 1
    return 0
