"""``skillc install OUT_DIR --agent AGENT_DIR``: put compiled skills into the agent's draft."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from compiler.cli.common import CliError, print_json
from compiler.packs.install import FileAgentStore, InstallError, install


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "install",
        help="install compiled skills into an agent's draft (idempotent)",
        description=(
            "Verify every artifact of OUT_DIR (digest and schema) and install it into "
            "AGENT_DIR/draft/skills. Unchanged skills are skipped (created: false)."
        ),
    )
    parser.add_argument("out_dir", metavar="OUT_DIR", help="a `skillc compile` output directory")
    parser.add_argument("--agent", required=True, metavar="AGENT_DIR", help="agent directory")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    store = FileAgentStore(args.agent)
    try:
        outcomes = install(args.out_dir, store)
    except InstallError as exc:
        if args.format == "json":
            print_json({"ok": False, "error": str(exc), "problems": exc.problems})
        else:
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
        if not exc.problems:
            raise CliError(str(exc)) from None
        print(f"skillc install: error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        raise CliError(f"{args.agent}: cannot write the draft ({exc.strerror})") from None
    if args.format == "json":
        print_json(
            {
                "ok": True,
                "agent": args.agent,
                "skills": [o.to_json() for o in outcomes],
                "leftOut": outcomes.left_out,
            }
        )
    else:
        for o in outcomes:
            state = "created" if o.created else "updated" if o.updated else "unchanged"
            print(f"{state:9}  {o.name}  {o.digest[:19]}")
        for name in outcomes.left_out:
            print(f"{'left out':9}  {name}  (it failed to compile: this output is --partial)")
    return 0
