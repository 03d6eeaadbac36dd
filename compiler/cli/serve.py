"""`skillc serve`: the service (API, sign-in, OAuth connect, dashboard) on uvicorn."""

from __future__ import annotations

import argparse
from typing import Any

from compiler.cli.common import CliError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "serve",
        help="serve the API, sign-in, OAuth connect and dashboard",
        description="Serve skillc until SIGINT/SIGTERM. Prints one JSON line when listening: "
        '{"base_url", "dashboard_url", "hubspot_base_url"}. Without --hubspot-base-url, an '
        "embedded HubSpot simulator seeded with the bundled sample account is used (shared by "
        "all workers). A real HubSpot app: SKILLC_HUBSPOT_CLIENT_ID / "
        "SKILLC_HUBSPOT_CLIENT_SECRET.",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=_port, default=0, help="0 = any free port (default)")
    p.add_argument(
        "--database-url", metavar="URL", help="the store (default: SQLite in SKILLC_HOME)"
    )
    p.add_argument("--workers", type=int, default=1, metavar="N")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="the origin HubSpot redirects back to (env SKILLC_PUBLIC_URL; default: the bound "
        "address)",
    )
    p.add_argument("--hubspot-base-url", metavar="URL", help="HubSpot API base URL")
    p.add_argument(
        "--hubspot-authorize-url",
        metavar="URL",
        help="the consent page (default: HubSpot's for api.hubapi.com, else "
        "{base}/oauth/authorize)",
    )
    p.add_argument(
        "--hubspot-requests-per-10s",
        type=_positive,
        metavar="N",
        help="requests each HubSpot account allows per 10 seconds, shared by every worker (env "
        "SKILLC_HUBSPOT_REQUESTS_PER_10S; default 100, HubSpot's Free and Starter tiers; 190 on "
        "Professional and Enterprise)",
    )
    p.add_argument(
        "--hubspot-searches-per-second",
        type=_positive,
        metavar="N",
        help="search requests each HubSpot account allows per second (env "
        "SKILLC_HUBSPOT_SEARCHES_PER_SECOND; default 5)",
    )
    p.set_defaults(handler=run)


def _port(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a port (0 to 65535; 0 = any free port)")
    return port


def _positive(raw: str) -> int:
    from compiler.store.rate_budget import parse_limit

    try:
        return parse_limit(raw)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    from compiler.product.secretbox import SecretKeyError
    from compiler.service.serve import ServeError, ServeOptions
    from compiler.service.serve import run as serve
    from compiler.store import StoreError

    try:
        return serve(
            ServeOptions(
                host=args.host,
                port=args.port,
                database_url=args.database_url,
                workers=args.workers,
                public_url=args.public_url,
                hubspot_base_url=args.hubspot_base_url,
                hubspot_authorize_url=args.hubspot_authorize_url,
                hubspot_requests_per_10s=args.hubspot_requests_per_10s,
                hubspot_searches_per_second=args.hubspot_searches_per_second,
            )
        )
    except (ServeError, StoreError, SecretKeyError) as exc:
        raise CliError(str(exc)) from None
