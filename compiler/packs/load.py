"""Load a pack directory (``pack.yaml`` plus one YAML file per skill) and binding files.

Loading never stops at the first problem: every file is read, every model error is reported at
its YAML position, and the skills that did load are returned alongside the diagnostics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ValidationError

from compiler.diagnostics import Diagnostic
from compiler.packs.models import BindingSpec, PackSpec, SkillSpec
from compiler.packs.spec_errors import model_diagnostics
from compiler.packs.yamlsrc import SourceMap, Span, load_yaml

PACK_FILE = "pack.yaml"

M = TypeVar("M", bound=BaseModel)


class PackLoadError(Exception):
    """The pack directory itself cannot be read (missing, not a directory): a usage error."""


@dataclass(frozen=True)
class LoadedSkill:
    """A skill as written, with the source map of the file it came from."""

    spec: SkillSpec
    source: SourceMap
    origin: Literal["pack", "binding"]
    # The file as recorded in artifacts: relative to the pack (or bindings) directory's parent,
    # so digests do not depend on the working directory or on how the path was typed.
    stable_file: str
    # Loaded only so that its binding and templates are checked too (the file has field errors,
    # reported already): such a skill never becomes an artifact.
    checks_only: bool = False

    @property
    def file(self) -> str:
        return self.source.file


@dataclass
class LoadedPack:
    pack: PackSpec | None
    pack_source: SourceMap | None
    skills: list[LoadedSkill] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    # Names of skills whose files were listed but could not be loaded (for --partial reports).
    broken: list[str] = field(default_factory=list)


def _read(path: Path, shown: str, diags: list[Diagnostic]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        message = "not UTF-8 text"
    except OSError as exc:
        message = f"cannot read ({exc.strerror})"
    diags.append(Diagnostic("file-read", message, 1, 1, 1, 1, file=shown))
    return None


def load_model(
    model: type[M], text: str, file: str
) -> tuple[M | None, SourceMap | None, list[Diagnostic]]:
    """Parse one YAML file into ``model``, with every error placed at its YAML token.

    Results are cached by (model, file name, text): a service compiling one pack for many
    accounts parses each file once. Nothing returned is mutated afterwards (specs are frozen).
    """
    spec, smap, diags = _load_model_cached(model, text, file)
    return spec, smap, list(diags)


@lru_cache(maxsize=512)
def _load_model_cached(
    model: type[M], text: str, file: str
) -> tuple[M | None, SourceMap | None, tuple[Diagnostic, ...]]:
    spec, smap, diags = _load_model(model, text, file)
    return spec, smap, tuple(diags)


def clear_cache() -> None:
    """Forget parsed files (benchmarks measure cold loads with it)."""
    _load_model_cached.cache_clear()


def _load_model(
    model: type[M], text: str, file: str
) -> tuple[M | None, SourceMap | None, list[Diagnostic]]:
    doc, diags = load_yaml(text, file)
    if doc is None:
        return None, None, diags
    if not isinstance(doc.data, dict):
        span = doc.source.value_span(())
        diags.append(
            doc.source.diagnostic("field-type", "the file must hold a mapping of fields", span)
        )
        return None, doc.source, diags
    try:
        spec = model.model_validate(doc.data)
    except ValidationError as exc:
        diags.extend(model_diagnostics(exc, model, doc.source))
        return None, doc.source, diags
    return (None if diags else spec), doc.source, diags


def load_pack(pack_dir: str | Path) -> LoadedPack:
    """Load ``PACK_DIR/pack.yaml`` and the skill files it lists."""
    root = Path(pack_dir)
    if not root.is_dir():
        raise PackLoadError(f"{pack_dir}: not a directory (expected a pack with {PACK_FILE})")
    pack_path = root / PACK_FILE
    if not pack_path.is_file():
        raise PackLoadError(f"{pack_dir}: no {PACK_FILE} in this directory")
    shown = str(pack_path)
    result = LoadedPack(pack=None, pack_source=None)
    text = _read(pack_path, shown, result.diagnostics)
    if text is None:
        return result
    result.sources[shown] = text
    pack, smap, diags = load_model(PackSpec, text, shown)
    result.pack, result.pack_source = pack, smap
    result.diagnostics.extend(diags)
    if smap is None:
        return result
    # Even when pack.yaml has errors elsewhere, load the skill files it lists, so one run
    # reports every problem.
    listed = pack.skills if pack is not None else _listed_files(smap)
    seen: set[str] = set()
    for index, name in enumerate(listed):
        entry_span = smap.value_span(("skills", index))
        if name in seen:
            result.diagnostics.append(
                smap.diagnostic("skill-file", f"`{name}` is listed twice", entry_span)
            )
            continue
        seen.add(name)
        path = root / name
        if not path.is_file():
            result.diagnostics.append(
                smap.diagnostic(
                    "skill-file", f"no skill file `{name}` next to pack.yaml", entry_span
                )
            )
            result.broken.append(Path(name).stem)
            continue
        _load_skill_file(path, SkillSpec, "pack", result, root)
    _warn_unlisted(root, seen, smap, result)
    return result


def _listed_files(smap: SourceMap) -> list[str]:
    doc, _ = load_yaml(smap.text, smap.file)
    data = doc.data if doc is not None else None
    skills = data.get("skills") if isinstance(data, dict) else None
    if not isinstance(skills, list):
        return []
    return [s for s in skills if isinstance(s, str) and s.endswith((".yaml", ".yml"))]


def _warn_unlisted(root: Path, listed: set[str], smap: SourceMap, result: LoadedPack) -> None:
    for path in sorted(root.glob("*.y*ml")):
        if path.name != PACK_FILE and path.name not in listed and path.suffix in (".yaml", ".yml"):
            span = smap.key_span(("skills",))
            result.diagnostics.append(
                Diagnostic(
                    "skill-unlisted",
                    f"`{path.name}` is in the pack directory but not listed under `skills`",
                    span.line,
                    span.col,
                    span.end_line,
                    span.end_col,
                    severity="warning",
                    file=smap.file,
                )
            )


def _load_skill_file(
    path: Path,
    model: type[SkillSpec],
    origin: Literal["pack", "binding"],
    result: LoadedPack,
    root: Path,
) -> None:
    shown = str(path)
    text = _read(path, shown, result.diagnostics)
    if text is None:
        result.broken.append(path.stem)
        return
    result.sources[shown] = text
    spec, smap, diags = load_model(model, text, shown)
    result.diagnostics.extend(diags)
    checks_only = False
    if spec is None and smap is not None:
        spec = _salvage(model, smap)
        checks_only = True
    if spec is None or smap is None:
        result.broken.append(path.stem)
        return
    if checks_only:
        result.broken.append(path.stem)
    stable = f"{root.resolve().name}/{path.relative_to(root).as_posix()}"
    result.skills.append(
        LoadedSkill(
            spec=spec, source=smap, origin=origin, stable_file=stable, checks_only=checks_only
        )
    )


# Fields whose loss would only produce follow-on noise (no binding, no prompt, another name):
# a skill with an error in one of these is not checked further.
_ESSENTIAL = frozenset({"name", "read", "write", "confirmation"})
# Required fields a salvaged skill may be given a stand-in for (their error is reported).
_STAND_INS: dict[str, str] = {"description": "-", "crm": "hubspot"}


def _salvage(model: type[SkillSpec], smap: SourceMap) -> SkillSpec | None:
    """The skill without the top-level fields that have errors, to check the rest of it.

    A misspelt key or a wrongly typed flag must not hide an unknown property in the same
    file's binding. ``None`` when what is wrong is essential (or the file is not a mapping).
    """
    doc, yaml_errors = load_yaml(smap.text, smap.file)
    if doc is None or yaml_errors or not isinstance(doc.data, dict):
        return None
    data = dict(doc.data)
    try:
        model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = error["loc"]
            key = loc[0] if loc else None
            if not isinstance(key, str) or key in _ESSENTIAL:
                return None
            if error["type"] == "missing":
                if key not in _STAND_INS:
                    return None
                data[key] = _STAND_INS[key]
            else:
                data.pop(key, None)
    else:
        return None  # it validates after all: nothing to salvage
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def load_bindings(bindings_dir: str | Path, into: LoadedPack) -> None:
    """Add every ``*.yaml`` binding of a directory (sorted by file name) to a loaded pack."""
    root = Path(bindings_dir)
    if not root.is_dir():
        raise PackLoadError(f"{bindings_dir}: not a directory of binding YAML files")
    for path in sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml")):
        _load_skill_file(path, BindingSpec, "binding", into, root)


def unique_skills(loaded: LoadedPack) -> tuple[list[LoadedSkill], list[Diagnostic]]:
    """The skills to compile, and an error for each one whose name is already taken.

    Two skills (pack or binding) with one name would overwrite each other's artifact; the
    later one is reported and left out.
    """
    first: dict[str, LoadedSkill] = {}
    diagnostics: list[Diagnostic] = []
    for skill in loaded.skills:
        name = skill.spec.name
        if name in first:
            span: Span = skill.source.value_span(("name",))
            diagnostics.append(
                skill.source.diagnostic(
                    "skill-duplicate",
                    f"a skill named `{name}` is already defined in {first[name].file}",
                    span,
                )
            )
        else:
            first[name] = skill
    return list(first.values()), diagnostics
