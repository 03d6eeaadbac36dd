"""Canonical JSON and its ``sha256:`` digest: the one definition every fingerprint and digest uses.

Canonical = ``json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` in UTF-8
(docs/formats.md): a schema's fingerprint, an artifact's digest, the hash of a confirmed call's
arguments are all taken over this text, so two places can never disagree about it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256_hex(data: Any) -> str:
    """Hex sha256 of the canonical JSON of ``data``."""
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def digest(data: Any) -> str:
    """``sha256:`` + hex sha256 of the canonical JSON of ``data``."""
    return "sha256:" + sha256_hex(data)


def digest_without(data: Mapping[str, Any], key: str = "digest") -> str:
    """The digest of a JSON object without its own ``key`` (where the digest is stored)."""
    return digest({k: v for k, v in data.items() if k != key})
