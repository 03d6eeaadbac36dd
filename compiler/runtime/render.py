"""Jinja templates of an artifact (confirmation prompt, spoken result), sandboxed and strict."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment


class RenderError(Exception):
    pass


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


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
