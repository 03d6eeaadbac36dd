"""``skillc drift AGENT_DIR --schema NEW.json``: which skills a schema change breaks."""

from __future__ import annotations

import argparse
from typing import Any

from compiler.account import SchemaLoadError, load_schema
from compiler.cli.agentdir import read_agent
from compiler.cli.common import CliError, print_json
from compiler.drift import DriftReport, drift


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "drift",
        help="re-check an agent's skills against a fresh account schema",
        description="Re-check every skill of AGENT_DIR (published version when there is one, "
        "else the draft) against a freshly discovered schema (`skillc discover`) and report "
        "each as ok, stale (still compiles, its plan would change) or broken (a property "
        "deleted or made read-only, an option value gone, a stage moved to another pipeline, "
        "an association type removed), with the reason and the binding's position. "
        "Exit 0: all ok; 1: any stale or broken; 2: usage error.",
    )
    p.add_argument("agent_dir", metavar="AGENT_DIR")
    p.add_argument("--schema", required=True, metavar="NEW.json", help="discovered schema JSON")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=run)


def describe(report: DriftReport) -> str:
    lines = []
    for skill in report.skills:
        source = skill.source or {}
        where = f"{source.get('file')}:{source.get('line')}:{source.get('col')}" if source else ""
        lines.append(f"{skill.status:7} {skill.skill}" + (f"  ({where})" if where else ""))
        for finding in skill.findings:
            lines.append(f"  {finding.status}: {finding.reason} [{finding.at}]")
    counts = {s: sum(1 for k in report.skills if k.status == s) for s in ("ok", "stale", "broken")}
    lines.append(
        f"{len(report.skills)} skills of the {report.version}: {counts['ok']} ok, "
        f"{counts['stale']} stale, {counts['broken']} broken"
    )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    skills, artifacts = read_agent("drift", args.agent_dir)
    try:
        schema = load_schema(args.schema)
    except SchemaLoadError as exc:
        raise CliError(f"--schema: {exc}") from None
    report = drift(artifacts, schema, version=skills.version)
    if args.format == "json":
        print_json(report.to_json())
    else:
        print(describe(report))
    return 0 if report.status == "ok" else 1
