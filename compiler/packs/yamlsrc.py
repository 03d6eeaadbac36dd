"""YAML loading that keeps where every key and value came from.

Files are composed with ruamel.yaml (YAML 1.2 core schema: ``on``, ``no``, ``yes`` stay strings;
``%YAML 1.1`` is refused) and turned into plain Python data by hand, so that every node's source
span is remembered under its path (``("skills", 0)``, ``("inputs", "email")``). String scalars
keep their node, so an offset inside the string (a binding, a template) can be mapped back to
the exact file line and column, block scalars included (see ``scalar_positions``). Merge keys
and aliases are refused: an alias is never expanded, so a small file cannot grow into gigabytes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compiler.diagnostics import Diagnostic

Path = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
# Implicit tags whose meaning we do not take over: the source text is kept as a string, so a
# date-looking value never turns into something else behind the author's back.
_KEEP_AS_TEXT = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"}

_YAML_DIRECTIVE = re.compile(r"^%YAML\s+(\S+)", re.MULTILINE)

# Deepest nesting of mappings and sequences a pack file may have (a real one needs under 10).
# The composer recurses once per level, so a file nested hundreds deep would exhaust Python's
# stack inside ruamel; such a file is refused before it is parsed.
MAX_NESTING = 64
_COLLECTION_START = {
    "BlockMappingStartToken",
    "BlockSequenceStartToken",
    "FlowMappingStartToken",
    "FlowSequenceStartToken",
}
_COLLECTION_END = {"BlockEndToken", "FlowMappingEndToken", "FlowSequenceEndToken"}


@dataclass(frozen=True, slots=True)
class Span:
    """1-based start and end (just past the token) in a file."""

    line: int
    col: int
    end_line: int
    end_col: int


@dataclass
class SourceMap:
    """Where each path of one YAML document sits in its file."""

    file: str
    text: str
    values: dict[Path, Span] = field(default_factory=dict)
    keys: dict[Path, Span] = field(default_factory=dict)
    scalars: dict[Path, ScalarNode] = field(default_factory=dict)
    # Paths whose node was already reported (an unsupported tag): model errors there are noise.
    invalid: set[Path] = field(default_factory=set)
    _line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]

    def index_to_line_col(self, index: int) -> tuple[int, int]:
        lo, hi = 0, len(self._line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self._line_starts[mid] <= index:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, index - self._line_starts[lo] + 1

    def value_span(self, path: Path) -> Span:
        """The span of the value at ``path`` or of its deepest existing ancestor."""
        for n in range(len(path), -1, -1):
            span = self.values.get(path[:n])
            if span is not None:
                return span
        return Span(1, 1, 1, 2)

    def key_span(self, path: Path) -> Span:
        """The span of the mapping key naming ``path`` (the value's span when there is no key)."""
        if path in self.keys:
            return self.keys[path]
        return self.value_span(path)

    def diagnostic(
        self, code: str, message: str, span: Span, *, hint: str | None = None
    ) -> Diagnostic:
        return Diagnostic(
            code=code,
            message=message,
            line=span.line,
            col=span.col,
            end_line=span.end_line,
            end_col=span.end_col,
            hint=hint,
            file=self.file,
        )

    def string_positions(self, path: Path) -> list[tuple[int, int]] | None:
        """File (line, col) of every character of the string at ``path``, plus one past its end.

        ``None`` when the path is not a string scalar or its source could not be walked.
        """
        node = self.scalars.get(path)
        if node is None:
            return None
        indices = scalar_positions(self.text, node)
        if indices is None:
            return None
        return [self.index_to_line_col(i) for i in indices]

    def string_start(self, path: Path) -> tuple[int, int]:
        """Where the first character of the string at ``path`` sits (its content, for blocks)."""
        node = self.scalars.get(path)
        indices = scalar_positions(self.text, node, limit=1) if node is not None else None
        if indices:
            return self.index_to_line_col(indices[0])
        span = self.value_span(path)
        return span.line, span.col

    def map_fragment(self, path: Path, diagnostic: Diagnostic) -> Diagnostic:
        """Move a diagnostic positioned inside the string at ``path`` to its place in the file."""
        value = scalar_value(self.scalars[path]) if path in self.scalars else ""
        positions = self.string_positions(path)
        if positions is None:
            span = self.value_span(path)
            return diagnostic.shifted(file=self.file, line=span.line, col=span.col)
        start = positions[_offset(value, diagnostic.line, diagnostic.col)]
        end = positions[_offset(value, diagnostic.end_line, diagnostic.end_col)]
        if end < start:
            end = start
        if end == start:
            end = (start[0], start[1] + 1)
        return Diagnostic(
            code=diagnostic.code,
            message=diagnostic.message,
            line=start[0],
            col=start[1],
            end_line=end[0],
            end_col=end[1],
            hint=diagnostic.hint,
            severity=diagnostic.severity,
            file=self.file,
        )


def _offset(text: str, line: int, col: int) -> int:
    """Character offset of a 1-based line/column inside ``text``, clamped to its length."""
    offset = 0
    lines = text.split("\n")
    for ln in lines[: max(0, line - 1)]:
        offset += len(ln) + 1
    return max(0, min(len(text), offset + col - 1))


@dataclass
class YamlDocument:
    data: Any
    source: SourceMap


class _NoValue:
    """Marks a node that could not be turned into data (an error was reported for it)."""


def load_yaml(text: str, file: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one YAML document, returning plain data with its source map and any errors."""
    smap = SourceMap(file=file, text=text)
    diagnostics: list[Diagnostic] = []
    for match in _YAML_DIRECTIVE.finditer(text):
        if match.group(1) != "1.2":
            line, col = smap.index_to_line_col(match.start())
            diagnostics.append(
                smap.diagnostic(
                    "yaml-version",
                    f"YAML {match.group(1)} is not supported; files are read as YAML 1.2",
                    Span(line, col, line, col + len(match.group(0))),
                    hint="remove the %YAML directive (YAML 1.1 silently turns `no` into false)",
                )
            )
    if diagnostics:
        return None, diagnostics
    too_deep = _too_deep(text, smap)
    if too_deep is not None:
        return None, [too_deep]
    yaml = _yaml()
    try:
        # compose() (one document) costs half of compose_all(); a second document is a
        # ComposerError with the position of the second document's start.
        root = yaml.compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = exc.problem or exc.context or "malformed YAML"
        context = ""
        if exc.context and exc.problem and exc.problem.startswith("but found"):
            problem, context = f"{exc.context}, {exc.problem}", ""
        elif exc.context and exc.problem:
            where = exc.context_mark
            started = f" that starts at {where.line + 1}:{where.column + 1}" if where else ""
            context = f" ({exc.context}{started})"
        span = Span(line, col, line, col + 1)
        return None, [smap.diagnostic("yaml-syntax", f"{problem}{context}", span)]
    except YAMLError as exc:
        return None, [smap.diagnostic("yaml-syntax", str(exc), Span(1, 1, 1, 2))]
    except RecursionError:  # the pre-check's bound is fooled only by brackets inside quotes
        return None, [_nesting_diagnostic(smap, Span(1, 1, 1, 2))]
    if root is None:
        return None, [smap.diagnostic("yaml-document", "the file is empty", Span(1, 1, 1, 2))]
    aliased: list[Path] = []
    try:
        data = _build(root, (), smap, diagnostics, (set(), aliased))
    except RecursionError:
        return None, [_nesting_diagnostic(smap, Span(1, 1, 1, 2))]
    if aliased:
        diagnostics.extend(_alias_diagnostics(text, smap, aliased))
    return YamlDocument(data=data, source=smap), diagnostics


def _nesting_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth (a few per cent of a parse).

    Block collections nest only by indenting (or by ``- `` on one line); an indentless sequence
    adds a level per mapping, hence twice the indentation. Flow brackets are counted as they
    open, a close never taking the count below zero (a bracket in block text is then harmless).
    """
    indent = 0
    for line in text.split("\n"):
        body = line.lstrip(" -?")
        indent = max(indent, len(line) - len(body))
    flow = deepest = 0
    for match in re.finditer(r"[\[\]{}]", text):
        flow = flow + 1 if match.group() in "[{" else max(0, flow - 1)
        deepest = max(deepest, flow)
    return 2 * indent + 2 + deepest


def _too_deep(text: str, smap: SourceMap) -> Diagnostic | None:
    """The diagnostic for a file nested deeper than ``MAX_NESTING``, or None; tokens are
    scanned (no recursion) only when the cheap bound cannot rule it out."""
    if _nesting_bound(text) <= MAX_NESTING:
        return None
    depth = 0
    try:
        for token in _yaml().scan(text):
            kind = type(token).__name__
            if kind in _COLLECTION_START:
                depth += 1
                if depth > MAX_NESTING:
                    mark = token.start_mark
                    span = Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 2)
                    return _nesting_diagnostic(smap, span)
            elif kind in _COLLECTION_END:
                depth -= 1
    except YAMLError:
        return None  # malformed: the parse reports where
    return None


def _nesting_diagnostic(smap: SourceMap, span: Span) -> Diagnostic:
    return smap.diagnostic(
        "yaml-nesting",
        f"mappings and sequences are nested more than {MAX_NESTING} deep",
        span,
        hint="a pack file needs only a few levels; flatten the structure",
    )


def _alias_diagnostics(text: str, smap: SourceMap, aliased: list[Path]) -> list[Diagnostic]:
    """One error per ``*alias`` in the file (found by scanning: composed nodes lose them)."""
    spans: list[tuple[Span, str]] = []
    try:
        for token in _yaml().scan(text):
            if type(token).__name__ == "AliasToken":
                start, end = token.start_mark, token.end_mark
                span = Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)
                spans.append((span, str(token.value)))
    except YAMLError:
        spans = []
    if not spans:
        spans = [(smap.value_span(path[:-1]), "") for path in aliased]
    return [
        smap.diagnostic(
            "yaml-alias",
            f"aliases{f' (`*{name}`)' if name else ''} are not supported",
            span,
            hint="write the value out where it is used",
        )
        for span, name in spans
    ]


def _yaml() -> YAML:
    # Composing (not constructing) keeps every node's marks, which is all the positions need.
    # The pure "safe" composer reads YAML 1.2 like the round-trip one but skips comment
    # gathering, which halves load time, and yields ``>`` values without BEL fold markers.
    return YAML(typ="safe", pure=True)


def _span(node: Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def scalar_value(node: ScalarNode) -> str:
    """A string scalar's value (ruamel's round-trip scanner would mark ``>`` folds with BEL)."""
    text = str(node.value)
    return text.replace("\a", "") if node.style == ">" else text


def _tag(node: Node) -> str:
    tag = node.tag
    return str(getattr(tag, "value", tag))


# Nodes already built, and the paths where a node came back (an alias): expanding aliases
# would let a few lines of anchors ("billion laughs") grow into gigabytes.
_Walk = tuple[set[int], list[Path]]


def _build(node: Node, path: Path, smap: SourceMap, diags: list[Diagnostic], walk: _Walk) -> Any:
    seen, aliased = walk
    if id(node) in seen:
        aliased.append(path)
        smap.invalid.add(path)
        return _NoValue()
    seen.add(id(node))
    smap.values[path] = _span(node)
    if not isinstance(node, ScalarNode) and _tag(node) not in _COLLECTION_TAGS:
        # `!!set`, `!!omap` or a custom tag would be read as a plain mapping or list.
        diags.append(
            smap.diagnostic(
                "yaml-tag",
                f"unsupported YAML tag `{_tag(node)}`",
                _span(node),
                hint="write plain mappings and lists",
            )
        )
        smap.invalid.add(path)
        return _NoValue()
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or _tag(key_node) != _STR:
                diags.append(
                    smap.diagnostic(
                        "yaml-key",
                        "mapping keys must be plain strings",
                        _span(key_node),
                        hint="quote the key if it looks like a number, a boolean or null",
                    )
                )
                continue
            key = str(key_node.value)
            if key == "<<":
                diags.append(
                    smap.diagnostic(
                        "yaml-merge", "merge keys (<<) are not supported", _span(key_node)
                    )
                )
                continue
            if key in out:
                diags.append(
                    smap.diagnostic("yaml-duplicate-key", f"duplicate key `{key}`", _span(key_node))
                )
                continue
            smap.keys[(*path, key)] = _span(key_node)
            out[key] = _build(value_node, (*path, key), smap, diags, walk)
        return out
    if isinstance(node, SequenceNode):
        return [_build(item, (*path, i), smap, diags, walk) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    return _scalar(node, path, smap, diags)


def _scalar(node: ScalarNode, path: Path, smap: SourceMap, diags: list[Diagnostic]) -> Any:
    tag = _tag(node)
    text = scalar_value(node)
    if tag == _STR or tag in _KEEP_AS_TEXT:
        smap.scalars[path] = node
        return text
    try:
        return _core_value(tag, text)
    except ValueError:
        pass
    if tag in (_NULL, _BOOL, _INT, _FLOAT):
        # Only an explicit tag gets here (`!!bool yes`, `!!int abc`): the implicit resolver
        # never tags text it cannot read. YAML 1.1 readings (yes, on) are not guessed at.
        kind = tag.rsplit(":", 1)[-1]
        diags.append(
            smap.diagnostic(
                "yaml-tag",
                f"`{text}` is not a YAML 1.2 {kind}",
                _span(node),
                hint="drop the tag, or write the value the way YAML 1.2 spells it",
            )
        )
        smap.invalid.add(path)
        return _NoValue()
    diags.append(
        smap.diagnostic(
            "yaml-tag",
            f"unsupported YAML tag `{tag}`",
            _span(node),
            hint="write plain strings, numbers and booleans",
        )
    )
    smap.invalid.add(path)
    return _NoValue()


_NULL_WORDS = ("", "~", "null", "Null", "NULL")
_BOOL_WORDS = {w: True for w in ("true", "True", "TRUE")} | {
    w: False for w in ("false", "False", "FALSE")
}


def _core_value(tag: str, text: str) -> Any:
    """The value of a null, bool, int or float scalar; ``ValueError`` when the text is not one."""
    if tag == _NULL:
        if text not in _NULL_WORDS:
            raise ValueError(text)
        return None
    if tag == _BOOL:
        if text not in _BOOL_WORDS:
            raise ValueError(text)
        return _BOOL_WORDS[text]
    if tag == _INT:
        digits = text.replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        digits = digits.lstrip("+-")
        for prefix, base in (("0x", 16), ("0o", 8), ("0b", 2)):
            if digits.lower().startswith(prefix):
                return sign * int(digits[2:], base)
        return sign * int(digits, 10)
    if tag == _FLOAT:
        lowered = text.lower().replace("_", "")
        if lowered in (".nan",):
            return math.nan
        if lowered.lstrip("+-") == ".inf":
            return -math.inf if lowered.startswith("-") else math.inf
        return float(lowered)
    raise ValueError(tag)


def scalar_positions(text: str, node: ScalarNode, limit: int | None = None) -> list[int] | None:
    """Source index of every character of a string scalar's value, plus one past its end.

    Walks the scalar's source text alongside its value: indentation, folded line breaks,
    quote doubling and backslash escapes are consumed without producing characters. Returns
    ``None`` when the two cannot be lined up (then callers fall back to the scalar's start).
    With ``limit``, only the first ``limit`` characters are walked.
    """
    value = scalar_value(node)
    if limit is not None and limit < len(value):
        value = value[:limit]
    style = node.style
    start = node.start_mark.index
    indent: int | None = None
    if style in ("|", ">"):
        header_end = text.find("\n", start)
        if header_end < 0:
            return [start] * (len(value) + 1)
        j = header_end + 1
        header = text[start:header_end].split("#", 1)[0]
        explicit = next((ch for ch in header if ch.isdigit()), None)
        indent = _block_indent(text, j, explicit)
    elif style in ('"', "'"):
        j = start + 1
    else:
        j = start
    return _align(value, text, j, style, indent)


def _block_indent(text: str, j: int, explicit: str | None) -> int:
    """Indentation of a block scalar's content (``j``: the start of its first content line)."""
    if explicit is not None:
        # The indicator counts from the indentation of the line holding the header (the
        # parent mapping's); _align checks the result against the value anyway.
        line_start = text.rfind("\n", 0, j - 1) + 1
        parent_indent = len(text[line_start:]) - len(text[line_start:].lstrip(" "))
        return parent_indent + int(explicit)
    for line in text[j:].split("\n"):
        stripped = line.lstrip(" ")
        if stripped:
            return len(line) - len(stripped)
    return 0


_ESCAPE_LENGTHS = {"x": 4, "u": 6, "U": 10}


def _align(
    value: str, text: str, j: int, style: str | None, indent: int | None
) -> list[int] | None:
    out: list[int] = []
    i, n = 0, len(text)
    line_start = False
    while i < len(value):
        if line_start:
            skipped = 0
            while j < n and (
                (indent is None and text[j] in " \t")
                or (indent is not None and text[j] == " " and skipped < indent)
            ):
                j += 1
                skipped += 1
            line_start = False
            continue
        if j >= n:
            return None
        c, v = text[j], value[i]
        if style == '"' and c == "\\":
            nxt = text[j + 1] if j + 1 < n else ""
            if nxt == "\n":
                j += 2
                line_start = True
                continue
            out.append(j)
            i += 1
            j += _ESCAPE_LENGTHS.get(nxt, 2)
            continue
        if style == "'" and c == "'" and v == "'":
            out.append(j)
            i += 1
            j += 2
            continue
        if c == v:
            out.append(j)
            i += 1
            j += 1
            line_start = c == "\n"
            continue
        if c == "\n":
            if v == " ":
                out.append(j)
                i += 1
            j += 1
            line_start = True
            continue
        if c in " \t\r":
            j += 1
            continue
        return None
    out.append(j)
    return out
