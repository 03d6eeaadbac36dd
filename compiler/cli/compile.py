"""``skillc compile PACK_DIR --schema SCHEMA.json --out DIR``: one artifact per skill + manifest."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from compiler.cli.common import CliError, load_schema_file, print_json
from compiler.diagnostics import render_text, sort_key
from compiler.packs.compile import CompileResult, compile_pack, write_result
from compiler.packs.emit import OutputDirError
from compiler.packs.load import PackLoadError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "compile",
        help="compile a Connector Pack for one account into skill artifacts",
        description=(
            "Compile every skill of PACK_DIR (and of --bindings) against one account's "
            "discovered schema. Any error exits 1 and leaves --out untouched, unless --partial."
        ),
    )
    parser.add_argument("pack_dir", metavar="PACK_DIR", help="directory holding pack.yaml")
    parser.add_argument("--schema", required=True, metavar="SCHEMA.json", help="discovered schema")
    parser.add_argument("--out", required=True, metavar="DIR", help="output directory (replaced)")
    parser.add_argument("--bindings", metavar="DIR", help="directory of binding YAML files")
    parser.add_argument(
        "--partial",
        action="store_true",
        help="write the skills that compiled even when others failed (manifest lists the rest)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def _load(args: argparse.Namespace) -> CompileResult:
    schema = load_schema_file(args.schema)
    try:
        return compile_pack(args.pack_dir, schema, bindings_dir=args.bindings)
    except PackLoadError as exc:
        raise CliError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    result = _load(args)
    diagnostics = sorted(result.diagnostics, key=sort_key)
    try:
        writable = write_result(result, args.out, partial=args.partial)
    except OutputDirError as exc:
        raise CliError(str(exc)) from None
    if args.format == "json":
        print_json(
            {
                "ok": result.ok,
                "written": bool(writable),
                "out": args.out,
                "account": result.account,
                "schemaFingerprint": result.fingerprint,
                "skills": [
                    {"name": n, "file": f"{n}.json", "digest": a["digest"]}
                    for n, a in result.artifacts.items()
                ],
                "failed": sorted(result.failed),
                "diagnostics": [d.to_json() for d in diagnostics],
            }
        )
    else:
        if diagnostics:
            print(render_text(diagnostics, "", sources=result.sources), file=sys.stderr)
        label = f"{result.account['label']} [{result.account['id']}]"
        if writable:
            extra = f"; left out: {', '.join(sorted(result.failed))}" if result.failed else ""
            print(f"compiled {len(result.artifacts)} skill(s) for {label} into {args.out}{extra}")
        else:
            errors = sum(1 for d in diagnostics if d.severity == "error")
            print(
                f"not written: {errors} error(s); {args.out} left untouched "
                "(use --partial to write the skills that compiled)",
                file=sys.stderr,
            )
    return 0 if writable else 1
