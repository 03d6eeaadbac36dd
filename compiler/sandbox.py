"""The one Jinja sandbox: every template (compile-time trial renders and run-time renders) goes
through :func:`render` here, with the same limits.

Jinja's ``SandboxedEnvironment`` stops attribute tricks, not work: a pad width
(``"%0999999999d"|format(1)``, ``"{:>999999999}".format(1)``), a chained ``replace("", …)``,
``*``, ``**``, ``~`` in a loop or nested loops can build gigabytes or run for minutes. A spoken
sentence needs none of that, so this environment bounds:

- what one step may build: a string or list longer than ``MAX_BUILT`` is refused *before* it is
  built wherever its size is known in advance (widths, ``*``, ``+``, ``~``, ``replace``), and
  checked after every call and filter otherwise;
- the work of one render: loop iterations plus calls, at most ``MAX_STEPS``;
- the text of one render: at most ``MAX_BUILT`` characters.

Anything over a limit raises :class:`jinja2.exceptions.SecurityError` naming what was refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache, update_wrapper, wraps
from typing import Any

from jinja2 import StrictUndefined, Template, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import SandboxedEnvironment, SandboxedFormatter
from jinja2.visitor import NodeTransformer

# Longest text or list a template may build, in one step or in all (a prompt is a few sentences;
# a result over 200 records is a few thousand characters).
MAX_BUILT = 10_000
# Loop iterations plus calls in one render.
MAX_STEPS = 20_000
# Largest integer a template may compute (in bits): money and counts, never 10**100000.
MAX_INT_BITS = 256

# Globals that exist only to do unbounded work (`range(10**5)` loops nest, `lipsum(n)`).
REMOVED_GLOBALS = ("range", "lipsum")
# Filters and str methods whose integer argument is an output width or count.
WIDTH_FILTERS = ("center", "indent", "wordwrap", "truncate", "batch", "slice")
_WIDTH_METHODS = ("center", "ljust", "rjust", "zfill", "expandtabs")

_LOOP_FILTER = "skillc_loop"
_CONCAT_FILTER = "skillc_concat"


def refused(what: str) -> SecurityError:
    return SecurityError(f"{what} is not allowed in a template")


def too_big() -> SecurityError:
    return SecurityError(f"the template would build more than {MAX_BUILT} items")


# ------------------------------------------------------------------ the render budget


@dataclass(slots=True)
class _Budget:
    steps: int = 0

    def spend(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise SecurityError(f"the template does more than {MAX_STEPS} steps of work")


_budget: ContextVar[_Budget | None] = ContextVar("skillc_template_budget", default=None)


def _spend() -> None:
    budget = _budget.get()
    if budget is not None:
        budget.spend()


# ------------------------------------------------------------------ size checks


def _check_size(value: Any) -> Any:
    if isinstance(value, str | list | tuple | bytes | dict | set) and len(value) > MAX_BUILT:
        raise too_big()
    return value


def _check_int(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise SecurityError("the template computes a number too large to say")
    return value


def _check_width(what: str, number: Any) -> None:
    if isinstance(number, int) and not isinstance(number, bool) and abs(number) > MAX_BUILT:
        raise SecurityError(f"`{what}` with a width over {MAX_BUILT} is not allowed")


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?.", re.DOTALL)
_DIGITS = re.compile(r"\d+")


def check_percent_format(what: str, fmt: str) -> None:
    """Refuse a %-format whose width or precision is over the limit (or taken from ``*``)."""
    for match in _PERCENT_SPEC.finditer(fmt):
        for number in match.groups():
            if number == "*":
                raise SecurityError(f"`{what}` with a width taken from an argument is not allowed")
            if number is not None and (len(number) > 6 or int(number) > MAX_BUILT):
                raise SecurityError(f"`{what}` with a width over {MAX_BUILT} is not allowed")


def _check_format_spec(spec: str) -> None:
    for number in _DIGITS.findall(spec):
        if len(number) > 6 or int(number) > MAX_BUILT:
            raise SecurityError(f"`format` with a width over {MAX_BUILT} is not allowed")


def _replace_size(text: str, old: Any, new: Any, count: Any = -1) -> int:
    if not (isinstance(old, str) and isinstance(new, str)):
        return len(text)
    times = len(text) + 1 if old == "" else text.count(old)
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * (len(new) - len(old))


def _check_replace(
    text: str, args: tuple[Any, ...], kwargs: Mapping[str, Any] | None = None
) -> None:
    if _replace_size(text, *args[:3], **(kwargs or {})) > MAX_BUILT:
        raise too_big()


def _check_call(obj: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse a str method call whose result would be too big, before it runs."""
    owner = getattr(obj, "__self__", None)
    if not isinstance(owner, str):
        return
    name = getattr(obj, "__name__", "")
    if name in _WIDTH_METHODS:
        for number in (*args, *kwargs.values()):
            _check_width(name, number)
    elif name == "replace":
        _check_replace(owner, args, kwargs)


# ------------------------------------------------------------------ the environment


class _BoundedFormatter(SandboxedFormatter):
    """``str.format``: widths and precisions (also nested ones) are checked before padding."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        _check_format_spec(format_spec)
        return _check_size(super().format_field(value, format_spec))


class _Bounder(NodeTransformer):
    """Count every loop iteration and size every ``~`` (rewritten into private filters)."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _LOOP_FILTER, [], [], None, None, lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        items = nodes.List(node.nodes, lineno=node.lineno)
        return nodes.Filter(items, _CONCAT_FILTER, [], [], None, None, lineno=node.lineno)


def _loop(iterable: Iterable[Any]) -> Iterator[Any]:
    for item in iterable:
        _spend()
        yield item


def _concat(items: list[Any]) -> str:
    parts = [str(item) for item in items]
    if sum(len(p) for p in parts) > MAX_BUILT:
        raise too_big()
    return "".join(parts)


def _bounded_filter(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    # Filters marked pass_context/eval_context/environment get that first: skip it.
    skip = 1 if hasattr(original, "jinja_pass_arg") else 0

    @wraps(original)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        value, rest = (args[skip] if len(args) > skip else None), args[skip + 1 :]
        if name in WIDTH_FILTERS:
            for number in (*rest, *kwargs.values()):
                _check_width(name, number)
        elif name == "format" and isinstance(value, str):
            check_percent_format(name, value)
        elif (
            name == "replace"
            and isinstance(value, str)
            and _replace_size(value, *rest[:3]) > MAX_BUILT
        ):
            raise too_big()
        return _check_size(original(*args, **kwargs))

    return bounded


def _sized(value: Any) -> bool:
    return isinstance(value, str | list | tuple)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too big, before it is computed."""
    if operator == "**":
        raise refused("`**`")
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if _sized(seq) and isinstance(times, int) and len(seq) * times > MAX_BUILT:
                raise too_big()
        both_int = isinstance(left, int) and isinstance(right, int)
        if both_int and left.bit_length() + right.bit_length() > MAX_INT_BITS + 1:
            raise SecurityError("the template computes a number too large to say")
    elif operator == "+" and _sized(left) and _sized(right):
        if len(left) + len(right) > MAX_BUILT:
            raise too_big()
    elif operator == "%" and isinstance(left, str):
        check_percent_format("%", left)


class BoundedEnvironment(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        result = super().call_binop(context, operator, left, right)
        return _check_int(_check_size(result))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _spend()
        if isinstance(__obj, LoopContext) and args:
            # `loop(items)` in a recursive loop iterates outside the counted top-level `for`.
            args = (_loop(args[0]), *args[1:])
        _check_call(__obj, args, kwargs)
        return _check_int(_check_size(super().call(__context, __obj, *args, **kwargs)))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner: str = value.__self__
        formatter = _BoundedFormatter(self)
        is_format_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs = args[0]
                args = ()
            text = type(owner)(formatter.vformat(owner, args, kwargs))
            _check_size(text)
            return text

        return update_wrapper(bounded, value)

    def _generate(self, source: nodes.Template, *args: Any, **kwargs: Any) -> str:
        return super()._generate(_Bounder().visit(source), *args, **kwargs)


@lru_cache(maxsize=1)
def environment() -> BoundedEnvironment:
    env = BoundedEnvironment(undefined=StrictUndefined, autoescape=False)
    for name in REMOVED_GLOBALS:
        env.globals.pop(name, None)
    for name, original in list(env.filters.items()):
        env.filters[name] = _bounded_filter(name, original)
    env.filters[_LOOP_FILTER] = _loop
    env.filters[_CONCAT_FILTER] = _concat
    return env


@lru_cache(maxsize=1024)
def compiled(source: str) -> Template:
    return environment().from_string(source)


def parse(source: str) -> nodes.Template:
    """The template's syntax tree as the author wrote it (raises ``TemplateSyntaxError``)."""
    return environment().parse(source)


def render(source: str, variables: Mapping[str, Any]) -> str:
    """Render ``source`` within the limits; raises jinja2 errors (``SecurityError`` over a
    limit, ``UndefinedError`` for a name not given, ``TemplateSyntaxError``)."""
    template = compiled(source)
    token = _budget.set(_Budget())
    try:
        out: list[str] = []
        size = 0
        for piece in template.generate(**variables):
            size += len(piece)
            if size > MAX_BUILT:
                raise SecurityError(f"the template would say more than {MAX_BUILT} characters")
            out.append(piece)
        return "".join(out)
    except RecursionError:
        raise SecurityError("the template calls itself too deeply") from None
    finally:
        _budget.reset(token)
