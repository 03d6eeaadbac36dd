"""Comparisons in a goal: "more than 3 vehicles", "amount over a given value", units and the
property each number or input is compared on."""

from __future__ import annotations

import re

from compiler.authoring.conditions import stems
from compiler.authoring.frame import Cond, Val, param
from compiler.authoring.goal_state import GoalState
from compiler.authoring.reader import Mention, creation_prop, modified_prop, param_name
from compiler.authoring.reading import Failure, failure
from compiler.authoring.tokens import Tok
from compiler.authoring.vocab import STOPWORDS, singular
from compiler.authoring.vocab import words as vocab_words
from compiler.authoring.words import INPUT_MARKERS, OPS, RESERVED, VERB_NOUNS
from compiler.proptypes import kind_of


class Comparisons(GoalState):
    def comparisons(self) -> list[tuple[Cond, int]]:
        """Numbers and dates with their operators ("over 500", "between A and B")."""
        r = self.r
        out: list[tuple[Cond, int]] = []
        toks = r.toks
        i = 0
        while i < len(toks):
            t = toks[i]
            if i in r.claimed or t.kind not in ("number", "date"):
                i += 1
                continue
            # "between A and B" / "from A to B"
            prev = r.before(i, 1)
            if prev in (["between"], ["from"]) and (
                i + 2 < len(toks)
                and toks[i + 1].low in ("and", "to")
                and toks[i + 2].kind == t.kind
            ):
                target = self.comparison_prop(i, t)
                if target is not None:
                    lo, hi = self.literal_for(target, t), self.literal_for(target, toks[i + 2])
                    r.claim(i - 1, i + 3)
                    out.append((Cond(target, "between", (lo, hi)), i))
                    self.at(target, i)
                    self.unit_after(i + 3, target)
                    i += 3
                    continue
            op, start = self.operator_before(i)
            after = [toks[x].low for x in range(i + 1, min(len(toks), i + 3))]
            if after[:2] == ["or", "more"] or after[:2] == ["or", "over"]:
                op, start = ">=", i
                r.claim(i + 1, i + 3)
            elif after[:2] == ["or", "less"] or after[:2] == ["or", "fewer"]:
                op, start = "<=", i
                r.claim(i + 1, i + 3)
            elif after[:1] == ["plus"] or (t.text.endswith("+")):
                op, start = ">=", i
            counted = self.counted_prop(i) if op is None else None
            if counted is not None:
                # "2 bedrooms", "two-bedroom units": that many.
                r.claim(i, counted.j)
                self.use(counted)
                target = counted.entry.target
                out.append((Cond(target, "=", (self.literal_for(target, t),)), i))
                self.at(target, i)
                i += 1
                continue
            if op is None:
                i += 1
                continue
            target = self.comparison_prop(i, t)
            if target is None:
                i += 1
                continue
            r.claim(start, i + 1)
            out.append((Cond(target, op, (self.literal_for(target, t),)), i))
            self.at(target, i)
            self.unit_after(i + 1, target)
            i += 1
        return out + self.input_comparisons()

    def input_comparisons(self) -> list[tuple[Cond, int]]:
        """ "over a given amount", "after a given date": a comparison with an input."""
        r = self.r
        out: list[tuple[Cond, int]] = []
        for i, t in enumerate(r.toks):
            if t.low not in INPUT_MARKERS or i in r.claimed:
                continue
            ranged = self.input_range(i)
            if ranged is not None:
                out.append((ranged, i))
                continue
            j = i - 1 if r.w(i - 1) in ("a", "an", "the") else i
            op, start = self.operator_before(j)
            if op is None or op == "=":
                continue
            mention = next((m for m in self.mentions if m.i == i + 1), None)
            target: str | None = None
            end = i + 2
            if mention is not None and mention.entry.kind == "prop":
                p = self.obj.get_property(mention.entry.target)
                if p is not None and kind_of(p) in ("number", "date", "datetime"):
                    target, end = p.name, mention.j
                    self.use(mention)
            if target is None:
                dated = r.w(i + 1) in ("date", "day", "time", "datetime")
                probe = Tok("date" if dated else "number", "0", "0", "0", t.start, t.end)
                target = self.comparison_prop(i, probe)
            if target is None:
                continue
            r.claim(start, end)
            self.at(target, start)
            out.append((Cond(target, op, (param(param_name(target)),)), i))
        return out

    def stray_comparison(self) -> Failure | None:
        """ "contacts with more than 3 pets" where nothing counts pets: a comparison no property
        of the object takes is an error, never a search that quietly drops it."""
        r = self.r
        for i, t in enumerate(r.toks):
            if i in r.claimed or t.kind not in ("number", "date"):
                continue
            op, _ = self.operator_before(i)
            if op is None or op == "=":
                continue
            after = [
                r.toks[k].text
                for k in range(i + 1, min(len(r.toks), i + 3))
                if r.toks[k].kind == "word" and r.toks[k].low not in STOPWORDS
            ][:1]
            what = " ".join([t.text, *after])
            plural = self.obj.labels.plural or self.name
            return failure(
                "unknown-property",
                f'{plural} in this account have no property to compare "{what}" with',
                "name the property the number is about",
            )
        return None

    def input_range(self, i: int) -> Cond | None:
        """ "closing between two given dates", "between a given start and end date": a range
        whose ends the agent gives, on the date (or number) property the goal compares."""
        r = self.r
        k = i - 1
        while r.w(k) in ("a", "an", "the", "two", "2"):
            k -= 1
        if r.w(k) != "between":
            return None
        end = i + 1
        while end < len(r.toks) and r.w(end) in (
            "start", "end", "and", "first", "last", "from", "to", "min", "max", "minimum",
            "maximum", "lower", "upper", "low", "high", "a", "an", "given", "date", "dates",
            "day", "days", "time", "times", "value", "values", "amount", "amounts", "number",
            "numbers",
        ):  # fmt: skip
            end += 1
        words = {r.w(x) for x in range(i + 1, end)}
        dated = bool(words & {"date", "dates", "day", "days", "time", "times"})
        probe = Tok("date" if dated else "number", "0", "0", "0", r.toks[i].start, r.toks[i].end)
        target = self.comparison_prop(k, probe)
        if target is None:
            return None
        r.claim(k, end)
        self.at(target, k)
        name = param_name(target)
        return Cond(target, "between", (param(f"{name}_from"), param(f"{name}_to")))

    def unit_after(self, k: int, target: str) -> None:
        """ "between 5 and 10 kg": the unit names the property compared, nothing more."""
        for m in self.mentions:
            if m.i == k and m.entry.target == target:
                self.use(m)

    def operator_before(self, i: int) -> tuple[str | None, int]:
        lows = self.r.before(i, 3)
        for words, op in OPS:
            n = len(words)
            if tuple(lows[-n:]) == words:
                if words in (("of",), ("is",), ("from",)) and not self.near_prop(i):
                    continue
                return op, i - n
        return None, i

    def near_prop(self, i: int) -> bool:
        return any(m.j <= i and i - m.j <= 2 for m in self.mentions if m.entry.kind == "prop")

    def literal_for(self, prop_name: str, t: Tok) -> Val:
        p = self.prop(prop_name)
        if kind_of(p) == "number":
            return Val("number", t.text)
        return Val("string", t.text)

    def comparison_prop(self, i: int, t: Tok) -> str | None:
        want = ("number",) if t.kind == "number" else ("date", "datetime")
        best: tuple[int, str, Mention] | None = None
        for m in self.mentions:
            if m.entry.kind != "prop":
                continue
            if set(range(m.i, m.j)) & self.r.claimed:
                # "list contacts created ...": the verb and the object's name read as "Last
                # Contacted", words that already mean something else.
                continue
            p = self.obj.get_property(m.entry.target)
            if p is None or kind_of(p) not in want:
                continue
            dist = (i - m.j) if m.j <= i else (m.i - i) + 1
            if dist > 6:
                continue
            if best is None or dist < best[0]:
                best = (dist, p.name, m)
        if best is not None:
            self.use(best[2])
            return best[1]
        if t.kind == "number" and i + 1 < len(self.r.toks):
            # "more than 3 pets" on a contact: its "Number of pets", not the Pets object.
            noun = self.r.toks[i + 1].sing
            counts = [
                p.name
                for p in self.obj.properties
                if kind_of(p) == "number"
                and not p.hidden
                and noun in [singular(w) for w in vocab_words(p.label)]
            ]
            if len(counts) == 1:
                self.r.claim(i + 1, i + 2)
                return counts[0]
        if t.kind == "date":
            # "created before 2024-01-01": the record's own creation (or last-modified) date,
            # before any property whose description merely uses the word.
            near = {self.r.toks[k].low for k in range(max(0, i - 3), i)}
            if near & {"created", "added", "made"} and creation_prop(self.obj):
                return creation_prop(self.obj)
            if near & {"updated", "modified", "changed", "edited"} and modified_prop(self.obj):
                return modified_prop(self.obj)
        described = self.described_near(i, want)
        if described is not None:
            return described
        if t.kind == "number" and re.fullmatch(r"(19|20)\d\d", t.text):
            years = [
                p.name
                for p in self.obj.properties
                if kind_of(p) == "number" and not p.hidden and "year" in p.label.lower()
            ]
            if len(years) == 1:
                return years[0]
        if t.kind == "date":
            words = {x.low for x in self.r.toks}
            if words & {"close", "closing", "closed", "closes"}:
                for n in ("closedate", "closed_date"):
                    if self.obj.get_property(n) is not None:
                        return n
            if words & {"updated", "modified", "changed", "edited"}:
                return modified_prop(self.obj)
            return creation_prop(self.obj)
        # A bare number: the object's own main amount ("deals over 500").
        for n in ("amount",):
            if self.obj.get_property(n) is not None:
                return n
        numbers = [
            p.name
            for p in self.obj.properties
            if kind_of(p) == "number" and not p.read_only and not p.hidden
        ]
        if len(numbers) == 1:
            return numbers[0]
        return None

    def described_near(self, i: int, want: tuple[str, ...]) -> str | None:
        """ "built before 2010": a word near the number that one property's description uses."""
        r = self.r
        near = [
            r.toks[k].low
            for k in range(max(0, i - 4), i)
            if r.toks[k].kind == "word"
            and k not in r.claimed
            and r.toks[k].low not in STOPWORDS
            and r.toks[k].low not in RESERVED
            and r.toks[k].sing not in r.vocab.object_entries
            and len(r.toks[k].low) >= 4
        ]
        for word in near:
            forms = {word, *VERB_NOUNS.get(word, ()), *stems(word)}
            hits = [
                p.name
                for p in self.obj.properties
                if not p.hidden
                and kind_of(p) in want
                and forms & set(vocab_words(f"{p.label} {p.description}"))
            ]
            if len(hits) == 1:
                return hits[0]
        return None
