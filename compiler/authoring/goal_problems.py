"""What a goal asks for that the account lacks, or leaves open: the failures and questions a
reading reports instead of guessing."""

from __future__ import annotations

import re

from compiler.authoring.frame import Cond, Frame, param
from compiler.authoring.goal_state import GoalState
from compiler.authoring.reader import creation_prop, param_name
from compiler.authoring.reading import Failure, Question, failure
from compiler.authoring.vocab import STOPWORDS
from compiler.authoring.words import CALLER_WORDS, RESERVED


class GoalProblems(GoalState):
    def unmatched_fields(self) -> list[str]:
        """Words after "by" / "a given" that name no property of the object."""
        r = self.r
        missing = []
        for i, t in enumerate(r.toks):
            if t.low not in ("by", "given", "whose", "particular", "specific") or i in r.claimed:
                continue
            if (
                t.low == "by"
                and r.before(i, 1)
                and r.before(i, 1)[0]
                in ("sorted", "ordered", "sort", "order", "given", "provided", "supplied", "set")
            ):
                continue
            k = i + 1
            while k < len(r.toks) and r.toks[k].low in STOPWORDS | {
                "their",
                "its",
                "caller",
                "given",
                "particular",
            }:
                k += 1
            if k >= len(r.toks) or k in r.claimed or r.toks[k].kind != "word":
                continue
            if r.toks[k].low in RESERVED or r.toks[k].low in CALLER_WORDS:
                continue
            end = k
            while (
                end < len(r.toks)
                and end - k < 3
                and r.toks[end].kind == "word"
                and end not in r.claimed
                and r.toks[end].low not in STOPWORDS
            ):
                end += 1
            first = r.toks[k].sing
            if any(first in key.split() for key in self.ov.keys):
                continue
            missing.append(" ".join(t.text for t in r.toks[k:end]))
        return missing

    def stray_criterion(self) -> Failure | None:
        """ "pets with a tattoo": a detail the goal asks for that no property holds."""
        r = self.r
        m = self.mention
        for k in self.leftover_indices():
            # "create an invoice for the caller's deal": the thing to act on is not in this account.
            acted_on = (
                m is not None
                and self.verb_at is not None
                and self.verb_at < k < m.i
                and r.w(k - 1) in ("a", "an", "the", "new")
                and r.w(k + 1) in ("for", "of", "on", "about", "from", "to", "with", "")
            )
            if acted_on:
                kinds = ", ".join(
                    (o.labels.plural or n).lower() for n, o in r.schema.objects.items()
                )
                return failure(
                    "unknown-object",
                    f'this account has no records called "{r.toks[k].text}"',
                    f"it holds {kinds}",
                )
            if (
                m is not None
                and self.verb_at is not None
                and self.intent == "search"
                and k == m.i - 1
                and self.verb_at < k
            ):
                # "penthouse bookings": a kind of record nothing in this account describes.
                plural = (self.obj.labels.plural or self.name).lower()
                return failure(
                    "unknown-value",
                    f'nothing about {plural} in this account says "{r.toks[k].text}"',
                    "name a value one of their properties has",
                )
            numbered = k + 1 < len(r.toks) and r.toks[k + 1].kind == "number"
            if r.w(k - 1) in ("in", "at") and numbered:
                plural = (self.obj.labels.plural or self.name).lower()
                return failure(
                    "unknown-property",
                    f'{plural} in this account have no property like "{r.toks[k].text}"',
                )
            if r.toks[k].capitalised and r.w(k - 1) in ("in", "at", "from", "near"):
                # "units in Elm Tower": a place or a name nothing in this account holds.
                end = k
                while end < len(r.toks) and r.toks[end].capitalised:
                    end += 1
                named = " ".join(t.text for t in r.toks[k:end])
                plural = (self.obj.labels.plural or self.name).lower()
                return failure(
                    "unknown-value",
                    f'nothing in {plural} of this account is called "{named}"',
                    "name a value one of their properties has",
                )
            if r.w(k - 1) in ("with", "without") or (
                r.w(k - 1) in ("a", "an", "any")
                and r.w(k - 2) in ("with", "without", "have", "has")
            ):
                return self.unknown_field(r.toks[k].text)
        return None

    def unknown_field(self, words: str) -> Failure:
        plural = self.obj.labels.plural or self.name
        near = [
            e.label
            for k in self.ov.keys
            for e in self.ov.entries[k]
            if e.kind == "prop" and words.lower().split()[0][:4] in k
        ][:3]
        return failure(
            "unknown-property",
            f'{plural} in this account have no property like "{words}"',
            ("did you mean " + ", ".join(dict.fromkeys(near)) + "?") if near else None,
        )

    def name_question(self, conds: list[Cond], limit: int | None) -> Question:
        """ "a contact by name": contacts keep first and last names apart."""
        cands: list[tuple[str, Frame | None]] = []
        for label, props in (
            ("first and last name", ("firstname", "lastname")),
            ("first name", ("firstname",)),
            ("last name", ("lastname",)),
        ):
            f = self.frame("one" if limit == 1 else "many")
            f.conds = [*conds, *(Cond(p, "=", (param(p),)) for p in props)]
            f.limit = limit
            cands.append((f"by {label}", f))
        return Question("Which name should it match: first, last, or both?", cands)

    def pick_question(self) -> Question:
        """A lookup of one record with nothing to pick it by: ask how to pick it."""
        sing = (self.obj.labels.singular or self.name).lower()
        cands: list[tuple[str, Frame | None]] = []
        for p in self.key_candidates():
            f = self.frame("one")
            op = "matches" if p.is_phone else "="
            f.conds, f.limit = [Cond(p.name, op, (param(param_name(p.name)),))], 1
            cands.append((f"by {p.label} (given by the agent)", f))
        return Question(f"Which {sing} should it find: what identifies it?", cands)

    def relative_question(
        self, phrase: str, conds: list[Cond], order: tuple[str, bool] | None, limit: int | None
    ) -> Question:
        created = creation_prop(self.obj)
        frame = self.frame("many")
        # "older than 30 days", "more than 2 weeks ago": created before a date, not after it.
        before = bool(re.search(r"\bolder\b|\bago\b", phrase)) and not re.search(
            r"\b(less|fewer|under|within)\b[\w ]*\bago\b", " ".join(t.low for t in self.r.toks)
        )
        if before:
            frame.conds = [*conds, Cond(created or "createdate", "<", (param("before"),))]
        else:
            frame.conds = [*conds, Cond(created or "createdate", ">=", (param("since"),))]
        frame.order, frame.limit = order, limit
        bound = "latest" if before else "earliest"
        return Question(
            f'A binding cannot compute a date relative to today ("{phrase}"). Should the agent '
            f"give the {bound} creation date each time?",
            [(f"yes, the agent gives the {bound} date", frame)],
        )
