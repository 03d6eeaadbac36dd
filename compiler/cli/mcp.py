"""``skillc mcp AGENT_DIR``: serve the agent's skills as MCP tools over stdio."""

from __future__ import annotations

import argparse
import asyncio
import secrets
from typing import Any

from compiler.cli.agentdir import read_agent
from compiler.cli.call import DEFAULT_SAMPLE, _client, _conversation
from compiler.cli.common import CliError, add_caller_options, add_database_url, open_cli_store
from compiler.mcp import build_server, fixed_conversation
from compiler.product.conversations import ConversationCalls, SessionMemory
from compiler.runtime.agent_skills import AgentSkills
from compiler.runtime.agent_state import AgentStateError, agent_runtime
from compiler.runtime.artifact import Artifact
from compiler.tooldefs import ToolDefinitionError, tool_definitions


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "mcp",
        help="serve an agent's skills as MCP tools over stdio",
        description="Serve the skills of AGENT_DIR (its published version when there is one, "
        "else the draft) as tools of an MCP server on stdin/stdout, against a HubSpot-compatible "
        f"server (--base-url, --token) or the in-process simulator (--sample, default "
        f"{DEFAULT_SAMPLE}). The caller is given here, never by the model: --caller-phone, "
        "--verified, --conversation. A gated tool first answers needs_confirmation with a "
        "prompt and a token; the second call passes the token as its `confirmation` argument.",
    )
    p.add_argument("agent_dir", metavar="AGENT_DIR")
    add_caller_options(p)
    p.add_argument(
        "--conversation",
        metavar="ID",
        help="conversation id (default: a new one for this server process)",
    )
    p.add_argument("--base-url", metavar="URL", help="HubSpot-compatible server")
    p.add_argument(
        "--token", metavar="T", help="access token for --base-url (default: $HUBSPOT_TOKEN)"
    )
    p.add_argument("--sample", metavar="NAME", help=f"simulated account (default {DEFAULT_SAMPLE})")
    add_database_url(p)
    p.set_defaults(handler=run)


async def serve(
    args: argparse.Namespace, skills: AgentSkills, artifacts: dict[str, Artifact]
) -> None:
    conversation = _conversation(args)
    try:
        tools = tool_definitions(artifacts)
    except ToolDefinitionError as exc:
        raise CliError(str(exc)) from None
    store = open_cli_store(args)
    async with _client(args, store) as client:
        try:
            runtime = agent_runtime(
                args.agent_dir, client, skills=skills, store=store, throwaway_crm=not args.base_url
            )
        except AgentStateError as exc:
            raise CliError(str(exc)) from None
        # As over HTTP: a caller recognised during the call is known to its next skills.
        runner = ConversationCalls(runtime, SessionMemory())
        server = build_server(runner, tools, fixed_conversation(conversation))
        await server.run_stdio_async()


def run(args: argparse.Namespace) -> int:
    if args.conversation is None:
        args.conversation = f"mcp-{secrets.token_hex(8)}"
    skills, artifacts = read_agent("mcp", args.agent_dir)
    asyncio.run(serve(args, skills, artifacts))
    return 0
