"""Write the JSON Schemas in ``schemas/`` from the pydantic models (``make schemas``).

The models are the single source of truth; ``tests/test_pack_schemas.py`` fails when a checked-in
file differs from what this module generates.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from compiler.account.model import AccountSchema
from compiler.packs.artifact import Manifest, SkillArtifact
from compiler.packs.models import BindingSpec, PackSpec, SkillSpec

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# file name → (model, title, description)
DOCUMENTS: dict[str, tuple[type[BaseModel], str, str]] = {
    "pack.schema.json": (
        PackSpec,
        "skillc Connector Pack (pack.yaml)",
        "Metadata of a Connector Pack and the skill files it is made of.",
    ),
    "skill.schema.json": (
        SkillSpec,
        "skillc pack skill",
        "One skill of a Connector Pack: an LLM-facing tool backed by one binding.",
    ),
    "binding.schema.json": (
        BindingSpec,
        "skillc binding",
        "One skill authored outside a pack, for one agent.",
    ),
    "artifact.schema.json": (
        SkillArtifact,
        "skillc skill artifact (skillc.artifact/1)",
        "One compiled skill for one account.",
    ),
    "manifest.schema.json": (
        Manifest,
        "skillc compile manifest (skillc.manifest/1)",
        "The index of a compile output directory.",
    ),
    "discovered-schema.schema.json": (
        AccountSchema,
        "skillc discovered schema (skillc.discovered-schema/1)",
        "The CRM schema of one account, as discovery stores it.",
    ),
}


def schema_document(name: str) -> dict[str, Any]:
    model, title, description = DOCUMENTS[name]
    body = model.model_json_schema(mode="validation")
    body["title"] = title
    body["description"] = description
    return {"$schema": SCHEMA_DIALECT, "$id": name, **body}


def render(name: str) -> str:
    return json.dumps(schema_document(name), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schemas_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "schemas"


def main(argv: list[str] | None = None) -> int:
    target = Path(argv[0]) if argv else schemas_dir()
    target.mkdir(parents=True, exist_ok=True)
    for name in DOCUMENTS:
        path = target / name
        text = render(name)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
