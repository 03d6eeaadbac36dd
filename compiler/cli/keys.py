"""`skillc keys create`: an API key for a user, with scopes (shown once)."""

from __future__ import annotations

import argparse
from typing import Any

from compiler.cli.common import CliError, print_json


def register(subparsers: Any) -> None:
    from compiler.product.accounts import SCOPES

    p = subparsers.add_parser(
        "keys", help="API keys of the service", description="Create API keys for the service."
    )
    sub = p.add_subparsers(dest="keys_command", metavar="SUBCOMMAND", required=True)
    create = sub.add_parser(
        "create",
        help="create an API key (printed once; only its digest is stored)",
        description=f"Scopes: {', '.join(SCOPES)}.",
    )
    create.add_argument("--user", metavar="EMAIL", required=True)
    create.add_argument(
        "--scope", metavar="S", action="append", required=True, help="a scope (repeatable)"
    )
    create.add_argument("--name", metavar="N", help="a name to recognise the key by")
    create.add_argument(
        "--database-url", metavar="URL", help="the store (default: SQLite in SKILLC_HOME)"
    )
    create.add_argument("--format", choices=("text", "json"), default="text")
    create.set_defaults(handler=run_create)


def run_create(args: argparse.Namespace) -> int:
    from compiler.product.accounts import create_key
    from compiler.product.errors import ProductError
    from compiler.store import StoreError, open_store

    try:
        store = open_store(args.database_url)
        key = create_key(store, args.user, args.scope, args.name)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except ProductError as exc:
        raise CliError(exc.message, 1) from None
    if args.format == "json":
        print_json(key.to_json())
    else:
        print(f"key {key.id} ({' '.join(key.scopes)}); shown once:\n{key.key}")
    return 0
