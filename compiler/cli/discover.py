"""``skillc discover``: read a HubSpot account's schema into a discovered-schema JSON file."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any

from compiler.account import SchemaLoadError
from compiler.cli.common import CliError, base_url, region, token, utf8_text
from compiler.hubspot import (
    DEFAULT_BASE_URL,
    AuthenticationError,
    HubSpotClient,
    HubSpotError,
    MissingScopesError,
    RateLimiter,
    TransportError,
)
from compiler.hubspot.discovery import DiscoveryError, discover, write_schema
from compiler.hubspot.urls import redact_url

TOKEN_ENV = "HUBSPOT_TOKEN"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "discover",
        help="discover a HubSpot account's objects, properties, pipelines and associations",
        description=(
            "Read the schema of the HubSpot account behind a token and write it as a "
            f"discovered-schema JSON file. The token may come from ${TOKEN_ENV} (preferred: "
            "a --token value is visible to other users of the machine)."
        ),
    )
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL, help="HubSpot API base URL")
    parser.add_argument("--token", help=f"access token (default: ${TOKEN_ENV})")
    parser.add_argument("--out", required=True, metavar="SCHEMA.json", help="file to write")
    parser.add_argument(
        "--objects",
        help="comma-separated objects to discover (names, type ids or fully qualified names); "
        "default: contacts, companies, deals, tickets, calls, notes and every custom object",
    )
    parser.add_argument("--label", help="the account's label shown to people")
    parser.add_argument("--region", default="US", help="default phone region (default: US)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=100,
        metavar="N",
        help="requests per 10 s to stay under (default: 100, HubSpot's lowest tier)",
    )
    parser.set_defaults(handler=run)


def _objects(text: str | None) -> list[str] | None:
    if text is None:
        return None
    names = [n.strip() for n in text.split(",")]
    if not all(names):
        raise CliError(f"--objects {text!r}: empty object name in the list")
    return names


def _check_out(out: str) -> None:
    """Refuse an unwritable --out before the (possibly long) discovery, not after it."""
    target = Path(out)
    if target.is_dir():
        raise CliError(f"--out {out}: is a directory")
    parent = target.parent
    if not parent.is_dir():
        raise CliError(f"--out {out}: directory {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise CliError(f"--out {out}: directory {parent} is not writable")


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        print(f"skillc discover: {message}", file=sys.stderr, flush=True)


def _warn(message: str) -> None:
    print(f"skillc discover: warning: {message}", file=sys.stderr, flush=True)


def _explain(exc: HubSpotError, url: str) -> str:
    if isinstance(exc, TransportError):
        return f"cannot reach HubSpot at {redact_url(url)}: {exc.message}"
    if isinstance(exc, AuthenticationError):
        return f"HubSpot refused the token ({exc.category or exc.status}): {exc.message}"
    if isinstance(exc, MissingScopesError):
        needed = ", ".join(exc.required_scopes) or "unknown"
        return f"the token lacks a required scope ({needed})"
    return f"HubSpot error: {exc}"


def run(args: argparse.Namespace) -> int:
    secret = token(args.token, TOKEN_ENV)
    phone_region = region(args.region)
    if args.rate_limit < 1:
        raise CliError("--rate-limit must be at least 1")
    if not args.timeout > 0:  # also refuses nan
        raise CliError(f"--timeout {args.timeout}: must be a number of seconds above 0")
    _check_out(args.out)
    base_url(args.base_url)
    if args.label is not None:
        utf8_text(args.label, "--label")  # it is stored in the schema file and hashed
    objects = _objects(args.objects)
    started = time.perf_counter()
    try:
        schema, requests = asyncio.run(_discover(args, secret, objects, phone_region))
    except DiscoveryError as exc:
        raise CliError(str(exc)) from None
    except HubSpotError as exc:
        raise CliError(_explain(exc, args.base_url)) from None
    try:
        write_schema(args.out, schema)
    except SchemaLoadError as exc:
        raise CliError(str(exc)) from None
    except OSError as exc:
        raise CliError(f"{args.out}: cannot write ({exc.strerror})") from None
    objects_found = schema["objects"]
    props = sum(len(o["properties"]) for o in objects_found.values())
    pipelines = sum(len(o["pipelines"]) for o in objects_found.values())
    assoc = sum(len(o["associations"]) for o in objects_found.values())
    print(
        f"skillc discover: account {schema['account']['id']}: {len(objects_found)} objects "
        f"({', '.join(objects_found)}), {props} properties, {pipelines} pipelines, "
        f"{assoc} association types -> {args.out} "
        f"({requests} requests, {time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )
    return 0


async def _discover(
    args: argparse.Namespace, token: str, objects: list[str] | None, region: str
) -> tuple[dict[str, Any], int]:
    limiter = RateLimiter(requests_per_10s=args.rate_limit)
    async with HubSpotClient(
        args.base_url, token, timeout=args.timeout, rate_limiter=limiter
    ) as client:
        schema = await discover(
            client,
            objects=objects,
            account_label=args.label,
            region=region,
            progress=_progress,
            warn=_warn,
        )
        return schema, client.request_count
