"""``skillc scopes AGENT_DIR [--granted SCOPE ...]``: the scopes the skills need, and the gap."""

from __future__ import annotations

import argparse
from typing import Any

from compiler.account import SchemaLoadError, load_schema
from compiler.cli.agentdir import read_agent
from compiler.cli.common import CliError, print_json
from compiler.scopes import plan_scopes


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "scopes",
        help="the HubSpot scopes an agent's skills need, and which are missing",
        description="The minimal HubSpot OAuth scopes the skills of AGENT_DIR (published "
        "version when there is one, else the draft) need: standard object, custom-object and "
        "sensitive-data scopes, as {required, optional, missing}. `missing` is what --granted "
        "(the connection's scopes) lacks. With --schema, a property the account marks "
        "sensitive makes its sensitive-data scope required; without it those scopes are "
        "optional. Exit 0: nothing missing; 1: some required scope is missing.",
    )
    p.add_argument("agent_dir", metavar="AGENT_DIR")
    p.add_argument(
        "--granted", nargs="*", default=[], metavar="SCOPE", help="scopes the connection has"
    )
    p.add_argument("--schema", metavar="SCHEMA.json", help="the account's discovered schema")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    _, artifacts = read_agent("scopes", args.agent_dir)
    schema = None
    if args.schema:
        try:
            schema = load_schema(args.schema)
        except SchemaLoadError as exc:
            raise CliError(f"--schema: {exc}") from None
    granted = [s for item in args.granted for s in item.replace(",", " ").split()]
    plan = plan_scopes(artifacts, granted=granted, schema=schema)
    if args.format == "json":
        print_json(plan.to_json())
    else:
        for label, scopes in (
            ("required", plan.required),
            ("optional", plan.optional),
            ("missing", plan.missing),
        ):
            print(f"{label}:")
            for scope in scopes:
                print(f"  {scope}  ({', '.join(plan.reasons.get(scope, []))})")
            if not scopes:
                print("  (none)")
    return 1 if plan.missing else 0
