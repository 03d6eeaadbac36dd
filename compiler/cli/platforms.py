"""`skillc platforms set PLATFORM --agent ID --secret-stdin`: the credential a voice platform
presents for an agent (Retell: the API key that signs its webhooks; Vapi: the server secret)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from compiler.cli.common import CliError, print_json


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "platforms",
        help="voice-platform credentials of the service's agents",
        description="Set the secret a voice platform presents when it calls an agent's webhooks.",
    )
    sub = p.add_subparsers(dest="platforms_command", metavar="SUBCOMMAND", required=True)
    put = sub.add_parser(
        "set",
        help="set a platform's secret for an agent (stored encrypted)",
        description="retell: the Retell API key (with the webhook badge) that signs "
        "X-Retell-Signature; vapi: the secret Vapi sends as Authorization: Bearer or "
        "X-Vapi-Secret (and --assistant-id, the assistant an assistant-request answers with). "
        "The secret is read from stdin, so it stays out of shell history and process lists.",
    )
    put.add_argument("platform", metavar="PLATFORM", choices=("retell", "vapi"))
    put.add_argument("--agent", metavar="ID", required=True, help="the agent's id")
    put.add_argument(
        "--secret-stdin", action="store_true", required=True, help="read the secret from stdin"
    )
    put.add_argument("--assistant-id", metavar="ID", help="Vapi: the assistant to answer with")
    put.add_argument(
        "--database-url", metavar="URL", help="the store (default: SQLite in SKILLC_HOME)"
    )
    put.add_argument("--format", choices=("text", "json"), default="text")
    put.set_defaults(handler=run_set)


def run_set(args: argparse.Namespace) -> int:
    from compiler.product.errors import ProductError
    from compiler.product.platforms import set_secret
    from compiler.product.secretbox import SecretKeyError
    from compiler.store import StoreError, open_store

    secret = sys.stdin.readline().strip()
    if not secret:
        raise CliError("no secret on stdin (pipe it in: ... --secret-stdin < secret.txt)")
    try:
        store = open_store(args.database_url)
        done = set_secret(store, args.agent, args.platform, secret, args.assistant_id)
    except (StoreError, SecretKeyError) as exc:
        raise CliError(str(exc)) from None
    except ProductError as exc:
        raise CliError(exc.message, 1) from None
    if args.format == "json":
        print_json(done)
    else:
        print(f"{args.platform} secret set for agent {args.agent}")
    return 0
