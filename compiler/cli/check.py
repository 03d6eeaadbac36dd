"""`skillc check`: compile bindings against a discovered schema and print the plan or errors."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from compiler.account.model import AccountSchema
from compiler.binding import BindingResult, compile_binding
from compiler.cli.common import (
    CliError,
    load_schema_file,
    lone_surrogate,
    print_json,
    read_text,
    region,
    utf8_text,
)
from compiler.diagnostics import Diagnostic, render_text


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "check",
        help="check a binding against an account schema and print its compiled plan",
        description="Compile a restSearch/restWrite binding against a discovered schema. "
        "Exit 0: compiled; 1: the binding (or the schema) has errors; 2: usage or I/O error.",
    )
    p.add_argument("binding", nargs="?", help="the binding text (omit with --batch)")
    p.add_argument("--schema", required=True, help="discovered schema JSON of the account")
    p.add_argument("--batch", metavar="FILE", help="one binding per line ('-' for stdin)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--region", help="default phone region (defaults to the account's)")
    p.set_defaults(handler=run)


def result_json(result: BindingResult) -> dict[str, Any]:
    if result.ok and result.plan is not None:
        return {"ok": True, **result.plan.to_json()}
    return {"ok": False, "errors": [d.to_json() for d in result.diagnostics]}


def _bad_line(message: str) -> BindingResult:
    return BindingResult(None, (Diagnostic("bad-batch-line", message, 1, 1, 1, 2),))


def _decode_line(raw: str) -> str | BindingResult:
    if not raw.startswith('"'):
        return _no_surrogate(raw)
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        return _bad_line(f"a line starting with '\"' must be a JSON string: {exc.msg}")
    if not isinstance(value, str):
        return _bad_line("a line starting with '\"' must be a single JSON string")
    return _no_surrogate(value)


def _no_surrogate(text: str) -> str | BindingResult:
    column = lone_surrogate(text)
    if column is None:
        return text
    return _bad_line(
        f"the line holds a lone surrogate (U+{ord(text[column - 1]):04X}) at character "
        f"{column}: not a character (a byte that is not UTF-8, or half of a \\u escape pair)"
    )


def run(args: argparse.Namespace) -> int:
    if (args.binding is None) == (args.batch is None):
        raise CliError("give either a BINDING argument or --batch FILE")
    if args.region is not None:
        args.region = region(args.region)
    if args.binding is not None:
        utf8_text(args.binding, "BINDING")
    schema = load_schema_file(args.schema)
    if args.batch is None:
        return _single(args, schema, args.binding)
    return _batch(args, schema, read_text(args.batch))


def _single(args: argparse.Namespace, schema: AccountSchema, text: str) -> int:
    result = compile_binding(text, schema, default_region=args.region)
    if args.format == "json" or result.ok:
        print_json(result_json(result))
    else:
        print(render_text(result.diagnostics, text, name="<input>"), file=sys.stderr)
    return 0 if result.ok else 1


def _batch(args: argparse.Namespace, schema: AccountSchema, content: str) -> int:
    failed = False
    for lineno, raw in enumerate(content.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        decoded = _decode_line(stripped)
        if isinstance(decoded, BindingResult):
            result, text = decoded, stripped
        else:
            text = decoded
            result = compile_binding(text, schema, default_region=args.region)
        failed = failed or not result.ok
        if args.format == "json":
            sys.stdout.write(json.dumps(result_json(result), ensure_ascii=False) + "\n")
        elif result.ok and result.plan is not None:
            plan = result.plan
            print(f"{args.batch}:{lineno}: ok: {plan.kind} {plan.object_name}")
        else:
            print(render_text(result.diagnostics, text, name=f"{args.batch}:{lineno}"))
    return 1 if failed else 0
