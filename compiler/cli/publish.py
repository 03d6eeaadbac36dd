"""`skillc publish AGENT_DIR`: snapshot the agent's draft as its next immutable version."""

from __future__ import annotations

import argparse
from typing import Any

from compiler.cli.common import CliError, print_json


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "publish",
        help="publish an agent directory's draft as a new version",
        description="Snapshot AGENT_DIR/draft into AGENT_DIR/versions/N (never changed again). "
        "`skillc call` then uses the latest published version.",
    )
    p.add_argument("agent_dir", metavar="AGENT_DIR")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from compiler.agents.files import AgentDirError, FileAgent
    from compiler.agents.interface import PublishRefused, publish

    if not Path(args.agent_dir).is_dir():
        raise CliError(f"{args.agent_dir}: no such agent directory")
    try:
        version = publish(FileAgent(args.agent_dir))
    except PublishRefused as exc:
        raise CliError(str(exc), 1) from None
    except (AgentDirError, OSError) as exc:
        raise CliError(str(exc)) from None
    if args.format == "json":
        print_json(version.to_json())
    else:
        print(
            f"published version {version.version} of {args.agent_dir}: {', '.join(version.skills)}"
        )
    return 0
