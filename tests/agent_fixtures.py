"""An agent directory holding the HubSpot pack compiled for the harbor_vet sample account."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from compiler.account import AccountSchema, load_schema
from compiler.packs.compile import compile_pack
from compiler.packs.install import FileAgentStore
from compiler.resources import samples_dir

ROOT = Path(__file__).resolve().parent.parent
PACK = ROOT / "packs" / "hubspot"


def harbor_schema() -> AccountSchema:
    return load_schema(samples_dir() / "harbor_vet.schema.json")


def compiled_pack() -> dict[str, dict[str, Any]]:
    result = compile_pack(PACK, harbor_schema())
    assert result.ok, [str(d) for d in result.diagnostics]
    return result.artifacts


_CACHE: dict[str, dict[str, dict[str, Any]]] = {}


def hubspot_agent(agent_dir: Path) -> Path:
    """``agent_dir`` with the HubSpot pack installed into its draft (compiled once per run)."""
    if "pack" not in _CACHE:
        _CACHE["pack"] = compiled_pack()
    if agent_dir.exists():
        shutil.rmtree(agent_dir)
    FileAgentStore(agent_dir).apply(_CACHE["pack"])
    return agent_dir


PETS_PACK = {
    "pack.yaml": (
        "name: pets\ntitle: Pets\nversion: '0.1.0'\ncrm: hubspot\ndescription: Pet lookups.\n"
        "scopes:\n  required: [crm.objects.contacts.read]\n"
        "  optional: [crm.objects.custom.read, crm.schemas.custom.read]\n"
        "skills: [find_pet.yaml]\n"
    ),
    "find_pet.yaml": (
        "name: find_pet\ndescription: Find a pet of the practice by its name.\n"
        "inputs:\n  pet_name: The pet's name.\n"
        "read: search pets where pet_name = {pet_name} limit 3 return pet_name, species\n"
    ),
}


def pets_agent(root: Path) -> Path:
    """An agent whose one skill searches the harbor_vet custom object ``pets``."""
    pack = root / "pets"
    pack.mkdir(parents=True)
    for name, text in PETS_PACK.items():
        (pack / name).write_text(text, encoding="utf-8")
    result = compile_pack(pack, harbor_schema())
    assert result.ok, [str(d) for d in result.diagnostics]
    agent = root / "agent"
    FileAgentStore(agent).apply(result.artifacts)
    return agent
