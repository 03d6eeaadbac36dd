"""One or two plain sentences saying what a binding does, naming fields by their labels."""

from __future__ import annotations

from compiler.account.model import AccountSchema, ObjectSchema
from compiler.authoring.frame import Cond, Frame, Val

_OPS = {
    "=": "is",
    "!=": "is not",
    ">": "is over",
    ">=": "is at least",
    "<": "is under",
    "<=": "is at most",
    "contains": "contains",
    "matches": "matches",
    "in": "is one of",
    "not in": "is none of",
}
_DATE_OPS = {">": "is after", ">=": "is on or after", "<": "is before", "<=": "is on or before"}


def _label(obj: ObjectSchema, name: str | None) -> str:
    if name is None:
        return ""
    p = obj.get_property(name)
    return p.label if p is not None and p.label else name


def _value(v: Val, prop_label: str) -> str:
    if v.kind == "param":
        if v.text == "caller.phone":
            return "the caller's phone number"
        if v.text == "caller.contact_id":
            return "the caller's contact"
        if v.text == "caller.email":
            return "the caller's email"
        extra = " (if given)" if v.optional else ""
        return f"the {prop_label} the agent gives{extra}"
    if v.label:
        return f'"{v.label}"'
    if v.kind == "string":
        return f'"{v.text}"'
    return v.text


def _cond(obj: ObjectSchema, c: Cond) -> str:
    if c.any_of:
        return " or ".join(_cond(obj, x) for x in c.any_of)
    if c.op == "associated":
        who = _value(c.values[0], "record")
        if c.values[0].kind == "param" and not c.values[0].is_caller:
            who = f"the {c.obj[:-1] if c.obj else 'record'} the agent gives"
        return f"it is linked to {who}"
    label = _label(obj, c.prop)
    if c.op == "is set":
        return f"{label} is filled in"
    if c.op == "is not set":
        return f"{label} is empty"
    if c.op == "between":
        return f"{label} is between {_value(c.values[0], label)} and {_value(c.values[1], label)}"
    if c.op in ("in", "not in") and c.prop in ("hs_pipeline_stage", "dealstage"):
        names = ", ".join(v.label or v.text for v in c.values)
        return f"{label} is {'not ' if c.op == 'not in' else ''}one of {names}"
    p = obj.get_property(c.prop or "")
    dated = p is not None and p.type in ("date", "datetime")
    op = (_DATE_OPS.get(c.op) if dated else None) or _OPS.get(c.op, c.op)
    if c.op in ("in", "not in"):
        return f"{label} {op} " + ", ".join(_value(v, label) for v in c.values)
    return f"{label} {op} {_value(c.values[0], label)}"


def explain(f: Frame, schema: AccountSchema) -> str:
    obj = schema.objects[f.obj]
    sing = (obj.labels.singular or f.obj).lower()
    plural = (obj.labels.plural or f.obj).lower()
    if f.intent in ("one", "many"):
        one = f.limit == 1
        if f.order is not None:
            order_label = _label(obj, f.order[0])
            if f.order[0] in ("createdate", "hs_createdate"):
                how = "newest" if f.order[1] else "oldest"
            elif f.order[0] in ("lastmodifieddate", "hs_lastmodifieddate"):
                how = "most recently updated" if f.order[1] else "least recently updated"
            else:
                how = f"highest {order_label}" if f.order[1] else f"lowest {order_label}"
            head = f"Finds the {how} {sing}" if one else f"Lists {plural}"
            tail = "" if one else f", {how} first"
        else:
            head = f"Finds the {sing}" if one else f"Lists {plural}"
            tail = ""
        if not one and f.limit is not None and f.limit != 10:
            head = head.replace("Lists", f"Lists up to {f.limit}", 1)
        text = head
        if f.conds:
            text += " whose " if False else " where "
            text += " and ".join(_cond(obj, c) for c in f.conds)
        text += tail + "."
        if f.returns:
            text += " It returns " + ", ".join(_label(obj, n) for n in f.returns) + "."
        return text
    sets = []
    for name, v in f.sets.items():
        label = _label(obj, name)
        if v.kind == "param" and not v.is_caller:
            sets.append(f"{label} from the agent" + (" (optional)" if v.optional else ""))
        else:
            sets.append(f"{label} {_value(v, label)}")
    detail = ", ".join(sets)
    links = [
        "links it to the caller's contact"
        if v.text == "caller.contact_id"
        else f"links it to the {o[:-1]} the agent gives"
        for o, v in f.associate
    ]
    tail = (" and " + " and ".join(links)) if links else ""
    if f.intent == "create":
        return f"Creates a {sing} with {detail}{tail}, after the caller confirms."
    if f.intent == "update":
        which = (
            "the caller's own contact record"
            if f.record is not None and f.record.text == "caller.contact_id"
            else f"the {sing} the agent names (it must belong to the verified caller)"
        )
        return f"Updates {which}: {detail}, after the caller confirms."
    keys = " and ".join(_cond(obj, k) for k in f.keys)
    return (
        f"Looks for a {sing} whose {keys}; if none exists, creates one with {detail}{tail}, "
        "after the caller confirms."
    )
