"""Conditions read from words rather than comparisons: a state ("open", "won"), an option
named literally, a named record, a place, a keyword, a given record."""

from __future__ import annotations

import re

from compiler.authoring.conditions import CLOSED_WORDS, OPEN_WORDS, near_word
from compiler.authoring.frame import Cond, Val, param
from compiler.authoring.goal_state import GoalState
from compiler.authoring.reader import record_param
from compiler.authoring.vocab import STOPWORDS
from compiler.authoring.words import (
    COLOURS,
    CONTAINS_WORDS,
    INPUT_MARKERS,
    LEAD_IN,
    NOT_WORDS,
    RESERVED,
    SEARCH_VERBS,
    STATE_WORDS,
)
from compiler.proptypes import kind_of


class MentionConditions(GoalState):
    def state_condition(self) -> Cond | None:
        """ "open" / "closed" / "won" / "lost" against the stages of every pipeline."""
        r, ov = self.r, self.ov
        if ov.stage_prop is None:
            return None
        _, closed = self.stage_sets()
        if not closed:
            return None
        for i, t in enumerate(r.toks):
            if i in r.claimed or t.kind != "word":
                continue
            prev = r.before(i, 2)
            negated = bool(NOT_WORDS & set(prev))
            word = near_word(t.low, OPEN_WORDS + CLOSED_WORDS)
            if word is None and t.low.startswith("un") and len(t.low) > 5:
                # "unanswered": not in a closed stage whose label is the rest of the word.
                rest = t.low[2:]
                if any(near_word(rest, (lab.lower(),)) for _, lab in closed):
                    word = "unresolved"
            if word in OPEN_WORDS:
                if word == "open" and i == 0:
                    continue
                r.claim(i, i + 1)
                self.at(ov.stage_prop, i)
                op = "in" if negated else "not in"
                return Cond(
                    ov.stage_prop, op, tuple(Val("string", s, label=lab) for s, lab in closed)
                )
            if word in CLOSED_WORDS and r.w(i + 1) in ("date", "dates", "day"):
                continue  # "a close date between ...": the property, not the state
            if word in CLOSED_WORDS:
                r.claim(i, i + 1)
                self.at(ov.stage_prop, i)
                op = "not in" if negated else "in"
                return Cond(
                    ov.stage_prop, op, tuple(Val("string", s, label=lab) for s, lab in closed)
                )
            if t.low in ("won", "lost") and self.name == "deals":
                picked = [(s, lab) for s, lab in closed if t.low in lab.lower().split()]
                if picked:
                    r.claim(i, i + 1)
                    self.at(ov.stage_prop, i)
                    vals = tuple(Val("string", s, label=lab) for s, lab in picked)
                    return Cond(ov.stage_prop, "in" if len(vals) > 1 else "=", vals)
        return None

    def literal_mentions(self) -> list[Cond]:
        """ "Ford vehicles", "red vehicles": a bare value one text property's description or
        label explains (its examples, or a colour for the colour property)."""
        r = self.r
        out: list[Cond] = []
        for k, t in enumerate(r.toks):
            if k in r.claimed or t.kind != "word" or t.low in STOPWORDS:
                continue
            if t.low in LEAD_IN or t.low in SEARCH_VERBS:
                continue
            target: str | None = None
            state = [e for e in self.ov.entries.get(t.sing, []) if e.kind == "option"]
            if t.low in RESERVED:
                # "active memberships": a state word is an option where no pipeline claims it.
                if t.low not in STATE_WORDS or self.ov.stage_prop is not None or len(state) != 1:
                    continue
                target, value = state[0].target, state[0].value or ""
            elif t.low in COLOURS:
                target = next(
                    (
                        p.name
                        for p in self.obj.properties
                        if kind_of(p) == "string"
                        and not p.hidden
                        and re.search(r"colou?r", p.label.lower())
                    ),
                    None,
                )
                value = t.low
            elif len({(e.target, e.value) for e in self.option_word_entries(t.sing)}) == 1:
                e = self.option_word_entries(t.sing)[0]
                target, value = e.target, e.value or ""
                self.r.fuzz.append(90.0)  # a word of the label, not the label
            elif len({e.target for e in self.option_word_entries(t.sing)}) == 1:
                # "VIP clients": every option of one property whose label has the word.
                entries = self.option_word_entries(t.sing)
                values = tuple(
                    dict.fromkeys(Val("string", e.value or "", label=e.label) for e in entries)
                )
                r.claim(k, k + 1)
                self.at(entries[0].target, k)
                self.r.fuzz.append(85.0)
                out.append(Cond(entries[0].target, "in", values))
                continue
            elif t.capitalised and k > 0:
                hits = [
                    p.name
                    for p in self.obj.properties
                    if kind_of(p) == "string" and not p.hidden and t.text in p.description
                ]
                target = hits[0] if len(hits) == 1 else None
                value = t.text
            if target is not None:
                r.claim(k, k + 1)
                self.at(target, k)
                out.append(Cond(target, "=", (Val("string", value),)))
        return out

    def named_value(self) -> tuple[str, str] | None:
        """ "named Rex", "called 'Max'": the record's display name."""
        r = self.r
        for i, t in enumerate(r.toks):
            if t.low in ("named", "called", "titled") and i not in r.claimed:
                got = r.capitalised_after(i + 1)
                if got is None and r.has(r"\b(named|called|titled) by the agent\b"):
                    r.claim(i, i + 4)
                    self.at(self.display_name_prop() or "", i)
                    return "", self.display_name_prop() or ""
                if got is None:
                    continue
                r.claim(i, got[1])
                self.at(self.display_name_prop() or "", i)
                self.at("lastname", i)
                return got[0], self.display_name_prop() or ""
        return None

    def place_value(self) -> Cond | None:
        """ "in Boston", "from Leeds": a city (or town) literal."""
        r = self.r
        for i, t in enumerate(r.toks):
            if t.low not in ("in", "from", "at") or i in r.claimed:
                continue
            got = r.capitalised_after(i + 1)
            if got is None:
                continue
            city = next(
                (
                    p.name
                    for p in self.obj.properties
                    if not p.hidden and p.label.lower() in ("city", "town", "city/town")
                ),
                None,
            )
            if city is None:
                return None
            r.claim(i, got[1])
            self.at(city, i)
            return Cond(city, "=", (Val("string", got[0]),))
        return None

    def keyword_condition(self) -> Cond | None:
        """ "containing a given keyword (in the description)": `contains` on a text property."""
        r = self.r
        for k, t in enumerate(r.toks):
            if t.low not in ("keyword", "word", "term", "phrase", "words") or k in r.claimed:
                continue
            prev = r.before(k, 4)
            if not (set(prev) & (CONTAINS_WORDS | {"about", "with", "mention"})):
                continue
            start = (
                k
                - len(prev)
                + min(
                    i
                    for i, w in enumerate(prev)
                    if w in CONTAINS_WORDS | {"about", "with", "mention"}
                )
            )
            # "subject containing a given keyword": the property before is handled by roles.
            before = [m for m in self.mentions if m.j == start]
            if before:
                return None
            target = self.display_name_prop()
            end = k + 1
            after = [
                m
                for m in self.mentions
                if m.entry.kind == "prop"
                and k < m.i <= k + 4
                and r.w(m.i - 1) in ("in", "the", "its", "their")
            ]
            if after and r.w(k + 1) == "in":
                target = after[0].entry.target
                self.use(after[0])
                end = after[0].j
            if target is None:
                return None
            r.claim(start, end)
            self.at(target, start)
            return Cond(target, "contains", (param("keyword", r.optional_near(start, end)),))
        return None

    def given_record(self) -> Cond | None:
        """ "the phone number of a given contact": that one record, by its id."""
        m, r = self.mention, self.r
        if m is None or self.plural_object() or self.obj.get_property("hs_object_id") is None:
            return None
        if not set(r.before(m.i, 2)) & INPUT_MARKERS:
            return None
        self.at("hs_object_id", m.i)
        return Cond("hs_object_id", "=", (param(record_param(self.obj, self.name)),))
