"""Artifact bytes, digests and atomic output directories.

Everything written is canonical: sorted keys, two-space indent, UTF-8, a final newline, no
timestamps, so the same inputs always give byte-identical files.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from pydantic import BaseModel, ValidationError

from compiler.digest import digest_without
from compiler.packs.artifact import Manifest, SkillArtifact

MANIFEST_FILE = "manifest.json"


def digest_of(artifact: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of an artifact without its ``digest`` key."""
    return digest_without(artifact)


def with_digest(artifact: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in artifact.items() if k != "digest"}
    out["digest"] = digest_of(out)
    return out


def file_bytes(data: Any) -> bytes:
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@cache
def _validator(model_name: str) -> jsonschema.Draft202012Validator:
    models: dict[str, type[BaseModel]] = {"artifact": SkillArtifact, "manifest": Manifest}
    schema = models[model_name].model_json_schema()
    return jsonschema.Draft202012Validator(schema)


def schema_errors(data: Any, which: str = "artifact") -> list[str]:
    """Messages for every way ``data`` breaks the artifact (or manifest) JSON Schema."""
    out = []
    for err in sorted(_validator(which).iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        out.append(f"{where}: {err.message}")
    return out


def model_errors(data: Any) -> list[str]:
    """Like ``schema_errors`` for an artifact, through the pydantic model (much faster)."""
    try:
        SkillArtifact.model_validate(data)
    except ValidationError as exc:
        return [
            f"{'/'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        ]
    return []


class OutputDirError(Exception):
    """The output directory cannot be written (a usage or I/O error)."""


def write_output_dir(out_dir: str | Path, files: Mapping[str, bytes]) -> None:
    """Replace ``out_dir`` with exactly ``files``, all or nothing.

    The new set is written to a temporary directory next to ``out_dir`` and swapped in by
    renames, so an interrupted run leaves the previous set intact. A non-empty directory that
    is not a previous output (no ``manifest.json``) is refused rather than deleted.
    """
    # Absolute and normalised: `.` or `..` has no name to write a sibling next to.
    try:
        out = Path(os.path.abspath(out_dir))
        here = Path.cwd().resolve()
    except OSError as exc:  # the working directory was removed under us
        raise OutputDirError(f"{out_dir}: cannot resolve ({exc.strerror})") from None
    if here.is_relative_to(out.resolve()):
        raise OutputDirError(f"{out_dir}: is the current directory or holds it; choose another")
    recover_directory(out)
    if out.exists() and not out.is_dir():
        raise OutputDirError(f"{out_dir}: exists and is not a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST_FILE).is_file():
        raise OutputDirError(
            f"{out_dir}: not empty and not a skillc output (no {MANIFEST_FILE}); "
            "refusing to replace it"
        )
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    except OSError as exc:
        raise OutputDirError(f"{parent}: cannot create a directory ({exc.strerror})") from None
    try:
        for name, data in sorted(files.items()):
            with open(tmp / name, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        swap_directory(tmp, out)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputDirError(f"{out_dir}: cannot write ({exc.strerror})") from None


def recover_directory(target: Path) -> None:
    """Put back the previous set a run killed between ``swap_directory``'s renames set aside.

    Without this, the next run would find no ``target`` and start from nothing: a draft would
    lose the skills of every other pack installed into it.
    """
    if target.exists():
        return
    aside = [p for p in target.parent.glob(f".{glob.escape(target.name)}.old-*") if p.is_dir()]
    if aside:
        os.replace(max(aside, key=lambda p: p.stat().st_mtime_ns), target)


def swap_directory(new: Path, target: Path) -> None:
    """Put directory ``new`` at ``target`` by renames; the old ``target`` (if any) is removed."""
    recover_directory(target)
    if not target.exists():
        os.replace(new, target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if old.exists():
        shutil.rmtree(old)
    os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
