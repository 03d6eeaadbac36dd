"""The JSON form of a binding skill (``{"name", "description", "binding", ...}``) as a skill
file, and each diagnostic of that file placed back where the person wrote it: the JSON field,
and for the binding its line and column in the binding text itself (the skill file is never
shown to them, so its positions would point nowhere)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML

from compiler.diagnostics import Diagnostic
from compiler.product.errors import Invalid, problem

REQUIRED = ("name", "description", "binding")
OPTIONAL = ("confirmation", "result", "inputs")
INDENT = 2  # the binding is a literal block scalar indented by this much: `read: |2-`
# YAML reads these as line breaks, which would shift every later line of the binding.
_LINE_BREAKS = frozenset("\x85\u2028\u2029")


@dataclass(frozen=True)
class SkillFile:
    """A skill file made from the JSON form, with the lines each field fills."""

    text: str
    spans: tuple[tuple[str, str, int, int], ...]  # field, key in the file, first line, last line

    def place(self, d: Diagnostic) -> dict[str, Any]:
        """``d`` as a 422 detail: the JSON field, and the line and column within its value."""
        # Past the end of every span: the binding, written last.
        field, key, first, _ = next(
            (s for s in self.spans if s[2] <= d.line <= s[3]), self.spans[-1]
        )
        message = f"{d.code}: {d.message}"
        if field == "binding":
            line = max(1, d.line - first)  # the block's content starts below `read: |2-`
            return problem(field, message, line=line, col=max(1, d.col - INDENT))
        col = max(1, d.col - len(key) - 2) if d.line == first else d.col
        return problem(field, message, line=d.line - first + 1, col=col)


def _not_allowed(binding: str) -> tuple[int, int, str] | None:
    """The first character a YAML block cannot hold as written: line, col, the character."""
    for line_no, line in enumerate(binding.split("\n"), start=1):
        for col, ch in enumerate(line, start=1):
            if ch in _LINE_BREAKS or not (ch == "\t" or ch.isprintable()):
                return line_no, col, ch
    return None


def skill_file(body: dict[str, Any]) -> SkillFile:
    """The skill file of ``body``; a missing field or an unwritable character is a 422."""
    missing = [
        field
        for field in REQUIRED
        if not isinstance(body.get(field), str) or not str(body.get(field)).strip()
    ]
    if missing:
        raise Invalid(
            "binding_invalid",
            f"{', '.join(missing)}: required (or send the skill file as `yaml`)",
            [problem(field, "required") for field in missing],
        )
    binding = str(body["binding"]).replace("\r\n", "\n").replace("\r", "\n").rstrip()
    bad = _not_allowed(binding)
    if bad is not None:
        line, col, ch = bad
        message = f"character U+{ord(ch):04X} is not allowed in a binding"
        raise Invalid(
            "binding_invalid",
            f"binding line {line}, col {col}: {message}",
            [problem("binding", message, line=line, col=col)],
        )
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    parts: list[str] = []
    spans: list[tuple[str, str, int, int]] = []
    line = 1
    fields = [("name", "name"), ("description", "description"), ("crm", "crm")]
    fields += [(field, field) for field in OPTIONAL if body.get(field) is not None]
    values = {**body, "crm": "hubspot"}
    for field, key in fields:
        out = io.StringIO()
        yaml.dump({key: values[field]}, out)
        chunk = out.getvalue()
        lines = chunk.count("\n")
        parts.append(chunk)
        spans.append((field, key, line, line + lines - 1))
        line += lines
    key = "read" if binding.lstrip().lower().startswith("search") else "write"
    block = "".join((" " * INDENT + text if text else "") + "\n" for text in binding.split("\n"))
    parts.append(f"{key}: |{INDENT}-\n{block}")
    spans.append(("binding", key, line, line + block.count("\n")))
    return SkillFile("".join(parts), tuple(spans))
