"""The simulator's in-memory CRM: records, associations and the lagging search index.

One re-entrant lock guards everything, so the store is safe under concurrent async handlers and
under the threaded real server. Times are epoch milliseconds from the simulator's clock.

Search sees a record through snapshots that become visible ``index_delay`` seconds after each
write (HubSpot's eventual consistency); reads by id see the current record at once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from compiler.simulator.errors import ApiError, not_found
from compiler.simulator.phones import phone_twins
from compiler.simulator.schema import PHONE_TWINS, ObjectType, SimSchema
from compiler.simulator.values import iso_ms, to_epoch_ms


@dataclass
class Record:
    object_name: str
    id: str
    properties: dict[str, str]
    created_at: int
    updated_at: int
    archived: bool = False
    archived_at: int | None = None
    # (visible_from_ms, properties or None when archived) — what search sees over time.
    snapshots: list[tuple[int, dict[str, str] | None]] = field(default_factory=list)

    def to_public(self, names: list[str] | None = None) -> dict[str, Any]:
        """SimplePublicObject: the named properties (unset ones as null), or all set ones."""
        if names is None:
            props: dict[str, str | None] = dict(sorted(self.properties.items()))
        else:
            props = {n: self.properties.get(n) for n in names}
        out: dict[str, Any] = {
            "id": self.id,
            "properties": props,
            "createdAt": iso_ms(self.created_at),
            "updatedAt": iso_ms(self.updated_at),
            "archived": self.archived,
        }
        if self.archived_at is not None:
            out["archivedAt"] = iso_ms(self.archived_at)
        return out

    def indexed(self, now_ms: int) -> dict[str, str] | None:
        """The properties search sees at ``now_ms`` (None: not searchable)."""
        seen: dict[str, str] | None = None
        for visible_from, props in self.snapshots:
            if visible_from <= now_ms:
                seen = props
        return seen


@dataclass(frozen=True)
class Association:
    from_object: str
    from_id: str
    to_object: str
    to_id: str
    category: str
    type_id: int


_List = list  # the method Store.list shadows the builtin inside the class


class Store:
    """Records by object name, associations, and id allocation."""

    def __init__(
        self, schema: SimSchema, clock_ms: Callable[[], int], index_delay: Callable[[], float]
    ) -> None:
        self.schema = schema
        self.lock = threading.RLock()
        self._clock_ms = clock_ms
        self._index_delay = index_delay
        self.records: dict[str, dict[str, Record]] = {name: {} for name in schema.objects}
        self.associations: set[Association] = set()
        self._next_id = 1001
        self.owner_ids: set[str] | None = None  # set once owners are seeded

    # ---- helpers for tests -------------------------------------------------------------
    def _object(self, name_or_id: str) -> ObjectType:
        obj = self.schema.resolve(name_or_id)
        if obj is None:
            raise KeyError(f"unknown object type {name_or_id!r}")
        return obj

    def list(self, object_name: str, *, archived: bool = False) -> _List[dict[str, Any]]:
        """All live (or archived) records of a type, with every set property, oldest first."""
        obj = self._object(object_name)
        with self.lock:
            recs = [r for r in self.records[obj.name].values() if r.archived == archived]
            return [r.to_public() for r in _creation_order(recs)]

    def get(self, object_name: str, record_id: str) -> dict[str, Any] | None:
        obj = self._object(object_name)
        with self.lock:
            rec = self.records[obj.name].get(str(record_id))
            return rec.to_public() if rec is not None else None

    def associated_ids(self, object_name: str, record_id: str, to_object: str) -> _List[str]:
        src, dst = self._object(object_name), self._object(to_object)
        with self.lock:
            ids = {
                a.to_id
                for a in self.associations
                if a.from_object == src.name and a.from_id == str(record_id)
                and a.to_object == dst.name
            }  # fmt: skip
        return sorted(ids, key=_id_key)

    # ---- records -----------------------------------------------------------------------
    def now(self) -> int:
        return self._clock_ms()

    def new_id(self) -> str:
        with self.lock:
            value = self._next_id
            self._next_id += 1
            return str(value)

    def _remember_id(self, record_id: str) -> None:
        if record_id.isdigit():
            self._next_id = max(self._next_id, int(record_id) + 1)

    def live(self, obj: ObjectType, record_id: str) -> Record | None:
        rec = self.records[obj.name].get(record_id)
        return rec if rec is not None and not rec.archived else None

    def require(self, obj: ObjectType, record_id: str) -> Record:
        rec = self.live(obj, record_id)
        if rec is None:
            raise not_found()
        return rec

    def find_by(self, obj: ObjectType, prop: str, value: str) -> Record | None:
        """A live record by a unique property (``hs_object_id``, email, ...), case-insensitive."""
        if prop == "hs_object_id":
            return self.live(obj, value)
        wanted = value.strip().lower()
        for rec in self.records[obj.name].values():
            if not rec.archived and rec.properties.get(prop, "").strip().lower() == wanted:
                return rec
        return None

    def check_unique(self, obj: ObjectType, changes: dict[str, str], self_id: str | None) -> None:
        names = [n for n in obj.unique if changes.get(n)]
        if obj.name == "contacts" and changes.get("email"):
            names.append("email")
        for name in names:
            other = self.find_by(obj, name, changes[name])
            if other is None or other.id == self_id:
                continue
            if name == "email" and obj.name == "contacts":
                message = f"Contact already exists. Existing ID: {other.id}"
            else:
                message = (
                    f"A {obj.singular} with {name} {changes[name]!r} already exists. "
                    f"Existing ID: {other.id}"
                )
            raise ApiError(409, "CONFLICT", message)

    def _derive(self, obj: ObjectType, props: dict[str, str], changes: dict[str, str]) -> None:
        region = self.schema.default_region
        for phone_prop in PHONE_TWINS:
            if phone_prop in changes and phone_prop in obj.properties:
                for twin, value in phone_twins(phone_prop, changes[phone_prop], region).items():
                    if twin in obj.properties:
                        _put(props, twin, value)
        for body in ("hs_note_body", "hs_call_body"):
            if body in changes and "hs_body_preview" in obj.properties:
                _put(props, "hs_body_preview", body_preview(changes[body]))

    def _index(self, rec: Record, now: int, *, seeded: bool = False) -> None:
        delay = 0 if seeded else int(self._index_delay() * 1000)
        snapshot = None if rec.archived else dict(rec.properties)
        rec.snapshots.append((now + delay, snapshot))
        if len(rec.snapshots) > 8:
            # Keep only what can still matter: the newest visible snapshot and later ones.
            visible = [s for s in rec.snapshots if s[0] <= now]
            pending = [s for s in rec.snapshots if s[0] > now]
            rec.snapshots = visible[-1:] + pending

    def insert(
        self,
        obj: ObjectType,
        props: dict[str, str],
        *,
        record_id: str | None = None,
        created_at: int | None = None,
        updated_at: int | None = None,
        seeded: bool = False,
    ) -> Record:
        """Create a record from validated, stored-form properties."""
        with self.lock:
            now = self.now()
            rid = record_id or self.new_id()
            self._remember_id(rid)
            created = created_at if created_at is not None else now
            updated = updated_at if updated_at is not None else created
            values = {k: v for k, v in props.items() if v != ""}
            self._derive(obj, values, values)
            values["hs_object_id"] = rid
            _stamp(obj, values, created, updated, creating=True)
            rec = Record(obj.name, rid, values, created, updated)
            self.records[obj.name][rid] = rec
            self._index(rec, now, seeded=seeded)
            return rec

    def update(self, obj: ObjectType, rec: Record, changes: dict[str, str]) -> Record:
        with self.lock:
            now = max(self.now(), rec.updated_at)
            for name, value in changes.items():
                _put(rec.properties, name, value or None)
            self._derive(obj, rec.properties, changes)
            rec.updated_at = now
            _stamp(obj, rec.properties, rec.created_at, now, creating=False)
            self._index(rec, now)
            return rec

    def archive(self, obj: ObjectType, rec: Record) -> None:
        with self.lock:
            now = self.now()
            rec.archived = True
            rec.archived_at = now
            rec.snapshots.append((now, None))
            self.associations = {
                a
                for a in self.associations
                if not ((a.from_object == obj.name and a.from_id == rec.id)
                        or (a.to_object == obj.name and a.to_id == rec.id))
            }  # fmt: skip

    def searchable(self, obj: ObjectType) -> _List[tuple[Record, dict[str, str]]]:
        """(record, indexed properties) for every record search can see now, oldest first."""
        with self.lock:
            now = self.now()
            out = []
            for rec in _creation_order(list(self.records[obj.name].values())):
                seen = rec.indexed(now)
                if seen is not None:
                    out.append((rec, seen))
            return out

    # ---- associations ------------------------------------------------------------------
    def associate(
        self,
        src: ObjectType,
        src_id: str,
        dst: ObjectType,
        dst_id: str,
        category: str,
        type_id: int,
    ) -> None:
        """Add an association and its reverse."""
        back = self.schema.reverse_type(src, dst, type_id)
        with self.lock:
            self.associations.add(
                Association(src.name, src_id, dst.name, dst_id, category, type_id)
            )
            self.associations.add(
                Association(dst.name, dst_id, src.name, src_id, back["category"], back["typeId"])
            )

    def links(self, src: ObjectType, src_id: str, dst: ObjectType) -> dict[str, _List[Association]]:
        """Associations from one record to records of ``dst``, by target id (oldest id first)."""
        with self.lock:
            found: dict[str, _List[Association]] = {}
            for a in self.associations:
                if a.from_object == src.name and a.from_id == src_id and a.to_object == dst.name:
                    found.setdefault(a.to_id, []).append(a)
        return {k: sorted(found[k], key=lambda a: a.type_id) for k in sorted(found, key=_id_key)}

    def unlink(
        self, src: ObjectType, src_id: str, dst: ObjectType, dst_id: str, type_ids: set[int] | None
    ) -> None:
        """Remove associations between two records (all types, or the given ones + reverses)."""
        with self.lock:
            keep = set()
            for a in self.associations:
                forward = a.from_object == src.name and a.from_id == src_id
                forward = forward and a.to_object == dst.name and a.to_id == dst_id
                backward = a.from_object == dst.name and a.from_id == dst_id
                backward = backward and a.to_object == src.name and a.to_id == src_id
                if forward and (type_ids is None or a.type_id in type_ids):
                    continue
                if backward and (
                    type_ids is None
                    or self.schema.reverse_type(dst, src, a.type_id)["typeId"] in type_ids
                ):
                    continue
                keep.add(a)
            self.associations = keep


_TAG = re.compile(r"<[^>]*>")
PREVIEW_CHARS = 500


def body_preview(html: str | None) -> str | None:
    """``hs_body_preview``: the body as plain text, shortened (HubSpot's length undocumented)."""
    if not html:
        return None
    text = " ".join(unescape(_TAG.sub(" ", html)).split())
    return text[:PREVIEW_CHARS] or None


def _put(props: dict[str, str], name: str, value: str | None) -> None:
    if value is None or value == "":
        props.pop(name, None)
    else:
        props[name] = value


def _stamp(
    obj: ObjectType, props: dict[str, str], created: int, updated: int, *, creating: bool
) -> None:
    if creating:
        for name in ("createdate", "hs_createdate"):
            if name in obj.properties and name not in props:
                props[name] = iso_ms(created)
    for name in ("lastmodifieddate", "hs_lastmodifieddate"):
        if name in obj.properties:
            props[name] = iso_ms(updated)


def _id_key(record_id: str) -> tuple[int, str]:
    return (int(record_id), "") if record_id.isdigit() else (1 << 62, record_id)


def _creation_order(records: list[Record]) -> list[Record]:
    return sorted(records, key=lambda r: (r.created_at, _id_key(r.id)))


def parse_seed_time(value: Any, fallback: int) -> int:
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str):
        parsed = to_epoch_ms(value)
        if parsed is not None:
            return parsed
    return fallback
