"""Confirmation and result templates: Jinja2, sandboxed, strict about undefined names.

Templates only ever produce text for people (what the agent says); no JSON is built with them.
They are checked at compile time: syntax, names that are not parameters (or, in result
templates, the result variables), and a trial render with only the required arguments, which
catches an optional parameter used without ``is defined``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import TemplateSyntaxError, UndefinedError, nodes
from jinja2.exceptions import SecurityError

from compiler import sandbox

# Names a result template may use besides the parameters.
RESULT_VARIABLES = ("record", "records", "created", "found", "ambiguous")


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    """A problem at a 1-based line/column inside the template text."""

    code: str
    message: str
    line: int
    col: int
    length: int = 1
    hint: str | None = None


@lru_cache(maxsize=1024)
def _parsed(template: str) -> nodes.Template:
    return sandbox.parse(template)


def render(template: str, variables: Mapping[str, Any]) -> str:
    """Render a template in the one sandbox (raises jinja2 errors on undefined names)."""
    return sandbox.render(template, variables)


def check_syntax(template: str) -> list[TemplateProblem]:
    """Syntax errors, then constructs that could make one render run for ever (see below)."""
    return list(_check_syntax(template))


@lru_cache(maxsize=1024)
def _check_syntax(template: str) -> tuple[TemplateProblem, ...]:
    return tuple(_syntax_and_bounds(template))


def _syntax_and_bounds(template: str) -> list[TemplateProblem]:
    try:
        ast = _parsed(template)
    except TemplateSyntaxError as exc:
        message = exc.message or "bad template"
        line, col, length = _syntax_position(template, message, exc.lineno or 1)
        return [TemplateProblem("template-syntax", message, line, col, length)]
    return _check_bounded(template, ast)


# Jinja reports a line only; the token its message names is found on that line.
_NAMED_TOKEN = re.compile(r"(?:unexpected|got|unknown tag) '([^']+)'", re.IGNORECASE)
_TOKEN_TEXT = {"end of print statement": "}}", "end of statement block": "%}"}
_OPEN_BLOCK = re.compile(r"innermost block that needs to be closed is '(\w+)'")


def _syntax_position(template: str, message: str, line: int) -> tuple[int, int, int]:
    lines = template.split("\n")
    opened = _OPEN_BLOCK.search(message)
    if opened:  # unclosed at the end: point at the tag that opened the block
        tag = re.compile(r"\{%-?\s*(" + re.escape(opened.group(1)) + r")\b")
        for n in range(len(lines), 0, -1):
            match = tag.search(lines[n - 1])
            if match:
                return n, match.start(1) + 1, len(opened.group(1))
        return line, 1, 1
    named = _NAMED_TOKEN.search(message)
    if named and 1 <= line <= len(lines):
        token = _TOKEN_TEXT.get(named.group(1), named.group(1))
        text = lines[line - 1]
        starts = [i for i in (text.find("{{"), text.find("{%")) if i >= 0]
        at = text.find(token, min(starts) + 2 if starts else 0)
        if at >= 0:
            return line, at + 1, len(token)
    return line, 1, 1


# What the sandbox (compiler/sandbox.py) always refuses, reported here where the author wrote it:
# `range` and `lipsum`, `**`, and a literal factor or width over its limit. The sandbox itself
# also bounds what only a render can see (the trial render below, and every run-time render).
_UNBOUNDED_CALLS = sandbox.REMOVED_GLOBALS
_WIDTH_FILTERS = sandbox.WIDTH_FILTERS
_MAX_LITERAL = sandbox.MAX_BUILT


def _big_literal(node: nodes.Node) -> bool:
    return (
        isinstance(node, nodes.Const)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
        and abs(node.value) > _MAX_LITERAL
    )


def _check_bounded(template: str, ast: nodes.Template) -> list[TemplateProblem]:
    found: list[tuple[int, str, str]] = []
    for call in ast.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in _UNBOUNDED_CALLS:
            found.append((call.lineno, call.node.name, f"`{call.node.name}()`"))
    for power in ast.find_all(nodes.Pow):
        found.append((power.lineno, "**", "`**`"))
    for mul in ast.find_all(nodes.Mul):
        if _big_literal(mul.left) or _big_literal(mul.right):
            found.append((mul.lineno, "*", f"multiplying by more than {_MAX_LITERAL}"))
    for flt in ast.find_all(nodes.Filter):
        if flt.name in _WIDTH_FILTERS and any(_big_literal(a) for a in flt.args):
            found.append((flt.lineno, flt.name, f"`{flt.name}` wider than {_MAX_LITERAL}"))
    problems = []
    for lineno, token, what in sorted(set(found)):
        line, col = _locate_token(template, token, lineno)
        problems.append(
            TemplateProblem(
                "template-unsafe",
                f"{what} is not allowed in a template (it can make one render run for ever)",
                line,
                col,
                len(token),
                hint="templates say a few sentences: loop over `records`, keep numbers small",
            )
        )
    return problems


def _locate_token(template: str, token: str, line: int) -> tuple[int, int]:
    if token.isidentifier():
        return _locate(template, token, line)
    lines = template.split("\n")
    if 1 <= line <= len(lines):
        col = lines[line - 1].find(token)
        if col >= 0:
            return line, col + 1
    return line, 1


def _locate(template: str, name: str, line: int) -> tuple[int, int]:
    lines = template.split("\n")
    if 1 <= line <= len(lines):
        match = re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", lines[line - 1])
        if match:
            return line, match.start() + 1
    return line, 1


@lru_cache(maxsize=1024)
def _names(template: str) -> tuple[tuple[tuple[str, int], ...], frozenset[str]]:
    """(names read with their lines, names the template sets itself), from one walk."""
    loads: list[tuple[str, int]] = []
    assigned: set[str] = set()
    for node in _parsed(template).find_all((nodes.Name, nodes.Macro)):
        if isinstance(node, nodes.Macro):
            assigned.add(node.name)
        elif not isinstance(node, nodes.Name):
            continue
        elif node.ctx == "load":
            loads.append((node.name, node.lineno))
        elif node.ctx in ("store", "param"):
            assigned.add(node.name)
    return tuple(loads), frozenset(assigned)


def check_names(template: str, allowed: Iterable[str]) -> list[TemplateProblem]:
    """Every variable a template reads must be one it will be given."""
    try:
        loads, assigned = _names(template)
    except TemplateSyntaxError:
        return []  # reported by check_syntax
    allowed_set = set(allowed)
    problems: list[TemplateProblem] = []
    seen: set[str] = set()
    for name, lineno in loads:
        if name in allowed_set or name in assigned or name in seen:
            continue
        if name in ("loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace"):
            continue  # `range` and `lipsum` are refused by check_syntax, with their own message
        seen.add(name)
        line, col = _locate(template, name, lineno)
        shown = ", ".join(sorted(allowed_set)) or "none"
        problems.append(
            TemplateProblem(
                "template-variable",
                f"`{name}` is not a parameter of this skill",
                line,
                col,
                len(name),
                hint=f"available: {shown}",
            )
        )
    return problems


def _find(template: str, pattern: str) -> tuple[int, int]:
    for n, text in enumerate(template.split("\n"), start=1):
        match = re.search(pattern, text)
        if match:
            return n, match.start() + 1
    return 1, 1


def _undefined_problem(template: str, message: str, trial: Mapping[str, Any]) -> TemplateProblem:
    attribute = re.search(r"'([^']+)' has no attribute '([^']+)'", message)
    if attribute:
        owner, name = attribute.groups()
        line, col = _find(template, rf"\.{re.escape(name)}(?!\w)")
        if owner == "None":
            return TemplateProblem(
                "template-undefined",
                f"`{name}` is read from a record that may be missing (nothing found)",
                line,
                col + 1,
                len(name),
                hint="guard it: {% if record %}…{% endif %}",
            )
        return TemplateProblem(
            "template-undefined",
            f"`{name}` is not a property this skill returns",
            line,
            col + 1,
            len(name),
            hint="add it to the binding's `return` list, or use one that is returned",
        )
    missing = re.search(r"'([^']+)' is undefined", message)
    name = missing.group(1) if missing else ""
    line, col = _find(template, rf"(?<![\w.]){re.escape(name)}(?!\w)") if name else (1, 1)
    return TemplateProblem(
        "template-undefined",
        f"`{name}` may be absent when the template renders",
        line,
        col,
        max(1, len(name)),
        hint=f"guard it: {{% if {name} is defined %}}…{{% endif %}}",
    )


def trial_render(
    template: str, variables: Mapping[str, Any], optional: Iterable[str]
) -> list[TemplateProblem]:
    """Render once with every variable, once without the optional ones."""
    problems: list[TemplateProblem] = []
    optional_set = set(optional)
    trials = (dict(variables), {k: v for k, v in variables.items() if k not in optional_set})
    for trial in trials:
        try:
            render(template, trial)
        except UndefinedError as exc:
            problems.append(_undefined_problem(template, str(exc), trial))
            break
        except SecurityError as exc:
            problems.append(TemplateProblem("template-unsafe", str(exc), 1, 1))
            break
        except Exception as exc:  # any other failure would also fail at run time
            problems.append(
                TemplateProblem("template-render", f"{type(exc).__name__}: {exc}", 1, 1)
            )
            break
    return problems
