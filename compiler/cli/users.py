"""`skillc users add`: a person who signs in to the dashboard (password read from stdin)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from compiler.cli.common import CliError, print_json


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "users",
        help="people who sign in to the service",
        description="Add a user of the service. A new --workspace name creates that workspace; "
        "without it the user joins the first workspace (created when there is none).",
    )
    sub = p.add_subparsers(dest="users_command", metavar="SUBCOMMAND", required=True)
    add = sub.add_parser("add", help="add a user (the password is read from stdin)")
    add.add_argument("email", metavar="EMAIL")
    add.add_argument(
        "--password-stdin", action="store_true", required=True, help="read the password from stdin"
    )
    add.add_argument("--workspace", metavar="NAME", help="workspace name (created when new)")
    add.add_argument(
        "--database-url", metavar="URL", help="the store (default: SQLite in SKILLC_HOME)"
    )
    add.add_argument("--format", choices=("text", "json"), default="text")
    add.set_defaults(handler=run_add)


def run_add(args: argparse.Namespace) -> int:
    from compiler.product.accounts import add_user
    from compiler.product.errors import ProductError
    from compiler.store import StoreError, open_store

    password = sys.stdin.readline().rstrip("\r\n")
    try:
        store = open_store(args.database_url)
        user = add_user(store, args.email, password, args.workspace)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except ProductError as exc:
        raise CliError(exc.message, 1) from None
    if args.format == "json":
        print_json({"id": user.id, "email": user.email, "workspace": user.workspace})
    else:
        made = " (new workspace)" if user.created_workspace else ""
        print(f"added {user.email} to workspace {user.workspace}{made}")
    return 0
