"""``skillc scrub``: remove card and ID numbers from text on stdin, write it to stdout."""

from __future__ import annotations

import argparse
import sys

from compiler.cli.common import CliError
from compiler.scrub import scrub_text
from compiler.scrub.records import scrub_record_conversation, scrub_record_lines


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "scrub",
        help="remove payment card and ID numbers from text (stdin to stdout)",
        description=(
            "Read text on stdin and write it to stdout with card numbers, CVVs, card expiries, "
            "SSNs, national/passport/licence/tax numbers, IBANs and bank account numbers "
            "replaced by markers such as [card number removed]. Ordinary numbers stay."
        ),
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help='read JSON Lines records {"text": ...} and scrub each text, keeping other keys',
    )
    parser.add_argument(
        "--conversation",
        action="store_true",
        help=(
            "with --jsonl: the records are the turns of one conversation, in order (their "
            '"speaker" kept), so a number split over two messages or read back is caught'
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.conversation and not args.jsonl:
        raise CliError("--conversation needs --jsonl")
    if args.jsonl:
        return _run_jsonl(conversation=args.conversation)
    try:
        text = sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CliError(f"stdin: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    sys.stdout.write(scrub_text(text))
    sys.stdout.flush()
    return 0


def _run_jsonl(*, conversation: bool) -> int:
    failed = False
    lines = sys.stdin.buffer
    results = scrub_record_conversation(lines) if conversation else scrub_record_lines(lines)
    for result in results:
        if result.error is not None:
            failed = True
            print(f"skillc scrub: line {result.number}: {result.error}", file=sys.stderr)
        else:
            sys.stdout.write(f"{result.output}\n")
    sys.stdout.flush()
    return 1 if failed else 0
