"""Seeding: a discovered schema plus sample records (``skillc.sample-records/1``).

Bad seed files get a :class:`SeedError` that names the file and the place inside it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from compiler.simulator.rules import SchemaShapeError
from compiler.simulator.schema import SimSchema
from compiler.simulator.store import Store, parse_seed_time
from compiler.simulator.values import as_text

RECORDS_FORMAT = "skillc.sample-records/1"
SAMPLES_DIR = Path(__file__).resolve().parent.parent / "samples"


class SeedError(ValueError):
    """A seed that cannot be loaded; the message says where and why."""


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SeedError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedError(f"{path}: cannot read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise SeedError(f"{path}:{exc.lineno}:{exc.colno}: malformed JSON: {exc.msg}") from None


def seed_paths(name: str) -> tuple[Path, Path]:
    """``NAME`` (a bundled sample) or a path prefix ``dir/NAME`` -> its schema and records files."""
    candidate = Path(name)
    base = candidate if candidate.parent != Path(".") or candidate.is_absolute() else None
    if base is None:
        base = SAMPLES_DIR / name
    stem = str(base)
    for suffix in (".schema.json", ".records.json"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    schema_path, records_path = Path(stem + ".schema.json"), Path(stem + ".records.json")
    if not schema_path.is_file():
        available = sorted(
            p.name[: -len(".schema.json")] for p in SAMPLES_DIR.glob("*.schema.json")
        )
        hint = f" (bundled samples: {', '.join(available)})" if available else ""
        raise SeedError(f"unknown seed {name!r}: {schema_path} does not exist{hint}")
    return schema_path, records_path


def load_seed(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    schema_path, records_path = seed_paths(name)
    schema = _read_json(schema_path)
    records = _read_json(records_path) if records_path.is_file() else empty_records()
    return schema, records


def empty_records() -> dict[str, Any]:
    return {"format": RECORDS_FORMAT, "owners": [], "objects": {}, "associations": []}


def build_schema(raw: dict[str, Any]) -> SimSchema:
    try:
        return SimSchema(raw)
    except SchemaShapeError as exc:
        raise SeedError(str(exc)) from None
    except (KeyError, TypeError, ValueError) as exc:
        raise SeedError(f"simulator schema: cannot use it ({exc})") from None


def apply_records(store: Store, records: Any, now_ms: int) -> list[dict[str, Any]]:
    """Insert seed records and associations; returns the owners."""
    if not isinstance(records, dict) or records.get("format") != RECORDS_FORMAT:
        fmt = records.get("format") if isinstance(records, dict) else None
        raise SeedError(f"records: format is {fmt!r}, expected {RECORDS_FORMAT!r}")
    schema = store.schema
    objects = records.get("objects") or {}
    if not isinstance(objects, dict):
        raise SeedError("records: `objects` must be an object of lists")
    for name, items in objects.items():
        obj = schema.resolve(name)
        if obj is None:
            raise SeedError(f"records: objects.{name}: no such object in the schema")
        if not isinstance(items, list):
            raise SeedError(f"records: objects.{name} must be a list")
        for i, item in enumerate(items):
            where = f"records: objects.{name}[{i}]"
            if not isinstance(item, dict) or "id" not in item:
                raise SeedError(f"{where}: expected an object with an `id`")
            props = item.get("properties") or {}
            if not isinstance(props, dict):
                raise SeedError(f"{where}.properties must be an object")
            unknown = [p for p in props if p not in obj.properties]
            if unknown:
                raise SeedError(f"{where}: unknown properties {unknown} for {obj.name}")
            values = {k: str(as_text(v)) for k, v in props.items() if v is not None and v != ""}
            created = parse_seed_time(item.get("createdAt"), now_ms)
            updated = parse_seed_time(item.get("updatedAt"), created)
            store.insert(
                obj, values, record_id=str(item["id"]), created_at=created, updated_at=updated,
                seeded=True,
            )  # fmt: skip
            if item.get("archived"):
                store.archive(obj, store.records[obj.name][str(item["id"])])
    for i, link in enumerate(records.get("associations") or []):
        _associate(store, link, f"records: associations[{i}]")
    owners = records.get("owners") or []
    if not isinstance(owners, list) or not all(isinstance(o, dict) and "id" in o for o in owners):
        raise SeedError("records: `owners` must be a list of objects with an `id`")
    return owners


def _associate(store: Store, link: Any, where: str) -> None:
    if not isinstance(link, dict):
        raise SeedError(f"{where}: expected an object")
    try:
        src = store.schema.resolve(str(link["fromObject"]))
        dst = store.schema.resolve(str(link["toObject"]))
        src_id, dst_id, type_id = str(link["fromId"]), str(link["toId"]), int(link["typeId"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SeedError(f"{where}: missing or bad field ({exc})") from None
    if src is None or dst is None:
        raise SeedError(
            f"{where}: unknown object {link.get('fromObject')!r} or {link.get('toObject')!r}"
        )
    for obj, rid in ((src, src_id), (dst, dst_id)):
        if rid not in store.records[obj.name]:
            raise SeedError(f"{where}: {obj.name} {rid} is not among the seeded records")
    category = str(link.get("category", "HUBSPOT_DEFINED"))
    store.associate(src, src_id, dst, dst_id, category, type_id)
