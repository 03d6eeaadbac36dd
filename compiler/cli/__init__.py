"""The ``skillc`` command line: a thin shell over library calls.

Every sub-command lives in its own module of this package and exposes ``register(subparsers)``,
which adds its parser and sets ``handler`` to a function ``(args) -> int``. Exit codes: 0 success,
1 the input was checked and found wrong, 2 usage or I/O errors.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from compiler import __version__
from compiler.cli.common import CliError

# Sub-command modules, in the order they appear in --help.
_COMMANDS = (
    "check",
    "compile",
    "validate",
    "install",
    "discover",
    "schema",
    "simulate",
    "call",
    "scrub",
    "writeback",
    "demo",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="skillc",
        description="Compile CRM Connector Packs and bindings into per-account agent skills.",
    )
    parser.add_argument("--version", action="version", version=f"skillc {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMANDS:
        try:
            module = importlib.import_module(f"compiler.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"compiler.cli.{name}":
                continue  # command not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = handler(args)
    except CliError as exc:
        print(f"skillc {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"skillc {args.command}: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
