"""The offline engine: a plain-language goal → a frame, by schema-aware semantic parsing.

No model and no network: the goal's words are matched (fuzzily, via rapidfuzz) against the
account's own vocabulary (``vocab``), then a few dozen rules of English usage decide the intent,
the conditions, the sort, the limit, the values versus the inputs and the write defaults. What the
rules cannot settle becomes a ``Question``; what the account lacks becomes a ``Failure``.

This module holds the entry (``read_goal``) and the top of the reading: the intent, the object and
the dispatch to a search (``search_reading``) or a write (``write_reading``). The parts they use
live beside it: ``object_choice``, ``comparisons``, ``mention_conditions``, ``limit_order``,
``property_roles``, ``goal_problems``, over the shared state in ``goal_state``.
"""

from __future__ import annotations

import re

from compiler.authoring.object_choice import ObjectChoice
from compiler.authoring.reader import Reader
from compiler.authoring.reading import Failure, Question, Reading, failure
from compiler.authoring.search_reading import SearchReading
from compiler.authoring.vocab import Vocabulary
from compiler.authoring.words import CALLER_WORDS, CALLING
from compiler.authoring.write_reading import WriteReading


def read_goal(goal: str, vocab: Vocabulary, object_hint: str | None = None) -> Reading:
    return _Builder(Reader(goal, vocab, object_hint)).build()


class _Builder(ObjectChoice, SearchReading, WriteReading):
    def build(self) -> Reading:
        r = self.r
        if not r.toks:
            return Question(
                'What should the skill do, in a sentence (e.g. "find the caller\'s open tickets")?',
                [],
            )
        if r.has(r"^\W*(please )?(delete|remove|erase|destroy|archive|merge|purge)\b"):
            return failure(
                "not-supported",
                "skills cannot delete, archive or merge records; they look up, list, create and "
                "update them",
            )
        intent, verb_at = r.intent()
        self.verb_at = verb_at
        self.intent = intent
        noting = verb_at is not None and r.toks[verb_at].low in (
            "record",
            "log",
            "enter",
            "note",
            "store",
            "save",
        )
        if noting and (
            (
                r.has(r"\b(of|for|on) (a|the|this) (given |particular |specific )?\w+")
                and r.has(r"^\W*(please )?\w+ (the|their|its|his|her) ")
            )
            # "record a given pet's new weight": a detail of a record that exists.
            or any(t.possessive and t.low not in CALLER_WORDS for t in r.toks)
        ):
            intent = "update"
        if verb_at is not None:
            r.claim(verb_at, verb_at + 1)
        objects = r.object_mentions()
        if re.search(r"\b(someone|somebody|anyone|a (customer|client)) calls\b", r.low):
            # "when someone calls": the caller, not the Calls object.
            objects = [m for m in objects if r.toks[m.i].low not in ("call", "calls")]
            for i, t in enumerate(r.toks):
                if t.low == "calls" and r.w(i - 1) in ("someone", "somebody", "anyone", "customer"):
                    r.claim(i, i + 1)
        chosen = self.choose_object(objects, intent, verb_at)
        if isinstance(chosen, Question | Failure):
            return chosen
        name, mention = chosen
        obj = r.schema.objects[name]
        ov = r.vocab.object_vocab(name)
        if mention is not None:
            r.fuzz.append(mention.score)
        # Other words for the same object ("customers" on contacts) are claimed with it, unless
        # they also name one of its options ("contacts who are customers").
        self.object_span = {
            i
            for m in objects
            if m.entry.target == name and (m is mention or not self.names_option(ov, m))
            for i in range(m.i, m.j)
        }
        self.name, self.obj, self.ov, self.mention = name, obj, ov, mention
        self.caller = any(t.low in CALLER_WORDS for t in r.toks) or r.has(CALLING)
        for i, t in enumerate(r.toks):
            if t.low in CALLER_WORDS:
                r.claim(i, i + 1)
        others = [m for m in objects if m is not mention and m.entry.target != name]
        self.other_objects = others
        write = intent in ("create", "update", "find_or_create")
        skip = set(range(mention.i, mention.j)) if mention is not None else set()
        # "2 vehicles" on a contact is a count property, not another object.
        counted = [m for m in others if m.i > 0 and r.toks[m.i - 1].kind == "number"]
        # "about a given pet" on a ticket with no pet association: maybe a property's word.
        linked = [m for m in others if self.can_link(m.entry.target)]
        self.other_objects = [m for m in others if m not in counted and m in linked]
        others_span = {i for m in self.other_objects for i in range(m.i, m.j)}
        self.mentions = r.prop_mentions(ov, skip | others_span, write)
        state = self.state_verb()
        if state is not None:
            intent = "update"
            self.preset[state[0]] = state[1]
        linking = r.toks[0].low in ("link", "attach", "connect", "associate") if r.toks else False
        if intent == "search" and linking and r.has(r"\bnew\b"):
            intent = "create"  # "link a new ticket to the caller"
        if intent == "search" and verb_at is None and state is None:
            unknown = self.unknown_verb()
            if unknown is not None:
                return unknown
        if intent == "search":
            return self.search()
        if intent == "create":
            return self.write("create")
        if intent == "update":
            return self.update()
        return self.write("find_or_create")
