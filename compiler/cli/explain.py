"""``skillc explain AGENT_DIR SKILL [--args JSON] [--dry-run]``: what one call would do."""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys
from pathlib import Path
from typing import Any

from compiler.account import SchemaLoadError, load_schema
from compiler.cli.agentdir import read_agent
from compiler.cli.call import NotJson, _conversation, parse_arguments
from compiler.cli.common import CliError, add_caller_options, print_json
from compiler.explain import Explanation, dry_run, explain
from compiler.resources import samples_dir
from compiler.runtime import Runtime
from compiler.runtime.agent_skills import AgentSkills
from compiler.runtime.artifact import Artifact


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "explain",
        help="show the HTTP requests, rate budget and gating of one skill call",
        description="Show what calling SKILL of AGENT_DIR (published version when there is "
        "one, else the draft) with --args would do: each HTTP request (method, path, body with "
        "the arguments in place), the rate budget it spends, and the verification and gating "
        "that apply. Nothing is sent, unless --dry-run: then the call runs against an "
        "in-process simulated account seeded from the account's schema (--schema, else the "
        "bundled sample the skills were compiled for), confirming a gated skill itself.",
    )
    p.add_argument("agent_dir", metavar="AGENT_DIR")
    p.add_argument("skill", metavar="SKILL")
    p.add_argument("--args", default="{}", help="the skill's arguments as a JSON object")
    p.add_argument("--dry-run", action="store_true", help="run it against a simulated account")
    p.add_argument("--schema", metavar="SCHEMA.json", help="the account schema for --dry-run")
    add_caller_options(p)
    p.add_argument("--conversation", metavar="ID", default="explain", help="conversation id")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=run)


def _simulator_seed(args: argparse.Namespace, artifact: Artifact) -> tuple[Any, Any]:
    """(schema JSON, records or None) for the dry run's simulated account."""
    if args.schema:
        try:
            load_schema(args.schema)  # the same checks and messages as everywhere else
            return json.loads(Path(args.schema).read_text(encoding="utf-8")), None
        except SchemaLoadError as exc:
            raise CliError(f"--schema: {exc}") from None
    wanted = (artifact.model_extra or {}).get("schemaFingerprint")
    for path in sorted(samples_dir().glob("*.schema.json")):
        if load_schema(path).fingerprint == wanted:
            name = path.name.removesuffix(".schema.json")
            records = samples_dir() / f"{name}.records.json"
            return (
                json.loads(path.read_text(encoding="utf-8")),
                json.loads(records.read_text(encoding="utf-8")) if records.is_file() else None,
            )
    raise CliError(
        f"--dry-run: no bundled sample matches the schema skill {artifact.name} was compiled "
        "against; give the account's schema with --schema"
    )


async def _dry_run(
    args: argparse.Namespace, skills: AgentSkills, artifact: Artifact, call_args: dict[str, Any]
) -> list[dict[str, Any]]:
    from compiler.hubspot import HubSpotClient
    from compiler.simulator import BASE_URL, RateLimits, SeedError, Simulator

    schema, records = _simulator_seed(args, artifact)
    try:
        sim = Simulator(schema, records, rate_limits=RateLimits(enabled=False))
    except SeedError as exc:
        raise CliError(f"--dry-run: {exc}") from None
    async with HubSpotClient(BASE_URL, sim.access_token, transport=sim.transport()) as client:
        runtime = Runtime(skills.entries, client, secret=secrets.token_bytes(32))
        results = await dry_run(runtime, args.skill, call_args, _conversation(args))
    return [r.to_json() for r in results]


def describe(found: Explanation) -> str:
    lines = [
        f"{found.skill} ({found.version}): a {found.kind}, {found.operation} on {found.object}"
    ]
    for problem in found.problems:
        lines.append(f"  invalid: {problem.argument or 'arguments'}: {problem.reason}")
    lines.append("requests:")
    for request in found.requests:
        when = "" if request.when == "always" else f"  [{request.when}]"
        lines.append(f"  {request.method} {request.path}{when}")
        if request.body is not None:
            body = json.dumps(request.body, indent=2, ensure_ascii=False)
            lines.extend("    " + line for line in body.splitlines())
    budget = found.budget
    lines.append(
        f"rate budget: {budget['requests']} request(s) at most ({budget['searches']} search, "
        f"{budget['other']} other); {budget['limits']}"
    )
    gating = found.gating
    lines.append(f"gating: {gating['explain']}")
    if gating["prompt"]:
        lines.append(f"  prompt: {gating['prompt']}")
    verification = found.verification
    if verification["required"]:
        who = verification["verified"] or "nobody yet (give --verified)"
        lines.append(f"verification: {verification['rule']}; verified: {who}")
    else:
        lines.append("verification: none needed")
    for slot, value in found.context.items():
        lines.append(f"context: {slot} = {value if value is not None else '(not given)'}")
    for note in found.notes:
        lines.append(f"note: {note}")
    for result in found.dry_run or []:
        lines.append(f"dry run: {result['status']}")
        for key in ("prompt", "reason", "text"):
            if result.get(key):
                lines.append(f"  {key}: {result[key]}")
        for request in result.get("requests") or []:
            outcome = "" if request["outcome"] == "ok" else f" -> {request['outcome']}"
            lines.append(f"  -> {request['method']} {request['path']}{outcome}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    skills, artifacts = read_agent("explain", args.agent_dir)
    artifact = artifacts.get(args.skill)
    if artifact is None:
        known = ", ".join(sorted(artifacts)) or "none"
        raise CliError(f"no skill named {args.skill!r} (installed: {known})", exit_code=1)
    call_args = parse_arguments(args.args)
    if isinstance(call_args, NotJson):
        raise CliError(call_args.reason)
    if not isinstance(call_args, dict):
        raise CliError("--args must be a JSON object")
    runtime = Runtime(skills.entries, client=_NoNetwork())
    found = explain(runtime, args.skill, call_args, _conversation(args), version=skills.version)
    if args.dry_run:
        found.dry_run = asyncio.run(_dry_run(args, skills, artifact, call_args))
    if args.format == "json":
        print_json(found.to_json())
    else:
        sys.stdout.write(describe(found) + "\n")
    return 1 if found.problems else 0


class _NoNetwork:
    """Explaining sends nothing: a request here is a bug, not a call."""

    async def request(
        self, method: str, path: str, *, json: Any = None, idempotent: bool | None = None
    ) -> Any:
        raise AssertionError(f"explain must not send {method} {path}")
