"""A goal read as a search: its conditions, sort, limit and the fields it returns."""

from __future__ import annotations

import re

from compiler.account.model import Property
from compiler.account.standard_objects import STANDARD_OBJECTS
from compiler.authoring.comparisons import Comparisons
from compiler.authoring.conditions import in_values
from compiler.authoring.frame import Cond, Frame, Val, param
from compiler.authoring.goal_problems import GoalProblems
from compiler.authoring.limit_order import LimitOrder
from compiler.authoring.mention_conditions import MentionConditions
from compiler.authoring.property_roles import PropertyRoles
from compiler.authoring.reader import (
    Mention,
    creation_prop,
    main_phone,
    modified_prop,
    param_name,
    phone_props,
)
from compiler.authoring.reading import Parsed, Reading, failure
from compiler.authoring.words import (
    CONTAINS_WORDS,
    INPUT_MARKERS,
    KEYWORD_WORDS,
    RELATIVE_DATE_WORDS,
    TIME_UNITS,
)


class SearchReading(Comparisons, LimitOrder, MentionConditions, PropertyRoles, GoalProblems):
    def search(self) -> Reading:
        r, obj, name = self.r, self.obj, self.name
        self.used = set()
        conds: list[Cond] = []
        relative = re.search(
            r"\b(in|within|over|during|from) the (last|past|previous|next) (\d+ )?"
            r"(day|week|month|year|hour)s?\b"
            r"|\b(today|yesterday|this (week|month|year)|last (week|month|year))\b"
            r"|\b(older|newer|younger) than (a |an |\d+ )?(day|week|month|year|hour)s?\b"
            r"|\b(\d+|a|an) (day|week|month|year|hour)s? ago\b",
            r.low,
        )
        if relative is not None:
            r.low = (
                r.low[: relative.start()] + " " * len(relative.group(0)) + r.low[relative.end() :]
            )
            for i, t in enumerate(r.toks):
                if t.low in RELATIVE_DATE_WORDS or (
                    t.kind == "number" and r.w(i + 1) in TIME_UNITS
                ):
                    r.claim(i, i + 1)
        state = self.state_condition()
        comparisons = self.comparisons()
        limit, order, superlative = self.limit_and_order()
        named = self.named_value()
        place = self.place_value()
        keyword = self.keyword_condition()
        found_roles = self.roles(write=False)
        if self.bad_option is not None:
            return self.bad_option
        for m, role, value, negated in found_roles:
            prop = self.prop(m.entry.target)
            if role == "value" and value is not None:
                op = "!=" if negated else "="
                if prop.is_phone and value.kind == "string":
                    op = "matches"
                if prop.is_multi_select and not negated:
                    op = "contains"
                conds.append(Cond(prop.name, op, (value,)))
            elif role == "input" and r.w(m.j) in CONTAINS_WORDS:
                self.contains(m, prop, conds)
            elif role == "input":
                prev = r.before(m.i, 3)
                caller_value = None
                explicit = r.input_marked(m.i, strict=True)
                if prop.is_phone and self.caller and not explicit:
                    caller_value = param("caller.phone")
                elif self.caller_possessive(m.i):
                    caller_value = self.caller_field(prop)
                v = caller_value or param(param_name(prop.name), self.optional(m))
                if prop.is_phone:
                    conds.append(Cond(prop.name, "matches", (v,)))
                elif "containing" in prev or "contains" in prev or "mentioning" in prev:
                    conds.append(Cond(prop.name, "contains", (v,)))
                else:
                    conds.append(Cond(prop.name, "=", (v,)))
            elif role in ("isset", "unset"):
                conds.append(Cond(prop.name, "is set" if role == "isset" else "is not set"))
            else:
                nxt = r.w(m.j)
                prev2 = r.before(m.i, 2)
                if nxt in ("set", "filled", "known", "present"):
                    r.claim(m.j, m.j + 1)
                    conds.append(Cond(prop.name, "is not set" if negated else "is set"))
                elif set(prev2) & {"no", "without", "missing"}:
                    conds.append(Cond(prop.name, "is not set"))
                elif nxt in CONTAINS_WORDS:
                    self.contains(m, prop, conds)
                else:
                    self.returns.append(prop.name)
        # "containing a given keyword" without a property: the display text.
        if keyword is not None:
            conds.append(keyword)
        if named is not None and named[1] and not named[0]:
            conds.append(Cond(named[1], "=", (param(param_name(named[1])),)))
        elif named is not None and named[1]:
            first, *rest = named[0].split()
            if self.name == "contacts" and rest and obj.get_property("lastname"):
                conds.append(Cond("firstname", "=", (Val("string", first),)))
                conds.append(Cond("lastname", "=", (Val("string", " ".join(rest)),)))
            else:
                conds.append(Cond(named[1], "=", (Val("string", named[0]),)))
        conds.extend(self.literal_mentions())
        if place is not None:
            conds.append(place)
        conds.extend(c for c, _ in comparisons)
        if state is not None:
            conds.append(state)
        conds = in_values(conds)
        # The caller.
        alternatives: list[tuple[Frame, str]] = []
        caller_alt: Cond | None = None
        if self.caller and not any(v.is_caller for c in conds for v in c.values):
            if name == "contacts":
                phone = main_phone(obj)
                if phone is None:
                    return failure(
                        "no-phone",
                        "contacts in this account have no phone number property to match the "
                        "caller by",
                    )
                conds.insert(0, Cond(phone, "matches", (param("caller.phone"),)))
                mobiles = [p for p in phone_props(obj) if p != phone and "mobile" in p]
                if mobiles:
                    caller_alt = Cond(
                        None,
                        "or",
                        any_of=(
                            Cond(phone, "matches", (param("caller.phone"),)),
                            Cond(mobiles[0], "matches", (param("caller.phone"),)),
                        ),
                    )
            else:
                if obj.is_custom:
                    return failure(
                        "association",
                        f"HubSpot cannot search {obj.labels.plural or name} by the contact they "
                        "are associated with (custom objects do not support association "
                        "filters), so there is no way to find the caller's "
                        f"{(obj.labels.plural or name).lower()}",
                        "search them by one of their own properties instead, e.g. "
                        f"{obj.primaryDisplayProperty or 'a name'} given by the agent",
                    )
                conds.insert(
                    0, Cond(None, "associated", (param("caller.contact_id"),), obj="contacts")
                )
        # Another object: "tickets of a given company".
        for target, record_id in self.linked_records({"for", "of", "with", "to", "on"}):
            conds.append(Cond(None, "associated", (record_id,), obj=target))
        conds = self.in_goal_order(conds)
        if relative is not None:
            return self.relative_question(relative.group(0), conds, order, limit)
        record = self.given_record()
        if record is not None and not conds:
            conds.append(record)
        many = self.plural_object() or r.has(r"\b(list|all|every|each|how many|which)\b")
        if self.mention is None and name == "contacts" and not r.has(r"\b(list|all|every)\b"):
            many = False
        elif self.mention is None and not self.caller:
            # "Dogs over 30 kg": the object was inferred from a plural option word.
            many = many or any(
                t.kind == "word" and t.low != t.sing and k in r.claimed
                for k, t in enumerate(r.toks)
            )
        if (limit is None and not many) or (
            limit is None and superlative and not self.plural_object()
        ):
            limit = 1
        # Fields asked for beyond the defaults.
        defaults = set(self.default_returns())
        returns = list(dict.fromkeys(self.returns))
        if returns and all(p in defaults for p in returns):
            returns = []
        unknown = self.unmatched_fields()
        if unknown:
            return self.unknown_field(unknown[0])
        by_name = re.search(
            r"\b(by|with|whose|named by)( their| a| the| his| her)?( given)? name\b", r.low
        )
        if (
            name == "contacts"
            and by_name
            and obj.get_property("firstname")
            and obj.get_property("lastname")
            and not any(c.prop in ("firstname", "lastname") for c in conds)
        ):
            return self.name_question(conds, limit)
        if limit == 1 and not conds and order is None:
            return self.pick_question()
        stray = self.stray_comparison() or self.stray_criterion()
        if stray is not None:
            return stray
        f = self.frame("many" if (limit or 10) > 1 else "one")
        f.conds, f.order, f.limit, f.returns = conds, order, limit, returns
        f.fuzziness = list(r.fuzz)
        leftovers = self.leftovers()
        if caller_alt is not None:
            alt = f.clone()
            alt.conds = [
                caller_alt if c.op == "matches" and c.values[0].text == "caller.phone" else c
                for c in alt.conds
            ]
            alternatives.append((alt, "also matches the caller's number against the mobile phone"))
        if order is not None and order == (creation_prop(obj), True) and modified_prop(obj):
            alt = f.clone()
            alt.order = (modified_prop(obj) or "", True)
            alternatives.append(
                (alt, "sorts by the last-modified date instead of the creation date")
            )
        asked = self.ask_which(f)
        if asked is not None:
            return asked
        return Parsed(f, alternatives, leftovers)

    def contains(self, m: Mention, prop: Property, conds: list[Cond]) -> None:
        """ "subject containing a given keyword" / "notes mentioning 'refund'"."""
        r = self.r
        got = r.capitalised_after(m.j + 1)
        nxt = r.toks[m.j + 1] if m.j + 1 < len(r.toks) else None
        if got is None and nxt is not None and nxt.low in INPUT_MARKERS | {"a", "an", "any"}:
            end = m.j + 2
            while end < len(r.toks) and end < m.j + 5 and r.toks[end].low in KEYWORD_WORDS:
                end += 1
            r.claim(m.j, end)
            value = param("keyword", r.optional_near(m.i, end))
            conds.append(Cond(prop.name, "contains", (value,)))
        elif got is not None:
            r.claim(m.j, got[1])
            conds.append(Cond(prop.name, "contains", (Val("string", got[0]),)))
        else:
            self.returns.append(prop.name)

    def default_returns(self) -> list[str]:
        std = STANDARD_OBJECTS.get(self.name)
        if std is not None:
            return list(std.returned)
        return [
            n for n in (self.obj.primaryDisplayProperty, *self.obj.secondaryDisplayProperties) if n
        ]
