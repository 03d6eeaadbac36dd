"""How many records a search returns and in which order ("the 5 newest", "the largest")."""

from __future__ import annotations

import re

from compiler.authoring.goal_state import GoalState
from compiler.authoring.reader import creation_prop, modified_prop
from compiler.authoring.vocab import words as vocab_words
from compiler.authoring.words import MAX_LIMIT, SUPERLATIVE_HINTS, TIME_UNITS
from compiler.proptypes import kind_of


class LimitOrder(GoalState):
    def limit_and_order(self) -> tuple[int | None, tuple[str, bool] | None, bool]:
        """(limit, order, singular-by-superlative) from "top 5", "latest", "all", ...."""
        r, obj = self.r, self.obj
        limit: int | None = None
        order: tuple[str, bool] | None = None
        toks = r.toks
        for i, t in enumerate(toks):
            if t.kind != "number" or i in r.claimed:
                continue
            prev = r.before(i, 1)
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            obj_next = self.mention is not None and i < self.mention.i <= i + 4
            if self.counted_prop(i) is not None:
                continue
            if nxt is not None and nxt.low in TIME_UNITS:
                continue
            if prev and prev[0] in ("top", "first", "last", "latest", "newest", "limit"):
                limit = int(float(t.text))
                r.claim(i - 1, i + 1)
            elif prev and prev[0] in ("up",) and obj_next and r.before(i, 2)[0] == "up":
                limit = int(float(t.text))
                r.claim(i - 2, i + 1)
            elif (
                obj_next
                and "." not in t.text
                and not t.money
                and self.mention is not None
                # "5 tickets", "5 most expensive memberships": only words between.
                and all(
                    toks[x].kind == "word" and toks[x].low not in ("of", "with", "over", "under")
                    for x in range(i + 1, self.mention.i)
                )
            ):
                limit = int(float(t.text))
                r.claim(i, i + 1)
        if limit is not None:
            limit = max(1, min(limit, MAX_LIMIT))
        created, modified = creation_prop(obj), modified_prop(obj)
        superlative = False
        if r.has(
            r"\b(most recently|last|recently) (updated|modified|changed|edited|touched)\b"
            r"|\blatest (update|change)s?\b|\b(updated|modified|changed) (most recently|last)\b"
        ):
            if modified:
                order = (modified, True)
                superlative = r.has(r"\bmost recently\b|\blast (updated|modified)\b")
        elif r.has(
            r"\b(latest|newest|most recent|most recently (created|added|opened)|last created"
            r"|recently created|recent|last)\b"
        ):
            if created:
                order = (created, True)
                superlative = r.has(r"\b(latest|newest|most recent|most recently|last)\b")
                if r.has(r"\brecent\b") and not r.has(r"\bmost recent\b"):
                    superlative = False
                if r.has(r"\blast\b") and not r.has(
                    r"\b(the|caller's|their|his|her) last\b|\blast (created|opened|added)\b"
                ):
                    superlative = superlative and r.has(r"\b(latest|newest|most recent)\b")
                    if not r.has(r"\b(latest|newest|most recent|recently)\b"):
                        order = None
        elif r.has(r"\b(oldest|earliest|first created|least recent)\b") and created:
            order = (created, False)
            superlative = True
        big = re.search(
            r"\b(biggest|largest|highest|most expensive|most valuable|heaviest|greatest|top"
            r"|priciest|dearest)\b",
            r.low,
        )
        small = re.search(
            r"\b(smallest|lowest|cheapest|least expensive|least valuable|lightest)\b", r.low
        )
        if big or small:
            target = self.superlative_prop((big or small).group(1))  # type: ignore[union-attr]
            if target is not None:
                order = (target, bool(big))
                superlative = True
        by = re.search(
            r"\b(oldest|newest|latest|earliest|biggest|largest|highest|smallest|lowest|top)\b"
            r"[^.]*?\bby\b",
            r.low,
        )
        if by:
            after = [x for x in self.mentions if r.toks[x.i].start > by.end()]
            if after and after[0].entry.kind == "prop":
                descending = by.group(1) not in ("oldest", "earliest", "smallest", "lowest")
                order = (after[0].entry.target, descending)
                self.use(after[0])
                r.claim(after[0].i, after[0].j)
        m = re.search(r"\b(sorted|ordered|sort|order)\b(?: them)? by\b", r.low)
        if m:
            after = [x for x in self.mentions if r.toks[x.i].start > m.end()]
            if after and after[0].entry.kind == "prop":
                direction = r.has(
                    r"\b(desc|descending|newest first|latest first|most recent first"
                    r"|highest first|largest first|biggest first|z to a)\b"
                )
                order = (after[0].entry.target, direction)
                self.use(after[0])
        if r.has(r"\b(all|every|each)\b") and limit is None:
            limit = MAX_LIMIT
        return limit, order, superlative

    def superlative_prop(self, word: str) -> str | None:
        after = [
            m
            for m in self.mentions
            if m.entry.kind == "prop"
            and kind_of(self.prop(m.entry.target)) in ("number", "date", "datetime")
        ]
        if after:
            self.use(after[0])
            return after[0].entry.target
        numbers = [
            p
            for p in self.obj.properties
            if kind_of(p) == "number" and not p.read_only and not p.hidden
        ]
        # "cheapest" is about a price, "heaviest" about a weight: the words of the property.
        hints = SUPERLATIVE_HINTS.get(word.split()[-1], ())
        hinted = [
            p.name
            for p in numbers
            if set(vocab_words(f"{p.name.replace('_', ' ')} {p.label}")) & set(hints)
        ]
        if len(hinted) >= 1:
            return hinted[0]
        if self.obj.get_property("amount") is not None:
            return "amount"
        return numbers[0].name if len(numbers) == 1 else None
