"""`skillc call`: run one installed skill against HubSpot, a HubSpot-compatible server or the
in-process simulator, and print the runtime's result."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from pydantic import ValidationError as PydanticValidationError

from compiler.cli.agentdir import read_agent
from compiler.cli.common import (
    CliError,
    account_budget,
    add_caller_options,
    add_database_url,
    base_url,
    open_cli_store,
    print_json,
    token,
)
from compiler.hubspot import HubSpotClient
from compiler.runtime import Caller, CallResult, Conversation, InvalidArguments
from compiler.runtime.agent_state import AgentStateError, account_of, agent_runtime
from compiler.runtime.results import ArgumentProblem

DEFAULT_SAMPLE = "harbor_vet"


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "call",
        help="call an installed skill of an agent and print the result",
        description="Run one skill of AGENT_DIR (installed artifacts in AGENT_DIR/draft/skills) "
        "against a HubSpot-compatible server (--base-url, with --token or $HUBSPOT_TOKEN) or the "
        "in-process simulator "
        "(--sample, default harbor_vet; a fresh copy on each invocation, so its writes do not "
        "persist: serve one with `skillc simulate` for that). A gated skill first answers "
        "needs_confirmation with a "
        "token; call again with --confirm TOKEN (and the same --conversation) to run it. "
        "Exit 0: ok or needs_confirmation; 1: the call was refused or failed; 2: usage error.",
    )
    p.add_argument("agent_dir", metavar="AGENT_DIR")
    p.add_argument("skill", metavar="SKILL")
    p.add_argument("--args", default="{}", help="the skill's arguments as a JSON object")
    add_caller_options(p)
    p.add_argument("--confirm", metavar="TOKEN", help="the token of a needs_confirmation result")
    p.add_argument("--conversation", metavar="ID", default="cli", help="conversation id")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--base-url", metavar="URL", help="HubSpot-compatible server")
    p.add_argument(
        "--token", metavar="T", help="access token for --base-url (default: $HUBSPOT_TOKEN)"
    )
    p.add_argument("--sample", metavar="NAME", help=f"simulated account (default {DEFAULT_SAMPLE})")
    add_database_url(p)
    p.set_defaults(handler=run)


class NotJson:
    """``--args`` that is not JSON: the skill answers invalid_arguments, like any bad value."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def parse_arguments(text: str) -> Any:
    """The decoded ``--args`` (any JSON value: the runtime explains a non-object), or NotJson."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        return NotJson(
            f"--args is not JSON ({exc.msg} at column {exc.colno}); "
            'give a JSON object, e.g. \'{"subject": "..."}\''
        )
    except RecursionError:
        return NotJson("--args is nested too deeply")
    except ValueError as exc:
        if "digits" in str(exc):  # Python reads integers of at most 4,300 digits
            return NotJson("--args holds a number with too many digits")
        return NotJson(f"--args cannot be read ({str(exc)[:120]})")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _client(args: argparse.Namespace, store: Any) -> HubSpotClient:
    if args.base_url or args.token:
        if not args.base_url:
            raise CliError("--token goes with --base-url (without it, the simulator is used)")
        if args.sample:
            raise CliError("give either --sample or --base-url, not both")
        client = HubSpotClient(base_url(args.base_url), token(args.token))
        account = account_of(args.agent_dir)
        if account is not None:
            # Every process calling this HubSpot account shares one request budget.
            client.rate_limiter = account_budget(store, account)
        return client
    from compiler.simulator import BASE_URL, SeedError, Simulator

    try:
        sim = Simulator.from_sample(args.sample or DEFAULT_SAMPLE)
    except (SeedError, OSError) as exc:
        raise CliError(f"--sample: {exc}") from None
    return HubSpotClient(BASE_URL, sim.access_token, transport=sim.transport())


def _conversation(args: argparse.Namespace) -> Conversation:
    try:
        return Conversation(
            id=args.conversation,
            caller=Caller(
                phone=args.caller_phone, email=args.caller_email, contact_id=args.caller_contact_id
            ),
            verified_identity=args.verified,
        )
    except PydanticValidationError as exc:
        first = exc.errors()[0]
        where = {"id": "--conversation"}.get(str(first["loc"][0]), str(first["loc"][0]))
        raise CliError(f"{where}: {first['msg']}") from None


async def call_skill(args: argparse.Namespace, call_args: Any) -> CallResult:
    conversation = _conversation(args)
    store = open_cli_store(args)
    async with _client(args, store) as client:
        skills, _ = read_agent("call", args.agent_dir)
        try:
            runtime = agent_runtime(
                args.agent_dir, client, skills=skills, store=store, throwaway_crm=not args.base_url
            )
        except AgentStateError as exc:
            raise CliError(str(exc)) from None
        if isinstance(call_args, NotJson) and args.skill in runtime.skills:
            problem = ArgumentProblem(argument=None, reason=call_args.reason)
            return InvalidArguments(skill=args.skill, problems=[problem])
        if isinstance(call_args, NotJson):
            call_args = {}  # an unknown or refused skill: that is the answer to give
        return await runtime.call(args.skill, call_args, conversation, confirmation=args.confirm)


_CONTEXT_OPTIONS = {
    "caller.phone": "--caller-phone",
    "caller.contact_id": "--caller-contact-id",
    "caller.email": "--caller-email",
}


def describe(result: CallResult) -> str:
    """A few readable lines about a result (the JSON form has everything)."""
    lines = [f"{result.skill}: {result.status}"]
    data = result.to_json()
    for key in ("reason", "prompt", "text"):
        if data.get(key):
            lines.append(f"  {key}: {data[key]}")
    for problem in data.get("problems") or []:
        lines.append(f"  {problem['argument'] or 'arguments'}: {problem['reason']}")
    if data.get("token"):
        lines.append(f"  confirm with: --confirm {data['token']}")
    if data.get("code") == "missing_context":
        option = next((o for slot, o in _CONTEXT_OPTIONS.items() if slot in data["reason"]), None)
        if option:
            lines.append(f"  hint: give the caller's details with {option}")
    record = data.get("record")
    if record:
        props = ", ".join(f"{k}={v}" for k, v in record["properties"].items() if v is not None)
        lines.append(f"  {record['object']} {record['id']}: {props}")
    for record in data.get("records") or []:
        props = ", ".join(f"{k}={v}" for k, v in record["properties"].items() if v is not None)
        lines.append(f"  {record['object']} {record['id']}: {props}")
    for request in result.requests:
        lines.append(f"  -> {request}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    call_args = parse_arguments(args.args)
    result = asyncio.run(call_skill(args, call_args))
    if args.format == "json":
        print_json(result.to_json())
    else:
        sys.stdout.write(describe(result) + "\n")
    return 0 if result.status in ("ok", "needs_confirmation") else 1
