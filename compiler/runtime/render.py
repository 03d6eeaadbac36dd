"""Jinja templates of an artifact (confirmation prompt, spoken result), sandboxed and strict.

The compiler refuses templates that could run for ever or build huge text (``range`` loops,
``lipsum``, ``**``, big multiplications, huge widths). An artifact file can still be edited and
its digest recomputed (a digest is not a signature), so the runtime bounds the same things while
rendering: a spoken sentence never needs them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

# Longest text a template may build in one step (a spoken prompt is a few hundred characters).
MAX_BUILT = 10_000
_WIDTH_FILTERS = ("center", "indent", "format")  # filters that pad to a width


class RenderError(Exception):
    pass


class _BoundedEnvironment(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            raise SecurityError("`**` is not allowed in a template")
        for seq, times in ((left, right), (right, left)):
            if (
                isinstance(seq, str | list | tuple)
                and isinstance(times, int)
                and len(seq) * times > MAX_BUILT
            ):
                raise SecurityError(f"the template would build more than {MAX_BUILT} items")
        return super().call_binop(context, operator, left, right)


def _bounded_filter(name: str, original: Any) -> Any:
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if name == "format":  # the format string's widths, not the values it formats
            wide = bool(args) and isinstance(args[0], str) and _format_width(args[0]) > MAX_BUILT
        else:
            numbers = [a for a in (*args[1:], *kwargs.values()) if isinstance(a, int)]
            wide = any(abs(n) > MAX_BUILT for n in numbers)
        if wide:
            raise SecurityError(f"`{name}` with a width over {MAX_BUILT} is not allowed")
        return original(*args, **kwargs)

    return bounded


def _format_width(text: str) -> int:
    """The largest number in a %-format string (a width or precision)."""
    digits, widest = "", 0
    for ch in text + " ":
        if ch.isdigit():
            digits += ch
            if len(digits) > 6:
                return MAX_BUILT + 1
        else:
            widest = max(widest, int(digits) if digits else 0)
            digits = ""
    return widest


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    env = _BoundedEnvironment(undefined=StrictUndefined, autoescape=False)
    for name in ("range", "lipsum"):
        env.globals.pop(name, None)
    for name in _WIDTH_FILTERS:
        if name in env.filters:
            env.filters[name] = _bounded_filter(name, env.filters[name])
    return env


@lru_cache(maxsize=256)
def _compile(source: str) -> Any:
    return _environment().from_string(source)


def render(source: str, variables: dict[str, Any]) -> str:
    """Render ``source``; any problem (syntax, unknown name, unsafe access) is a RenderError."""
    try:
        return str(_compile(source).render(**variables)).strip()
    except TemplateError as exc:
        raise RenderError(f"template error: {exc.message or type(exc).__name__}") from None
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise RenderError(f"template error: {exc}") from None
