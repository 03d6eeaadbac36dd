"""Authoring ("describe it"): a plain-language goal becomes a binding the checker accepts.

``author`` is the one entry point the CLI (`skillc author`) and the HTTP API share; the offline
engine is the default and the fallback, the model backend is used only when configured.
"""

from compiler.authoring.api import author
from compiler.authoring.result import Alternative, AuthorResult, Candidate

__all__ = ["Alternative", "AuthorResult", "Candidate", "author"]
