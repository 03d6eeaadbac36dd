"""Helpers shared by the sub-commands: errors that end a command, JSON output, file reading."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compiler.store import Store


class CliError(Exception):
    """Ends a command with a one-line message on stderr and an exit code (2: usage or I/O)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def read_text(path: str) -> str:
    """Read a UTF-8 text file named on the command line ('-' is stdin)."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{path}: is a directory, expected a file") from None
    except UnicodeDecodeError as exc:
        raise CliError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise CliError(f"{path}: cannot read ({exc.strerror})") from None


def add_database_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="the store (default $SKILLC_DATABASE_URL, else SQLite at $SKILLC_HOME/skillc.db; "
        "postgresql://user:password@host/db for PostgreSQL)",
    )


def open_cli_store(args: argparse.Namespace) -> Store:
    """The store named by ``--database-url`` (or the default); a clear error if it cannot open."""
    from compiler.store import StoreError, open_store

    try:
        return open_store(getattr(args, "database_url", None))
    except StoreError as exc:
        raise CliError(f"--database-url: {exc}") from None
