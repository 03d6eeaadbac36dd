"""``skillc export AGENT_DIR --format openai|anthropic|mcp``: tool definitions as JSON."""

from __future__ import annotations

import argparse
from typing import Any

from compiler.cli.agentdir import read_agent
from compiler.cli.common import CliError, print_json
from compiler.export import FORMATS, export_tools
from compiler.tooldefs import ToolDefinitionError, tool_definitions


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "export",
        help="print an agent's skills as OpenAI, Anthropic or MCP tool definitions",
        description="Print the skills of AGENT_DIR (published version when there is one, else "
        "the draft; stderr says which) as the tool list an LLM API takes as is: openai "
        '(a list of {"type": "function", "function": {...}}), anthropic (a list of {"name", '
        '"description", "input_schema"}) or mcp (a tools/list result). Gated tools declare an '
        "optional `confirmation` argument.",
    )
    p.add_argument("agent_dir", metavar="AGENT_DIR")
    p.add_argument("--format", choices=FORMATS, required=True)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    _, artifacts = read_agent("export", args.agent_dir)
    try:
        tools = tool_definitions(artifacts)
    except ToolDefinitionError as exc:
        raise CliError(str(exc), exit_code=1) from None
    print_json(export_tools(tools, args.format))
    return 0
