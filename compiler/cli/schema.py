"""`skillc schema`: browse and search a discovered schema (objects, show, search)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from compiler.account import AccountSchema
from compiler.account.browse import (
    SchemaLookupError,
    describe_object,
    describe_property,
    list_objects,
)
from compiler.account.search import did_you_mean, search_properties
from compiler.cli.common import CliError, load_schema_file, print_json


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "schema",
        help="browse and search a discovered account schema",
        description="Browse and search a discovered schema. Exit 0: found; 1: no such object or "
        "property (closest names suggested); 2: usage or I/O error.",
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION")

    objects = actions.add_parser("objects", help="list the objects of the account")
    objects.add_argument("schema", metavar="SCHEMA.json")
    _format_option(objects)
    objects.set_defaults(handler=run_objects)

    show = actions.add_parser("show", help="show an object, or one of its properties in full")
    show.add_argument("schema", metavar="SCHEMA.json")
    show.add_argument("object", help="object name, objectTypeId or fullyQualifiedName")
    show.add_argument("property", nargs="?", help="a property of the object")
    show.add_argument("--all", action="store_true", help="list hidden properties too (text output)")
    _format_option(show)
    show.set_defaults(handler=run_show)

    search = actions.add_parser("search", help="find properties by name, label, options...")
    search.add_argument("schema", metavar="SCHEMA.json")
    search.add_argument("query")
    search.add_argument("--object", help="search one object only")
    search.add_argument("--limit", type=_positive, default=10, help="how many results (10)")
    _format_option(search)
    search.set_defaults(handler=run_search)

    p.set_defaults(handler=lambda args: _usage(p))


def _format_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json"), default="text")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _usage(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return 2


def _load(path: str) -> AccountSchema:
    return load_schema_file(path)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns separated by two spaces; the last column is not padded."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, *rows]:
        cells = [str(c).ljust(w) for c, w in zip(row[:-1], widths, strict=False)]
        lines.append("  ".join([*cells, str(row[-1])]).rstrip())
    return "\n".join(lines)


def run_objects(args: argparse.Namespace) -> int:
    data = list_objects(_load(args.schema))
    if args.format == "json":
        print_json(data)
        return 0
    rows = [
        (
            o["name"],
            o["objectTypeId"],
            o["label"],
            str(o["properties"]),
            ", ".join(f"{p['id']} ({p['stages']} stages)" for p in o["pipelines"]) or "-",
            ", ".join(o["requiredProperties"]) or "-",
        )
        for o in data["objects"]
    ]
    account = data["account"]
    print(f"{account['label'] or account['id']} (account {account['id']})")
    print(table(("NAME", "TYPE ID", "LABEL", "PROPS", "PIPELINES", "REQUIRED"), rows))
    return 0


def run_show(args: argparse.Namespace) -> int:
    schema = _load(args.schema)
    try:
        if args.property is None:
            data = describe_object(schema, args.object)
        else:
            data = describe_property(schema, args.object, args.property)
    except SchemaLookupError as exc:
        raise CliError(str(exc), exit_code=1) from None
    if args.format == "json":
        print_json(data)
    elif args.property is None:
        print(render_object(data, show_hidden=args.all))
    else:
        print(render_property(data))
    return 0


def _flags(item: dict[str, Any]) -> str:
    names = ("readOnly", "calculated", "unique", "hidden", "required", "multiSelect")
    words = {"readOnly": "read-only", "multiSelect": "multi-select"}
    return ", ".join(words.get(n, n) for n in names if item.get(n)) or "-"


def render_object(data: dict[str, Any], *, show_hidden: bool = False) -> str:
    lines = [
        f"{data['name']} ({data['objectTypeId']}): {data['label']} / {data['pluralLabel']}",
    ]
    if data.get("fullyQualifiedName"):
        lines.append(f"fully qualified name: {data['fullyQualifiedName']}")
    lines.append(f"primary display property: {data['primaryDisplayProperty'] or '-'}")
    lines.append(f"required: {', '.join(data['requiredProperties']) or '-'}")
    lines.append(f"searchable: {', '.join(data['searchableProperties']) or '-'}")
    props = [p for p in data["properties"] if show_hidden or not p["hidden"]]
    hidden = len(data["properties"]) - len(props)
    more = f", {hidden} hidden not shown (--all)" if hidden else ""
    lines += ["", f"properties ({len(data['properties'])}{more}):"]
    rows = [
        (
            p["name"],
            p["type"],
            p["fieldType"],
            "yes" if p["readOnly"] else "",
            p["label"],
            f"(from {p['valuesFrom']})" if p["valuesFrom"] else _options_brief(p["options"]),
        )
        for p in props
    ]
    lines.append(table(("NAME", "TYPE", "FIELD", "RO", "LABEL", "OPTIONS"), rows))
    lines += ["", "pipelines:" if data["pipelines"] else "pipelines: none"]
    for pipe in data["pipelines"]:
        lines.append(f"  {pipe['id']}: {pipe['label']}")
        for stage in pipe["stages"]:
            meta = ", ".join(f"{k}={v}" for k, v in sorted(stage["metadata"].items()))
            lines.append(f"    {stage['id']}: {stage['label']}" + (f" ({meta})" if meta else ""))
    lines += ["", "associations:" if data["associations"] else "associations: none"]
    assoc_rows = [
        (
            a["toObject"] or "?",
            a["toObjectTypeId"],
            a["category"],
            str(a["typeId"]),
            a["label"] or "",
        )
        for a in data["associations"]
    ]
    if assoc_rows:
        headers = ("TO", "TYPE ID", "CATEGORY", "ASSOCIATION TYPE", "LABEL")
        lines.append(table(headers, assoc_rows))
    return "\n".join(lines)


def _options_brief(values: list[str], limit: int = 6) -> str:
    if len(values) <= limit:
        return ", ".join(values)
    return ", ".join(values[:limit]) + f", ... ({len(values)})"


def render_property(data: dict[str, Any]) -> str:
    lines = [
        f"{data['object']}.{data['name']}: {data['label']}",
        f"type: {data['type']} / {data['fieldType']}",
        f"flags: {_flags(data)}",
        f"group: {data['groupName'] or '-'}",
    ]
    if data["description"]:
        lines.append(f"description: {data['description']}")
    if data["options"]:
        lines += ["", "options (value: label):"]
        for o in data["options"]:
            hidden = " [hidden]" if o["hidden"] else ""
            lines.append(f"  {o['value']}: {o['label']}{hidden}")
    source = data["valuesFrom"]
    if source is not None:
        lines += ["", f"values from: {source['kind']}"]
        for pipe in source.get("pipelines", []):
            lines.append(f"  {pipe['id']}: {pipe['label']}")
            for stage in pipe.get("stages", []):
                lines.append(f"    {stage['id']}: {stage['label']}")
        if "note" in source:
            lines.append(f"  {source['note']}")
    return "\n".join(lines)


def run_search(args: argparse.Namespace) -> int:
    if not args.query.strip():
        raise CliError('the query is empty: give a word to look for, e.g. "phone"')
    schema = _load(args.schema)
    try:
        hits = search_properties(schema, args.query, object_name=args.object, limit=args.limit)
    except SchemaLookupError as exc:
        raise CliError(str(exc), exit_code=1) from None
    suggestions = [] if hits else did_you_mean(schema, args.query)
    if args.format == "json":
        results = [h.to_json() for h in hits]
        print_json({"query": args.query, "results": results, "didYouMean": suggestions})
        return 0 if hits else 1
    if not hits:
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        print(f"no property matches {args.query!r}{hint}", file=sys.stderr)
        return 1
    rows = [
        (f"{h.object}.{h.name}", h.label, h.type, f"{h.score:.0f}", "; ".join(h.reasons))
        for h in hits
    ]
    print(table(("PROPERTY", "LABEL", "TYPE", "SCORE", "WHY"), rows))
    return 0
