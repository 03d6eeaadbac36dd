"""Installed skill artifacts as the runtime trusts them.

The loader lives in the pack layer (``compiler.packs.loaded``), below both the runtime and
``install``, so the two refuse exactly the same artifacts without the compiler importing the
runtime. This module names it for the runtime's callers.
"""

from __future__ import annotations

from compiler.packs.loaded import (
    ARTIFACT_FORMAT,
    CONTEXT_SLOTS,
    SLOT_FORMATS,
    Artifact,
    ArtifactProblem,
    Flags,
    ObjectRef,
    ResultSpec,
    Templates,
    canonical_json,
    compute_digest,
    load_artifact,
)

__all__ = [
    "ARTIFACT_FORMAT",
    "CONTEXT_SLOTS",
    "SLOT_FORMATS",
    "Artifact",
    "ArtifactProblem",
    "Flags",
    "ObjectRef",
    "ResultSpec",
    "Templates",
    "canonical_json",
    "compute_digest",
    "load_artifact",
]
