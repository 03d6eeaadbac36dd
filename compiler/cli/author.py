"""`skillc author`: turn a plain-language goal into a checked binding (offline by default)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from compiler.account import SchemaLoadError, load_schema
from compiler.cli.common import CliError, print_json


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "author",
        help="turn a plain-language goal into a binding checked against an account schema",
        description="Describe what a skill should do; get a restSearch/restWrite binding the "
        "checker accepts, with its compiled plan and a plain explanation. Offline by default; "
        "SKILLC_AUTHOR_MODEL=openai:MODEL|anthropic:MODEL uses a model instead. "
        "Exit 0: authored; 1: the goal is ambiguous or impossible for this account; "
        "2: usage or I/O error.",
    )
    p.add_argument(
        "goal",
        metavar="GOAL",
        help='what the skill should do, e.g. "find the caller\'s open tickets"',
    )
    p.add_argument("--schema", required=True, help="discovered schema JSON of the account")
    p.add_argument("--object", help="the object the goal is about (name, label or type id)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--region", help="default phone region (defaults to the account's)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from compiler.authoring import author
    from compiler.authoring.llm import ModelConfigError, model_from_env

    try:
        schema = load_schema(args.schema)
    except SchemaLoadError as exc:
        raise CliError(str(exc)) from None
    try:
        model = model_from_env()
    except ModelConfigError as exc:
        raise CliError(str(exc)) from None
    result = author(args.goal, schema, args.object, region=args.region, model=model)
    if args.format == "json":
        print_json(result.to_json())
    elif result.ok:
        print(result.binding)
        print(f"# {result.explanation}")
        print(f"# confidence {result.confidence}")
        for alt in result.alternatives:
            print(f"# alternative: {alt.binding}")
    elif result.question is not None:
        print(result.question, file=sys.stderr)
        for c in result.candidates:
            print(f"  - {c.label}" + (f": {c.binding}" if c.binding else ""), file=sys.stderr)
    else:
        for e in result.errors:
            hint = f" ({e['hint']})" if e.get("hint") else ""
            print(f"skillc author: {e['code']}: {e['message']}{hint}", file=sys.stderr)
    return 0 if result.ok else 1
