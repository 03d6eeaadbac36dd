"""Jinja templates of an artifact (confirmation prompt, spoken result), rendered in the one
sandbox (``compiler/sandbox.py``) with the same limits the compiler's trial render uses.

An artifact file can be edited and its digest recomputed (a digest is not a signature), so a
template the compiler would have refused still meets the sandbox's bounds here.
"""

from __future__ import annotations

from typing import Any

from jinja2 import TemplateError

from compiler import sandbox

MAX_BUILT = sandbox.MAX_BUILT


class RenderError(Exception):
    pass


def render(source: str, variables: dict[str, Any]) -> str:
    """Render ``source``; any problem (syntax, unknown name, unsafe access) is a RenderError."""
    try:
        return sandbox.render(source, variables).strip()
    except TemplateError as exc:
        raise RenderError(f"template error: {exc.message or type(exc).__name__}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as exc:
        raise RenderError(f"template error: {exc}") from None
