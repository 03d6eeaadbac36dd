"""Which object a goal is about, whether its words link other objects, and verbs that name
a state ("freeze") or no known action at all."""

from __future__ import annotations

from compiler.authoring.frame import Val
from compiler.authoring.goal_state import GoalState
from compiler.authoring.reader import Mention
from compiler.authoring.reading import Failure, Question, failure
from compiler.authoring.tokens import tokenize
from compiler.authoring.vocab import STOPWORDS, ObjectVocab, lookup
from compiler.authoring.words import (
    CALLER_WORDS,
    CALLING,
    CREATE_VERBS,
    LEAD_IN,
    RESERVED,
    SEARCH_VERBS,
    STATE_VERBS,
    UPDATE_VERBS,
)


class ObjectChoice(GoalState):
    def choose_object(
        self, objects: list[Mention], intent: str, verb_at: int | None
    ) -> tuple[str, Mention | None] | Question | Failure:
        r = self.r
        if r.object_hint:
            found = r.schema.resolve_object(r.object_hint)
            if found is None:
                hit = lookup(
                    " ".join(t.sing for t in tokenize(r.object_hint)),
                    r.vocab.object_entries,
                    r.vocab.object_keys,
                )
                if hit is None or hit[0] < 90:
                    return failure(
                        "unknown-object",
                        f'this account has no object "{r.object_hint}"',
                        "objects: " + ", ".join(r.schema.objects),
                    )
                name = hit[1][0].target
            else:
                name = found[0]
            mention = next((m for m in objects if m.entry.target == name), None)
            return name, mention
        calling_now = any(t.low in CALLER_WORDS for t in r.toks)
        if objects and calling_now and "contacts" in r.vocab.objects:
            props = r.prop_mentions(r.vocab.objects["contacts"], set(), False)
            objects = [
                o
                for o in objects
                if o.entry.target == "contacts"
                or not any(
                    p.i <= o.i
                    and o.j <= p.j
                    and (p.j - p.i) > (o.j - o.i)
                    and p.score >= 95
                    and p.entry.kind == "prop"
                    for p in props
                )
            ]
        if objects:
            caller_owned = [
                m
                for m in objects
                if m.entry.target == "contacts" and any(w in CALLER_WORDS for w in r.before(m.i, 2))
            ]
            rest = [m for m in objects if m not in caller_owned]
            candidates = rest or objects
            owners = {id(m): self.inside_phrase(m, objects) for m in candidates}
            # "guest request" is a ticket pipeline's label: the mention is that pipeline's
            # object, not the contacts' "guest".
            pool = [m for m in candidates if owners[id(m)] in (None, m.entry.target)]
            if not pool:
                owner = next(o for o in owners.values() if o is not None)
                return owner, next((m for m in candidates if m.entry.target == owner), None)
            uncounted = [m for m in pool if not (m.i > 0 and r.toks[m.i - 1].kind == "number")]
            first = (uncounted or pool)[0]
            return first.entry.target, first
        calling = any(t.low in CALLER_WORDS for t in r.toks) or r.has(CALLING)
        if calling and "contacts" in r.schema.objects:
            noun = r.unknown_noun(verb_at)
            if noun is None or noun in ("phone", "number", "contact", "details", "record", "name"):
                return "contacts", None
            # "the caller's invoices", "the caller's new puppy": a thing this account does not
            # hold, unless a contact property is named there ("the caller's preferred vet").
            at = r.noun_at(verb_at)
            contacts = r.vocab.objects["contacts"]
            near = [
                m
                for m in r.prop_mentions(contacts, set(), False)
                if at is not None
                and (m.i == at or (m.entry.kind == "option" and at <= m.i <= at + 3))
            ]
            if near:
                return "contacts", None
        inferred = self.infer_object()
        if inferred is not None:
            return inferred, None
        noun = r.unknown_noun(verb_at)
        kinds = ", ".join((o.labels.plural or n).lower() for n, o in r.schema.objects.items())
        if noun is not None:
            return failure(
                "unknown-object",
                f'this account has no records called "{noun}"',
                f"it holds {kinds}",
            )
        return Question(
            "Which kind of record is this about?",
            [((o.labels.plural or n), None) for n, o in r.schema.objects.items()],
        )

    def infer_object(self) -> str | None:
        """No object named: the one whose option labels the goal uses ("list neutered cats")."""
        r = self.r
        score: dict[str, int] = {}
        for name, ov in r.vocab.objects.items():
            for t in r.toks:
                if t.kind != "word" or t.low in STOPWORDS or t.low in RESERVED:
                    continue
                entries = ov.entries.get(t.sing)
                if entries:
                    weight = 2 if any(e.kind == "option" for e in entries) else 1
                    core = {ov.obj.primaryDisplayProperty, *ov.obj.requiredProperties}
                    if any(e.target in core for e in entries):
                        weight += 1
                    score[name] = score.get(name, 0) + weight
        if not any(v >= 2 for v in score.values()):
            return None
        if not score:
            return None
        best = max(score.values())
        winners = [n for n, v in score.items() if v == best]
        return winners[0] if len(winners) == 1 else None

    def names_option(self, ov: ObjectVocab, m: Mention) -> bool:
        key = " ".join(t.sing for t in self.r.toks[m.i : m.j])
        return any(e.kind == "option" for e in ov.entries.get(key, []))

    def can_link(self, other: str) -> bool:
        target = self.r.schema.objects.get(other)
        return target is not None and self.obj.association_to(target.objectTypeId) is not None

    def unknown_verb(self) -> Question | None:
        """ "Unsubscribe the caller ...": a first word that is no verb this reader knows and
        names nothing in the account; what the skill should do is then not clear."""
        r = self.r
        first = next((k for k, t in enumerate(r.toks) if t.kind == "word"), None)
        if first is None or first != 0 or r.toks[first].capitalised is False:
            return None
        word = r.toks[first].low
        if word in LEAD_IN or word in STOPWORDS or word in RESERVED or word in CALLER_WORDS:
            return None
        if any(m.i <= first < m.j for m in self.mentions) or first in self.object_span:
            return None
        if r.toks[first].sing in r.vocab.object_entries or word in ("how", "who", "which"):
            return None
        return Question(
            f'What should "{r.toks[first].text}" do: look records up, create one, or change one?',
            [("look up", None), ("create", None), ("change", None)],
        )

    def state_verb(self) -> tuple[str, Val] | None:
        """ "Freeze a given membership", "cancel ...": a verb naming an option of the object."""
        r = self.r
        first = next((k for k, t in enumerate(r.toks) if t.kind == "word"), None)
        if first is None or first in r.claimed:
            return None
        word = r.toks[first].low
        if word in CREATE_VERBS or word in UPDATE_VERBS or word in SEARCH_VERBS:
            return None
        forms = {*STATE_VERBS.get(word, ()), word + "d", word + "ed", word + "led"}
        hits = {
            (e.target, e.value, e.label)
            for es in self.ov.entries.values()
            for e in es
            if e.kind == "option" and e.label.lower() in forms
        }
        if len(hits) != 1:
            return None
        target, value, label = next(iter(hits))
        prop = self.obj.get_property(target)
        if prop is None or prop.read_only:
            return None
        r.claim(first, first + 1)
        self.verb_at = first
        return target, Val("string", value or "", label=label)
