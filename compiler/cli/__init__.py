"""The ``skillc`` command line: a thin shell over library calls.

Every sub-command lives in its own module of this package and exposes ``register(subparsers)``,
which adds its parser and sets ``handler`` to a function ``(args) -> int``. Exit codes: 0 success,
1 the input was checked and found wrong, 2 usage or I/O errors.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from compiler import __version__
from compiler.cli.common import CliError

# Sub-command modules and their one-line help, in the order they appear in --help. Only the
# module of the command being run is imported: the others pull in servers, HTTP clients and
# parsers that a single command does not need, and start-up time matters for a CLI.
_COMMANDS = {
    "check": "check a binding against an account schema and print its compiled plan",
    "author": "turn a plain-language goal into a binding checked against an account schema",
    "compile": "compile a Connector Pack for one account into skill artifacts",
    "validate": "check a pack's structure and syntax (no account schema needed)",
    "install": "install compiled skills into an agent's draft (idempotent)",
    "publish": "publish an agent directory's draft as a new version",
    "discover": "discover a HubSpot account's objects, properties, pipelines and associations",
    "schema": "browse and search a discovered account schema",
    "simulate": "serve a simulated HubSpot account on loopback",
    "call": "call an installed skill of an agent and print the result",
    "mcp": "serve an agent's skills as MCP tools over stdio",
    "export": "print an agent's skills as OpenAI, Anthropic or MCP tool definitions",
    "drift": "re-check an agent's skills against a fresh account schema",
    "scopes": "the HubSpot scopes an agent's skills need, and which are missing",
    "explain": "show the HTTP requests, rate budget and gating of one skill call",
    "scrub": "remove payment card and ID numbers from text (stdin to stdout)",
    "writeback": "interaction logging: settings, enqueue a conversation, deliver to HubSpot",
    "serve": "serve the API, sign-in, OAuth connect and dashboard",
    "users": "people who sign in to the service",
    "keys": "API keys of the service",
    "platforms": "voice-platform credentials of the service's agents",
    "demo": "run the whole pipeline on a simulated HubSpot account and a scripted call",
}


def _chosen_command(argv: Sequence[str]) -> str | None:
    return next((a for a in argv if not a.startswith("-")), None)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``command``, that sub-command's full parser (the rest are listed only).

    ``command=None`` builds every sub-command in full (used by tests and documentation).
    """
    parser = argparse.ArgumentParser(
        prog="skillc",
        description="Compile CRM Connector Packs and bindings into per-account agent skills.",
    )
    parser.add_argument("--version", action="version", version=f"skillc {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in _COMMANDS.items():
        if command is None or name == command:
            importlib.import_module(f"compiler.cli.{name}").register(subparsers)
        else:
            subparsers.add_parser(name, help=help_text)
    return parser


def _tolerant_output() -> None:
    """Write what cannot be encoded as an escape instead of failing mid-output.

    Text from the command line or stdin can hold lone surrogates (bytes that were not UTF-8),
    and stdout may be ASCII-only (``LANG=C``); echoing such text in a message must not turn a
    clear error into a traceback. In JSON output the escape (``\\ud800``) is JSON's own.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_output()
    args_list = list(sys.argv[1:] if argv is None else argv)
    chosen = _chosen_command(args_list)
    parser = build_parser(chosen if chosen in _COMMANDS else "")
    args = parser.parse_args(args_list)
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
    except BrokenPipeError:
        # The reader went away (`skillc ... | head`): stop quietly, as other tools do. Point
        # stdout at /dev/null so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
