"""Diagnostics are data; rendering them (terminal or JSON) is separate.

Positions are 1-based lines and columns counted in Unicode code points (a tab is one column).
``end_line``/``end_col`` point just past the offending token.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

Severity = Literal["error", "warning"]

DEFAULT_CAP = 50


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    line: int
    col: int
    end_line: int
    end_col: int
    hint: str | None = None
    severity: Severity = "error"
    file: str | None = None

    def shifted(self, *, file: str | None, line: int, col: int) -> Diagnostic:
        """Move a diagnostic positioned inside a fragment to where the fragment starts.

        ``line``/``col`` are where the fragment's first character sits in the enclosing file.
        Only positions on the fragment's first line gain the column offset.
        """

        def move(ln: int, cl: int) -> tuple[int, int]:
            return (line + ln - 1, col + cl - 1 if ln == 1 else cl)

        start = move(self.line, self.col)
        end = move(self.end_line, self.end_col)
        return replace(
            self, file=file, line=start[0], col=start[1], end_line=end[0], end_col=end[1]
        )

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "message": self.message,
            "line": self.line,
            "col": self.col,
            "end_line": self.end_line,
            "end_col": self.end_col,
            "hint": self.hint,
        }
        if self.severity != "error":
            data["severity"] = self.severity
        if self.file is not None:
            data["file"] = self.file
        return data


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file or "", d.line, d.col, d.code)


def render_text(
    diagnostics: Sequence[Diagnostic],
    source: str,
    *,
    name: str = "<input>",
    cap: int = DEFAULT_CAP,
    sources: dict[str, str] | None = None,
) -> str:
    """Render as ``FILE:LINE:COL: error[CODE]: message``, the source line and a caret.

    ``source`` is the text the positions refer to when a diagnostic has no ``file``; ``sources``
    maps file names to their text for diagnostics that carry one.
    """
    out: list[str] = []
    shown = list(diagnostics)[:cap]
    for d in shown:
        file = d.file or name
        text = (sources or {}).get(d.file, source) if d.file else source
        out.append(f"{file}:{d.line}:{d.col}: {d.severity}[{d.code}]: {d.message}")
        lines = text.split("\n")
        if 1 <= d.line <= len(lines):
            src = lines[d.line - 1].rstrip("\r")
            out.append(f"  {src}")
            width = max(1, (d.end_col - d.col) if d.end_line == d.line else len(src) - d.col + 1)
            # Keep tabs in the padding so the caret lines up under tabbed source.
            pad = "".join("\t" if ch == "\t" else " " for ch in src[: d.col - 1])
            out.append(f"  {pad}{'^' * max(1, width)}")
        if d.hint:
            out.append(f"  hint: {d.hint}")
    hidden = len(diagnostics) - len(shown)
    if hidden > 0:
        out.append(f"... and {hidden} more")
    return "\n".join(out)
