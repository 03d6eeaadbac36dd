"""What a goal means, before it is binding text: the intent, the object and its parts.

A frame is rendered to binding text (``render``) and that text, not the frame, is what the
checker judges. Frames are copied (``clone``) when an alternative reading is worth offering.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Literal

Intent = Literal["one", "many", "create", "update", "find_or_create"]


@dataclass(frozen=True, slots=True)
class Val:
    """A value: a literal ("string", "number", "bool") or an input ("param")."""

    kind: Literal["string", "number", "bool", "param"]
    text: str
    optional: bool = False
    label: str | None = None  # what a person calls it: an option's label, a stage's name

    def dsl(self) -> str:
        if self.kind == "param":
            return "{" + self.text + ("?" if self.optional else "") + "}"
        if self.kind == "string":
            return json.dumps(self.text, ensure_ascii=False)
        return self.text

    @property
    def is_caller(self) -> bool:
        return self.kind == "param" and self.text.startswith("caller.")


def param(name: str, optional: bool = False) -> Val:
    return Val("param", name, optional)


@dataclass(frozen=True, slots=True)
class Cond:
    """One predicate; ``any_of`` makes it an OR of other conditions."""

    prop: str | None
    op: str
    values: tuple[Val, ...] = ()
    obj: str | None = None  # the related object of `associated with`
    any_of: tuple[Cond, ...] = ()

    def dsl(self) -> str:
        if self.any_of:
            return " or ".join(c.dsl() for c in self.any_of)
        if self.op == "associated":
            return f"associated with {self.obj} {self.values[0].dsl()}"
        if self.op in ("is set", "is not set"):
            return f"{self.prop} {self.op}"
        if self.op in ("in", "not in"):
            return f"{self.prop} {self.op} ({', '.join(v.dsl() for v in self.values)})"
        if self.op == "between":
            return f"{self.prop} between {self.values[0].dsl()} and {self.values[1].dsl()}"
        return f"{self.prop} {self.op} {self.values[0].dsl()}"


@dataclass
class Frame:
    intent: Intent
    obj: str
    conds: list[Cond] = field(default_factory=list)
    order: tuple[str, bool] | None = None  # (property, descending)
    limit: int | None = None
    returns: list[str] = field(default_factory=list)
    sets: dict[str, Val] = field(default_factory=dict)
    keys: list[Cond] = field(default_factory=list)
    record: Val | None = None
    associate: list[tuple[str, Val]] = field(default_factory=list)
    # Things the author assumed (for the explanation and the confidence).
    assumed: list[str] = field(default_factory=list)
    fuzziness: list[float] = field(default_factory=list)

    def clone(self) -> Frame:
        return copy.deepcopy(self)


def render(f: Frame) -> str:
    if f.intent in ("one", "many"):
        out = f"search {f.obj}"
        if f.conds:
            parts = [f"({c.dsl()})" if c.any_of and len(f.conds) > 1 else c.dsl() for c in f.conds]
            out += " where " + " and ".join(parts)
        if f.order is not None:
            out += f" order by {f.order[0]} {'desc' if f.order[1] else 'asc'}"
        if f.limit is not None:
            out += f" limit {f.limit}"
        if f.returns:
            out += " return " + ", ".join(f.returns)
        return out
    sets = ", ".join(f"{k} = {v.dsl()}" for k, v in f.sets.items())
    assoc = "".join(f" associate {o} {v.dsl()}" for o, v in f.associate)
    if f.intent == "create":
        return f"create {f.obj} set {sets}{assoc}"
    if f.intent == "update":
        record = f.record.dsl() if f.record is not None else "{record_id}"
        return f"update {f.obj} {record} set {sets}"
    keys = " and ".join(c.dsl() for c in f.keys)
    return f"find or create {f.obj} by {keys} set {sets}{assoc}"
