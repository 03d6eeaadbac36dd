"""Agents: a draft that installs and bindings edit, and immutable published versions.

One interface (:class:`compiler.agents.interface.Agent`), two implementations: an agent
directory on disk (the CLI) and agents in the store (the service). Publishing, choosing what a
call serves and restoring are written once, against the interface.
"""
