"""Crash-test hooks: ``SKILLC_WRITEBACK_CRASH_AT=<point>[:<n>]`` kills this process with SIGKILL
the n-th time (default 1st) delivery reaches ``<point>``. Unset (always, in production) it costs
one dict look-up. The crash tests use it to prove that a ``kill -9`` at any of these points loses
nothing and duplicates nothing.

Points: ``before_create`` (marked maybe-sent, nothing sent), ``after_create`` (HubSpot answered the
create, nothing recorded), ``after_record`` (engagement id recorded, association not yet read back),
``after_contact_create`` (a contact was created, not yet recorded).
"""

from __future__ import annotations

import os
import signal

ENV = "SKILLC_WRITEBACK_CRASH_AT"
POINTS = frozenset({"before_create", "after_create", "after_record", "after_contact_create"})
_hits: dict[str, int] = {}


def crashpoint(name: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    point, _, count = spec.partition(":")
    if point != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] >= (int(count) if count.isdigit() else 1):
        os.kill(os.getpid(), signal.SIGKILL)
