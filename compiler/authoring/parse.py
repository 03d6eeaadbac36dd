"""The offline engine: a plain-language goal → a frame, by schema-aware semantic parsing.

No model and no network: the goal's words are matched (fuzzily, via rapidfuzz) against the
account's own vocabulary (``vocab``), then a few dozen rules of English usage decide the intent,
the conditions, the sort, the limit, the values versus the inputs and the write defaults. What the
rules cannot settle becomes a ``Question``; what the account lacks becomes a ``Failure``.
"""

from __future__ import annotations

import re

from compiler.account.model import Pipeline, Property
from compiler.account.standard_objects import STANDARD_OBJECTS
from compiler.authoring.conditions import (
    CLOSED_WORDS,
    OPEN_WORDS,
    in_values,
    near_word,
    phrase_of,
    rename,
    stems,
)
from compiler.authoring.frame import Cond, Frame, Intent, Val, param
from compiler.authoring.reader import (
    Mention,
    Reader,
    creation_prop,
    default_pipeline,
    first_stage,
    main_phone,
    modified_prop,
    param_name,
    phone_props,
    record_param,
)
from compiler.authoring.reading import Failure, Parsed, Question, Reading, failure
from compiler.authoring.tokens import Tok, tokenize
from compiler.authoring.vocab import (
    PROPERTY_SYNONYMS,
    STOPWORDS,
    Entry,
    ObjectVocab,
    Vocabulary,
    is_closed_stage,
    lookup,
    singular,
)
from compiler.authoring.vocab import words as vocab_words
from compiler.authoring.words import (
    CALLER_WORDS,
    CALLING,
    COLOURS,
    CONTAINS_WORDS,
    CREATE_VERBS,
    INPUT_MARKERS,
    KEYWORD_WORDS,
    LEAD_IN,
    MAX_LIMIT,
    NOT_WORDS,
    OPS,
    RESERVED,
    SEARCH_VERBS,
    STATE_VERBS,
    STATE_WORDS,
    SUPERLATIVE_HINTS,
    UPDATE_VERBS,
    VERB_NOUNS,
)
from compiler.proptypes import allowed_values, kind_of


def read_goal(goal: str, vocab: Vocabulary, object_hint: str | None = None) -> Reading:
    return _Builder(Reader(goal, vocab, object_hint)).build()


class _Builder:
    def __init__(self, r: Reader) -> None:
        self.r = r
        self.ambiguous: tuple[str, str, list[Property]] | None = None
        self.intent = "search"
        self.preset: dict[str, Val] = {}  # assignments the verb itself makes ("freeze")
        self.verb_at: int | None = None
        self.bad_option: Failure | None = None  # a value named for a property that lacks it
        self.optional_at: set[int] = set()  # mentions whose input the goal calls optional
        self.positions: dict[str, int] = {}
        self.conds: list[Cond] = []
        self.sets: dict[str, Val] = {}
        self.keys: list[Cond] = []
        self.returns: list[str] = []
        self.alternatives: list[tuple[Frame, str]] = []
        self.questions: list[Question] = []
        self.failures: list[dict[str, str]] = []

    # ------------------------------------------------------------ entry
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

    def at(self, key: str | None, i: int) -> None:
        """Where the goal first speaks of ``key`` (a property), to keep the author's order."""
        if key:
            self.positions.setdefault(key, i)

    def in_goal_order(self, conds: list[Cond]) -> list[Cond]:
        """Conditions in the order the goal states them; the caller's scope comes first."""
        conds = list(dict.fromkeys(conds))  # one predicate said twice is one predicate

        def key(c: Cond) -> int:
            if c.op == "associated" or any(v.is_caller for v in c.values) or c.any_of:
                return -1
            return self.positions.get(c.prop or "", 10_000)

        return sorted(conds, key=key)

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

    def option_word_entries(self, word: str) -> list[Entry]:
        """Options whose label holds ``word`` ("directly" → "Direct")."""
        found = self.ov.option_words.get(word, [])
        if not found and word.endswith("ly") and len(word) > 5:
            found = self.ov.option_words.get(word[:-2], [])
        return found

    def names_option(self, ov: ObjectVocab, m: Mention) -> bool:
        key = " ".join(t.sing for t in self.r.toks[m.i : m.j])
        return any(e.kind == "option" for e in ov.entries.get(key, []))

    def can_link(self, other: str) -> bool:
        target = self.r.schema.objects.get(other)
        return target is not None and self.obj.association_to(target.objectTypeId) is not None

    def inside_phrase(self, m: Mention, objects: list[Mention]) -> str | None:
        """ "issue" in "billing issue tickets", "member" in "member request ticket": part of a
        label of the object itself or of another object the goal names."""
        r = self.r
        named = [m.entry.target, *(o.entry.target for o in objects)]
        for i in range(max(0, m.i - 3), m.i + 1):
            for j in range(m.j, min(len(r.toks), m.j + 3) + 1):
                if (i, j) == (m.i, m.j) or any(t.kind != "word" for t in r.toks[i:j]):
                    continue
                key = " ".join(t.sing for t in r.toks[i:j])
                owner = next((n for n in named if key in r.vocab.objects[n].entries), None)
                if owner is not None:
                    return owner
        return None

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

    # ------------------------------------------------------------ shared pieces
    def prop(self, name: str) -> Property:
        p = self.obj.get_property(name)
        assert p is not None
        return p

    def plural_object(self) -> bool:
        m = self.mention
        if m is None:
            return False
        word = " ".join(t.low for t in self.r.toks[m.i : m.j])
        return word != " ".join(t.sing for t in self.r.toks[m.i : m.j]) or word in (
            "people",
            "data",
        )

    def caller_possessive(self, i: int) -> bool:
        return any(w in CALLER_WORDS for w in self.r.before(i, 3))

    def stage_sets(self) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        open_: list[tuple[str, str]] = []
        closed: list[tuple[str, str]] = []
        for p in self.obj.pipelines:
            if p.archived:
                continue
            for s in p.stages:
                if s.archived:
                    continue
                (closed if is_closed_stage(s.metadata) else open_).append((s.id, s.label))
        return open_, closed

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

    def unit_after(self, k: int, target: str) -> None:
        """ "between 5 and 10 kg": the unit names the property compared, nothing more."""
        for m in self.mentions:
            if m.i == k and m.entry.target == target:
                self.use(m)

    def counted_prop(self, i: int) -> Mention | None:
        """The number property named right after the number at ``i`` ("3 bedrooms")."""
        if self.r.toks[i].kind != "number":
            return None
        for m in self.mentions:
            if m.i == i + 1 and m.entry.kind == "prop":
                p = self.obj.get_property(m.entry.target)
                if p is not None and kind_of(p) == "number":
                    return m
        return None

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
            if nxt is not None and nxt.low in (
                "day",
                "days",
                "week",
                "weeks",
                "month",
                "months",
                "year",
                "years",
                "hour",
                "hours",
            ):
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

    # ------------------------------------------------------------ property roles
    def roles(self, write: bool) -> list[tuple[Mention, str, Val | None, bool]]:
        """Each property mention → (mention, role, value, negated); role in value/input/bare."""
        r = self.r
        out: list[tuple[Mention, str, Val | None, bool]] = []
        optioned = {m.entry.target for m in self.mentions if m.entry.kind == "option"}
        for m in self.mentions:
            if m.entry.kind == "prop" and m.entry.target in optioned:
                got = None
                prop = self.obj.get_property(m.entry.target)
                if prop is not None:
                    got = r.value_after(m.j, prop, self.ov)
                if got is None:
                    r.claim(m.i, m.j)
                    continue
            if id(m) in self.used:
                continue
            e = m.entry
            if set(range(m.i, m.j)) & r.claimed:
                continue
            if set(range(m.i, m.j)) <= self.object_span:
                continue
            prev = r.before(m.i, 3)
            negated = bool(NOT_WORDS & set(prev[-2:]))
            if e.kind == "option":
                prop = self.obj.get_property(e.target)
                if prop is None or (prop.read_only and write):
                    continue
                word = r.toks[m.i].low
                if (
                    m.j - m.i == 1
                    and word.endswith("ed")
                    and m.i - 1 in self.object_span
                    and r.w(m.j) in ("with", "by", "via", "through", "for", "on", "at")
                ):
                    # "appointments booked with Dr. Patel": a verb, not the status Booked.
                    r.claim(m.i, m.j)
                    continue
                r.claim(m.i, m.j)
                r.fuzz.append(m.score)
                value = Val("string", e.value or "", label=e.label)
                if kind_of(prop) == "bool":
                    value = Val("bool", e.value or "true", label=e.label)
                out.append(
                    (
                        Mention(m.i, m.j, m.score, [Entry("prop", e.target, label=e.label)], m.key),
                        "value",
                        value,
                        negated,
                    )
                )
                continue
            prop = self.obj.get_property(e.target)
            if prop is None:
                continue
            r.claim(m.i, m.j)
            r.fuzz.append(m.score)
            got = r.value_after(m.j, prop, self.ov)
            if got is not None:
                r.claim(m.j, got[1])
                out.append((m, "value", got[0], negated or r.value_negated))
                continue
            if kind_of(prop) == "enumeration" and self.bad_option is None:
                self.bad_option = self.unknown_option(m, prop)
            if kind_of(prop) == "bool" and not r.input_marked(m.i, strict=True):
                out.append((m, "value", Val("bool", "false" if negated else "true"), False))
                continue
            after_input = self.input_after(m.j)
            if after_input is not None:
                r.claim(m.j, after_input)
                if r.optional_near(m.i, after_input):
                    self.optional_at.add(m.i)
                out.append((m, "input", None, negated))
                continue
            role = "input" if r.input_marked(m.i) else "bare"
            near = set(r.before(m.i, 2))
            if near & {"without", "no", "missing", "lacking"}:
                role = "unset"
            elif near & {"have", "has"} and not near & INPUT_MARKERS:
                role = "isset"
            option = self.option_word(m) if role == "bare" else None
            if option is not None:
                prop_m = Mention(m.i, m.j, 90.0, [Entry("prop", option.target)], m.key)
                value = Val("string", option.value or "", label=option.label)
                out.append((prop_m, "value", value, negated))
                continue
            out.append((m, role, None, negated))
        r.claimed.update(self.object_span)
        for m, role, _, _ in out:
            self.at(m.entry.target, m.i)
            if role != "value":
                self.note_ambiguity(m, write)
        return out

    def note_ambiguity(self, m: Mention, write: bool) -> None:
        """ "contacts by status": one word, several properties, and none plainly the one."""
        if m.j - m.i != 1 or self.ambiguous is not None:
            return
        word = self.r.toks[m.i].sing
        chosen = self.obj.get_property(m.entry.target)
        if chosen is None:
            return
        if phrase_of(chosen.label) == word and not chosen.name.startswith("hs_"):
            return  # the property is called just that
        if word == chosen.name or word in PROPERTY_SYNONYMS.get(chosen.name, ()):
            return  # its own name, or the everyday word for it
        if self.name == "contacts" and word == "name":
            return  # first and last name, handled where names are
        props = [
            p
            for p in self.obj.properties
            if not p.hidden
            and not p.read_only
            and word in [singular(w) for w in vocab_words(p.label)]
        ]
        props.sort(key=lambda p: (p.name.startswith("hs_"), p.read_only))
        if len(props) >= 2:
            self.ambiguous = (word, chosen.name, props[:5])

    def ask_which(self, f: Frame) -> Question | None:
        """The question an ambiguous word raises, each reading a checked candidate."""
        if self.ambiguous is None:
            return None
        word, chosen, props = self.ambiguous
        cands: list[tuple[str, Frame | None]] = []
        for p in props:
            cands.append((p.label, rename(f, chosen, p.name)))
        return Question(f'Which "{word}" do you mean?', cands)

    def input_after(self, j: int) -> int | None:
        """ "... is given by the agent", "... the agent provides": where such words end."""
        r = self.r
        k = j
        while r.w(k) in ("is", "are", "as", "was", "will", "be", "that", "which"):
            k += 1
        rest = " ".join(r.w(x) for x in range(k, min(len(r.toks), k + 5)))
        m = re.match(
            r"((given|provided|supplied|chosen|named|picked|specified) (by|from) the (agent|caller)"
            r"|the (agent|caller) (gives|provides|supplies|chooses|names|passes|specifies)"
            r"|from the agent)\b",
            rest,
        )
        if m is None:
            return None
        return k + len(m.group(0).split())

    def unknown_option(self, m: Mention, prop: Property) -> Failure | None:
        """ "the Billing pipeline", "priority to Critical": a value this property does not have."""
        r = self.r
        named: str | None = None
        k = m.j
        while r.w(k) in ("is", "to", "as", "of", "equal", "equals", "be", "=", "not"):
            k += 1
        if k < len(r.toks) and k not in r.claimed:
            t = r.toks[k]
            if t.kind == "quote" or (t.capitalised and t.low not in RESERVED):
                named = t.text
        if named is None:
            k = m.i - 1
            words: list[str] = []
            while k > 0 and r.toks[k].capitalised and k not in r.claimed:
                if r.toks[k].low in RESERVED or r.toks[k].sing in self.r.vocab.object_entries:
                    break
                words.insert(0, r.toks[k].text)
                k -= 1
            named = " ".join(words) or None
        if named is None:
            return None
        options = [label for _, label, hidden in allowed_values(self.obj, prop) if not hidden]
        shown = ", ".join(options[:12]) + (" ..." if len(options) > 12 else "")
        return failure(
            "unknown-value",
            f'"{named}" is not a {prop.label or prop.name} of '
            f"{(self.obj.labels.plural or self.name).lower()} in this account",
            f"it has: {shown}" if options else None,
        )

    def optional(self, m: Mention) -> bool:
        return m.i in self.optional_at or self.r.optional_near(m.i, m.j)

    def option_word(self, m: Mention) -> Entry | None:
        """ "kennels": one word standing for an option label ("Boarding kennel"), read as that
        option rather than as a property that merely shares the word."""
        if m.j - m.i != 1 or m.entry.weight >= 1.0:
            return None
        entries = self.ov.option_words.get(self.r.toks[m.i].sing, [])
        if len({(e.target, e.value) for e in entries}) != 1:
            return None
        nxt = self.r.toks[m.j] if m.j < len(self.r.toks) else None
        if nxt is not None and nxt.kind in ("number", "date", "quote"):
            return None
        return entries[0]

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

    def display_name_prop(self) -> str | None:
        prim = self.obj.primaryDisplayProperty
        if self.name == "contacts":
            return "firstname" if self.obj.get_property("firstname") else prim
        std = STANDARD_OBJECTS.get(self.name)
        if std is not None and self.obj.get_property(std.primary_display):
            return std.primary_display
        return prim

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

    def use(self, m: Mention) -> None:
        """A mention consumed by a comparison, a sort or a keyword: no longer a field to return."""
        self.used.add(id(m))
        self.r.claim(m.i, m.j)

    def leftovers(self) -> list[str]:
        return [self.r.toks[i].text for i in self.leftover_indices()]

    def leftover_indices(self) -> list[int]:
        r = self.r
        return [
            i
            for i, t in enumerate(r.toks)
            if i not in r.claimed
            and t.kind == "word"
            and t.low not in STOPWORDS
            and t.low not in RESERVED
            and t.low not in LEAD_IN
            and t.low not in INPUT_MARKERS
            and t.low not in SEARCH_VERBS
            and t.low not in CREATE_VERBS
            and t.low not in UPDATE_VERBS
        ]

    def frame(self, intent: Intent) -> Frame:
        f = Frame(intent, self.name)
        f.fuzziness = list(self.r.fuzz)
        f.assumed = list(self.r.assumed)
        return f

    # ------------------------------------------------------------ search
    used: set[int]

    def search(self) -> Reading:
        r, obj, name = self.r, self.obj, self.name
        self.used = set()
        conds: list[Cond] = []
        relative = re.search(
            r"\b(in|within|over|during|from) the (last|past|previous|next) (\d+ )?"
            r"(day|week|month|year|hour)s?\b"
            r"|\b(today|yesterday|this (week|month|year)|last (week|month|year))\b",
            r.low,
        )
        if relative is not None:
            r.low = (
                r.low[: relative.start()] + " " * len(relative.group(0)) + r.low[relative.end() :]
            )
            for i, t in enumerate(r.toks):
                if t.low in (
                    "last",
                    "past",
                    "previous",
                    "next",
                    "day",
                    "days",
                    "week",
                    "weeks",
                    "month",
                    "months",
                    "year",
                    "years",
                    "today",
                    "yesterday",
                ) or (
                    t.kind == "number"
                    and r.w(i + 1)
                    in (
                        "day",
                        "days",
                        "week",
                        "weeks",
                        "month",
                        "months",
                        "year",
                        "years",
                        "hour",
                        "hours",
                    )
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
                    if prop.is_phone:
                        caller_value = param("caller.phone")
                    elif prop.name == "email":
                        caller_value = param("caller.email")
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
        for other in self.other_objects:
            target = other.entry.target
            if target == "contacts" and self.caller:
                continue
            if self.inside_phrase(other, [self.mention] if self.mention else []) == self.name:
                continue  # "a deal type of existing business": a word of this object's label
            prev = r.before(other.i, 3)
            if set(prev) & (INPUT_MARKERS | {"for", "of", "with", "to", "on"}):
                oobj = r.schema.objects[target]
                conds.append(
                    Cond(None, "associated", (param(record_param(oobj, target)),), obj=target)
                )
                r.claim(other.i, other.j)
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
        stray = self.stray_criterion()
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

    def default_returns(self) -> list[str]:
        std = STANDARD_OBJECTS.get(self.name)
        if std is not None:
            return list(std.returned)
        return [
            n for n in (self.obj.primaryDisplayProperty, *self.obj.secondaryDisplayProperties) if n
        ]

    def relative_question(
        self, phrase: str, conds: list[Cond], order: tuple[str, bool] | None, limit: int | None
    ) -> Question:
        created = creation_prop(self.obj)
        frame = self.frame("many")
        frame.conds = [*conds, Cond(created or "createdate", ">=", (param("since"),))]
        frame.order, frame.limit = order, limit
        return Question(
            f'A binding cannot compute a date relative to today ("{phrase}"). Should the agent '
            "give the earliest creation date each time?",
            [("yes, the agent gives the earliest date", frame)],
        )

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

    # ------------------------------------------------------------ writes
    def write(self, intent: Intent) -> Reading:
        r, obj, name = self.r, self.obj, self.name
        self.used = set()
        sets: dict[str, Val] = {}
        keys: list[Cond] = []
        named = self.named_value()
        key_phrase = re.search(
            r"\b(by|matching|using|on|same|existing) (their |its |the |a |an )?(given )?", r.low
        )
        key_start = None
        if intent == "find_or_create" and key_phrase is not None:
            key_start = key_phrase.start()
        found_roles = self.roles(write=True)
        if self.bad_option is not None:
            return self.bad_option
        for m, role, value, _negated in found_roles:
            prop = self.prop(m.entry.target)
            if prop.read_only:
                return failure(
                    "read-only",
                    f"{prop.label or prop.name} of {(obj.labels.plural or name).lower()} is "
                    "read-only in this account, so a skill cannot write it",
                )
            is_key = (
                intent == "find_or_create"
                and key_start is not None
                and r.toks[m.i].start >= key_start
                and not keys
                and role != "value"
            ) or (intent == "find_or_create" and r.before(m.i, 1) == ["by"])
            if value is None:
                caller_value = None
                # On a call, a contact found or saved "by phone" is the caller's number.
                by_phone = (
                    prop.is_phone
                    and self.name == "contacts"
                    and (intent == "find_or_create" or self.caller)
                )
                if self.caller_possessive(m.i) or (
                    by_phone and (self.caller or not r.input_marked(m.i, strict=True))
                ):
                    if prop.is_phone:
                        caller_value = param("caller.phone")
                    elif prop.name == "email":
                        caller_value = param("caller.email")
                value = caller_value or param(
                    param_name(prop.name), self.optional(m) and not is_key
                )
            if is_key:
                op = "matches" if prop.is_phone else "="
                keys.append(Cond(prop.name, op, (value,)))
                if prop.is_phone:
                    sets[prop.name] = value
                continue
            sets[prop.name] = value
        # "with their name" on contacts: first and last name.
        if (
            name == "contacts"
            and re.search(r"\b(full )?name\b", r.low)
            and not {"firstname", "lastname"} & set(sets)
        ):
            for p in ("firstname", "lastname"):
                if obj.get_property(p) is not None:
                    sets[p] = param(p)
        if named is not None and named[1] and not named[0]:
            sets[named[1]] = param(param_name(named[1]))
        elif named is not None and named[1]:
            first, *rest = named[0].split()
            if name == "contacts" and rest and obj.get_property("lastname"):
                sets["firstname"] = Val("string", first)
                sets["lastname"] = Val("string", " ".join(rest))
            else:
                sets[named[1]] = Val("string", named[0])
        # Pipelines and stages.
        self.pipeline_defaults(sets)
        # The caller.
        associate: list[tuple[str, Val]] = []
        if name == "contacts":
            phone = main_phone(obj)
            if self.caller and phone and intent == "find_or_create" and not keys:
                keys.append(Cond(phone, "matches", (param("caller.phone"),)))
                sets[phone] = param("caller.phone")
            elif self.caller and phone and intent == "create" and phone not in sets:
                sets[phone] = param("caller.phone")
        elif self.caller and "contacts" in r.schema.objects:
            associate.append(("contacts", param("caller.contact_id")))
        for other in self.other_objects:
            target = other.entry.target
            if target == "contacts" and self.caller:
                continue
            if self.inside_phrase(other, [self.mention] if self.mention else []) == self.name:
                continue  # "a deal type of existing business": a word of this object's label
            prev = r.before(other.i, 3)
            if set(prev) & (INPUT_MARKERS | {"to", "with", "for", "on"}):
                oobj = r.schema.objects[target]
                associate.append((target, param(record_param(oobj, target))))
                r.claim(other.i, other.j)
        if intent == "find_or_create" and not keys:
            display = self.display_name_prop()
            if display and display in sets:
                keys.append(Cond(display, "=", (sets.pop(display),)))
            else:
                return Question(
                    f"How should an existing {(obj.labels.singular or name).lower()} be "
                    "recognised before a new one is created?",
                    [(f"by {p.label}", None) for p in self.key_candidates()],
                )
        # Required properties the goal did not mention become inputs the agent must give.
        for req in self.required():
            if req in sets or any(k.prop == req for k in keys):
                if req in sets and sets[req].kind == "param" and sets[req].optional:
                    sets[req] = Val("param", sets[req].text)
                continue
            sets[req] = param(param_name(req))
            req_prop = obj.get_property(req)
            label = req_prop.label if req_prop is not None else req
            self.r.assumed.append(f"asks the agent for the {label} (required)")
        unknown = self.unmatched_fields()
        if unknown and intent != "find_or_create":
            return self.unknown_field(unknown[0])
        stray = self.stray_criterion()
        if stray is not None:
            return stray
        if not sets and intent == "find_or_create":
            for k in keys:
                if k.prop is not None:
                    sets[k.prop] = k.values[0]
        if not sets:
            return Question(
                f"Which details should the new {(obj.labels.singular or name).lower()} get?",
                [(p.label, None) for p in self.writable()[:8]],
            )
        f = self.frame(intent)
        f.sets, f.keys, f.associate = self.ordered(sets), keys, associate
        f.fuzziness = list(r.fuzz)
        f.assumed = list(r.assumed)
        asked = self.ask_which(f)
        if asked is not None:
            return asked
        return Parsed(f, [], self.leftovers())

    def ordered(self, sets: dict[str, Val]) -> dict[str, Val]:
        """The record's name first, then what the goal mentions, pipeline and stage last."""
        display = self.display_name_prop()
        tail = {self.ov.pipeline_prop, self.ov.stage_prop} - {None}

        def rank(name: str) -> int:
            if name == display or (display == "firstname" and name == "lastname"):
                return 0
            return 2 if name in tail else 1

        names = sorted(sets, key=rank)  # sorted is stable: mention order within a rank
        if self.ov.pipeline_prop in names and self.ov.stage_prop in names:
            names.remove(str(self.ov.pipeline_prop))
            names.insert(names.index(str(self.ov.stage_prop)), str(self.ov.pipeline_prop))
        return {n: sets[n] for n in names}

    def required(self) -> list[str]:
        req = list(self.obj.requiredProperties)
        std = STANDARD_OBJECTS.get(self.name)
        for n in std.required if std is not None else ():
            if n not in req and self.obj.get_property(n) is not None:
                req.append(n)
        return req

    def writable(self) -> list[Property]:
        return [p for p in self.obj.properties if not p.read_only and not p.hidden]

    def key_candidates(self) -> list[Property]:
        out = []
        for p in self.writable():
            if (
                p.hasUniqueValue
                or p.is_phone
                or p.name in ("email", self.obj.primaryDisplayProperty)
            ):
                out.append(p)
        return out[:5] or self.writable()[:3]

    def pipeline_defaults(self, sets: dict[str, Val]) -> None:
        ov, obj = self.ov, self.obj
        if ov.pipeline_prop is None or ov.stage_prop is None:
            return
        pipe_val = sets.get(ov.pipeline_prop)
        stage_val = sets.get(ov.stage_prop)
        pipeline: Pipeline | None = None
        if pipe_val is not None and pipe_val.kind == "string":
            pipeline = obj.pipeline(pipe_val.text)
        if stage_val is not None and stage_val.kind == "string" and pipeline is None:
            owners = [p for p in obj.pipelines if p.stage(stage_val.text) is not None]
            if owners:
                pipeline = owners[0]
                sets[ov.pipeline_prop] = Val("string", pipeline.id, label=pipeline.label)
        if pipeline is None and pipe_val is None:
            pipeline = default_pipeline(obj)
            if pipeline is not None:
                sets[ov.pipeline_prop] = Val("string", pipeline.id, label=pipeline.label)
                self.r.assumed.append(f'puts it in the default pipeline "{pipeline.label}"')
        if stage_val is None and pipeline is not None:
            stage = first_stage(pipeline)
            if stage is not None:
                sets[ov.stage_prop] = Val("string", stage[0], label=stage[1])
                self.r.assumed.append(f'starts it in the first stage "{stage[1]}"')
        elif (
            stage_val is not None
            and pipeline is not None
            and stage_val.kind == "string"
            and pipeline.stage(stage_val.text) is None
        ):
            # A stage label shared by several pipelines: take the one of the chosen pipeline.
            label = (stage_val.label or "").lower()
            same = next((s for s in pipeline.stages if s.label.lower() == label), None)
            if same is not None:
                sets[ov.stage_prop] = Val("string", same.id, label=same.label)

    # ------------------------------------------------------------ update
    def update(self) -> Reading:
        r, obj, name = self.r, self.obj, self.name
        self.used = set()
        sets: dict[str, Val] = dict(self.preset)
        close_words = re.search(r"\b(close|closed|resolve|resolved|reopen|won|lost)\b", r.low)
        found_roles = self.roles(write=True)
        if self.bad_option is not None:
            return self.bad_option
        selectors: dict[str, Val] = {}
        for m, role, value, negated in found_roles:
            prop = self.prop(m.entry.target)
            identifies = prop.hasUniqueValue or prop.name == obj.primaryDisplayProperty
            if (
                value is None
                and role == "input"
                and identifies
                and (set(r.before(m.i, 3)) & {"with", "whose", "having", "by"})
            ):
                # "the membership with a given number": which record, not what to change.
                selectors[prop.name] = param(param_name(prop.name))
                continue
            if prop.read_only:
                return failure(
                    "read-only",
                    f"{prop.label or prop.name} of {(obj.labels.plural or name).lower()} is "
                    "read-only in this account, so a skill cannot change it",
                )
            if value is None:
                value = param(param_name(prop.name), self.optional(m))
            elif negated and value.kind == "bool":
                value = Val("bool", "false" if value.text == "true" else "true")
            sets[prop.name] = value
        if close_words and self.ov.stage_prop and self.ov.stage_prop not in sets:
            word = close_words.group(1)
            open_, closed = self.stage_sets()
            if word == "reopen":
                picked = [(s, lab) for s, lab in open_][:1]
            elif word in ("won", "lost"):
                picked = [(s, lab) for s, lab in closed if word in lab.lower()]
            else:
                picked = closed
            if len(picked) == 1:
                sets[self.ov.stage_prop] = Val("string", picked[0][0], label=picked[0][1])
            elif picked:
                cands: list[tuple[str, Frame | None]] = []
                for s, lab in picked:
                    f = self.update_frame(
                        dict(sets, **{self.ov.stage_prop: Val("string", s, label=lab)})
                    )
                    pipe = next(p for p in obj.pipelines if p.stage(s) is not None)
                    cands.append((f'"{lab}" ({pipe.label})', f))
                return Question(
                    f"Which closed stage should the {(obj.labels.singular or name).lower()} "
                    "move to?",
                    cands,
                )
        if not sets:
            sets.update(selectors)
        elif selectors:
            self.r.assumed.append("the agent names the record by its id")
        if not sets:
            return Question(
                f"What should change on the {(obj.labels.singular or name).lower()}?",
                [(p.label, None) for p in self.writable()[:8]],
            )
        unknown = self.unmatched_fields()
        if unknown:
            return self.unknown_field(unknown[0])
        f = self.update_frame(sets)
        asked = self.ask_which(f)
        if asked is not None:
            return asked
        return Parsed(f, [], self.leftovers())

    def update_frame(self, sets: dict[str, Val]) -> Frame:
        f = self.frame("update")
        if self.name == "contacts" and self.caller:
            f.record = param("caller.contact_id")
        else:
            f.record = param(record_param(self.obj, self.name))
        f.sets = sets
        return f
