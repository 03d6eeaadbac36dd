"""Helpers shared by the sub-commands: errors that end a command, JSON output, file reading."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from compiler.account.model import AccountSchema
    from compiler.store import Store
    from compiler.store.rate_budget import SharedRateBudget


class CliError(Exception):
    """Ends a command with a one-line message on stderr and an exit code (2: usage or I/O)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n")


def read_text(path: str) -> str:
    """Read a UTF-8 text file named on the command line ('-' is stdin).

    A byte-order mark at the start is dropped: editors on Windows write one, and it is never
    part of the content (left in, it becomes an invisible syntax error on the first line).
    """
    if path == "-":
        # Bytes, decoded as UTF-8 like a file: the locale's encoding (ASCII under LANG=C) is
        # not the file format's. A stream without bytes (a test's StringIO) is read as text.
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:
            return sys.stdin.read().removeprefix("\ufeff")
        try:
            return buffer.read().decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise CliError(f"stdin: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return Path(path).read_text(encoding="utf-8").removeprefix("\ufeff")
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{path}: is a directory, expected a file") from None
    except UnicodeDecodeError as exc:
        raise CliError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise CliError(f"{path}: cannot read ({exc.strerror})") from None


def lone_surrogate(text: str) -> int | None:
    """The 1-based column of the first lone surrogate in ``text``, or None.

    A lone surrogate is not a character and cannot be written as UTF-8: it is how Python keeps
    an argument's bytes that were not UTF-8, or what a JSON escape of half a pair decodes to.
    """
    for index, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            return index + 1
    return None


def utf8_text(value: str, option: str) -> str:
    """``value`` when it is text that can be stored and sent (UTF-8), else a CliError."""
    column = lone_surrogate(value)
    if column is not None:
        raise CliError(f"{option}: not UTF-8 text (an undecodable byte at character {column})")
    return value


def base_url(value: str, option: str = "--base-url") -> str:
    """A usable http(s) base URL, or a CliError that shows it without its ``user:password@``."""
    import httpx

    from compiler.hubspot.urls import redact_url

    shown = redact_url(value)
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, ValueError) as exc:
        reason = redact_url(str(exc)).replace(value, shown)
        raise CliError(f"{option} {shown!r}: not a URL ({reason})") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise CliError(
            f"{option} {shown!r}: expected http(s)://host[:port], e.g. https://api.hubapi.com "
            "or the base_url `skillc simulate` prints"
        )
    return value


def token(value: str | None, env: str = "HUBSPOT_TOKEN", option: str = "--token") -> str:
    """The token from ``option`` or else ``$env``; refused (never shown) when it cannot be sent.

    An HTTP header carries ASCII only: a token with other characters is a paste gone wrong, and
    sending it would fail deep inside the HTTP library.
    """
    import os

    source, found = (option, value) if value else (f"${env}", os.environ.get(env, ""))
    if not found:
        raise CliError(f"no token: pass {option} T or set ${env}")
    if not found.isascii() or not found.isprintable() or any(c.isspace() for c in found):
        raise CliError(
            f"{source}: not a HubSpot token (a token is printable ASCII without spaces; "
            "check for a pasted quote, space or line break)"
        )
    return found


def region(value: str, option: str = "--region") -> str:
    """An upper-cased phone region that phonenumbers knows (``US``, ``GB``...), or a CliError."""
    import phonenumbers

    code = value.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise CliError(
            f"{option} {value!r}: not a phone region; give a two-letter country code such as "
            "US, GB or DE"
        )
    return code


def load_schema_file(path: str) -> AccountSchema:
    """A discovered schema named on the command line: I/O problems exit 2, a malformed schema 1
    (the input was read, checked and found wrong)."""
    from compiler.account import SchemaLoadError
    from compiler.account.load import parse_schema_text

    text = read_text(path)
    try:
        return parse_schema_text(text, source=path)
    except SchemaLoadError as exc:
        raise CliError(str(exc), exit_code=1) from None


def add_caller_options(parser: argparse.ArgumentParser) -> None:
    """The conversation's caller, as the telephony layer knows it (never the model's arguments):
    the same options for `call`, `mcp` and `explain`."""
    parser.add_argument("--caller-phone", metavar="N", help="the caller's phone number")
    parser.add_argument("--caller-email", metavar="E", help="the caller's email address")
    parser.add_argument(
        "--caller-contact-id", metavar="ID", help="the recognised caller's contact id"
    )
    parser.add_argument("--verified", metavar="CONTACT_ID", help="the verified caller's contact id")


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


def account_limits() -> tuple[int, int]:
    """HubSpot's limits for every account this installation calls (see
    ``compiler.store.rate_budget.configured_limits``); a bad value is a usage error."""
    from compiler.store.rate_budget import configured_limits

    try:
        return configured_limits()
    except ValueError as exc:
        raise CliError(str(exc)) from None


def account_budget(store: Store, account: str) -> SharedRateBudget:
    """The HubSpot account's request budget shared by every process."""
    from compiler.store.rate_budget import budget_for

    account_limits()
    return budget_for(store, account)
