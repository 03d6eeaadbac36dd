"""``skillc validate PACK_DIR``: YAML, models, binding and template syntax, without a schema."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from compiler.cli.common import CliError, print_json
from compiler.diagnostics import render_text
from compiler.packs.load import PackLoadError
from compiler.packs.validate import validate_pack


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check a pack's structure and syntax (no account schema needed)",
        description="Check YAML, fields, binding syntax and templates; for pre-commit and CI.",
    )
    parser.add_argument("pack_dir", metavar="PACK_DIR", help="directory holding pack.yaml")
    parser.add_argument("--bindings", metavar="DIR", help="directory of binding YAML files")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        result = validate_pack(args.pack_dir, bindings_dir=args.bindings)
    except PackLoadError as exc:
        raise CliError(str(exc)) from None
    if args.format == "json":
        print_json(
            {
                "ok": result.ok,
                "skills": result.skills,
                "diagnostics": [d.to_json() for d in result.diagnostics],
            }
        )
    else:
        if result.diagnostics:
            print(render_text(result.diagnostics, "", sources=result.sources), file=sys.stderr)
        if result.ok:
            print(f"{args.pack_dir}: {len(result.skills)} skill(s) OK")
    return 0 if result.ok else 1
