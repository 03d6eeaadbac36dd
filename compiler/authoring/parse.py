"""The offline engine: a plain-language goal → a frame, by schema-aware semantic parsing.

No model and no network: the goal's words are matched (fuzzily, via rapidfuzz) against the
account's own vocabulary (``vocab``), then a few dozen rules of English usage decide the intent,
the conditions, the sort, the limit, the values versus the inputs and the write defaults. What the
rules cannot settle becomes a ``Question``; what the account lacks becomes a ``Failure``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from compiler.account.model import Pipeline, Property
from compiler.account.standard_objects import STANDARD_OBJECTS
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
from compiler.authoring.tokens import Tok, tokenize
from compiler.authoring.vocab import (
    STOPWORDS,
    Entry,
    Vocabulary,
    is_closed_stage,
    lookup,
)
from compiler.authoring.vocab import words as vocab_words
from compiler.authoring.words import (
    CALLER_WORDS,
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
    UPDATE_VERBS,
)
from compiler.proptypes import kind_of


@dataclass
class Question:
    text: str
    candidates: list[tuple[str, Frame | None]]


@dataclass
class Failure:
    errors: list[dict[str, str]]


@dataclass
class Parsed:
    frame: Frame
    alternatives: list[tuple[Frame, str]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


Reading = Parsed | Question | Failure


def failure(code: str, message: str, hint: str | None = None) -> Failure:
    error = {"code": code, "message": message}
    if hint:
        error["hint"] = hint
    return Failure([error])


def single_in(c: Cond) -> Cond:
    """`p in ("x")` is written `p = "x"` by a careful author."""
    if c.op in ("in", "not in") and len(c.values) == 1:
        return Cond(c.prop, "=" if c.op == "in" else "!=", c.values)
    return c


def _in_values(conds: list[Cond]) -> list[Cond]:
    """Merge option conditions on one property into `in` ("dogs or cats")."""
    out: list[Cond] = []
    for c in conds:
        same = next(
            (
                o
                for o in out
                if o.prop == c.prop
                and o.op in ("=", "in")
                and c.op in ("=", "in")
                and o.prop is not None
                and all(v.kind == "string" for v in (*o.values, *c.values))
            ),
            None,
        )
        if same is not None and c.prop is not None:
            merged = Cond(c.prop, "in", tuple(dict.fromkeys((*same.values, *c.values))))
            out[out.index(same)] = merged
            continue
        neg = next(
            (
                o
                for o in out
                if o.prop == c.prop
                and o.op in ("!=", "not in")
                and c.op in ("!=", "not in")
                and c.prop is not None
            ),
            None,
        )
        if neg is not None and c.prop is not None:
            merged = Cond(c.prop, "not in", tuple(dict.fromkeys((*neg.values, *c.values))))
            out[out.index(neg)] = merged
            continue
        out.append(c)
    return [single_in(c) for c in out]


def read_goal(goal: str, vocab: Vocabulary, object_hint: str | None = None) -> Reading:
    return _Builder(Reader(goal, vocab, object_hint)).build()


class _Builder:
    def __init__(self, r: Reader) -> None:
        self.r = r
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
                "What should the skill do? Describe it in a sentence, e.g. \"find the caller's "
                'open tickets".',
                [],
            )
        if r.has(r"^\W*(please )?(delete|remove|erase|destroy|archive|merge|purge)\b"):
            return failure(
                "not-supported",
                "skills cannot delete, archive or merge records; they look up, list, create and "
                "update them",
            )
        intent, verb_at = r.intent()
        if (
            verb_at is not None
            and r.toks[verb_at].low in ("record", "log", "enter", "note", "store", "save")
            and r.has(r"\b(of|for|on) (a|the|this) (given |particular |specific )?\w+")
            and r.has(r"^\W*(please )?\w+ (the|their|its|his|her) ")
        ):
            intent = "update"
        if verb_at is not None:
            r.claim(verb_at, verb_at + 1)
        objects = r.object_mentions()
        chosen = self.choose_object(objects, intent, verb_at)
        if isinstance(chosen, Question | Failure):
            return chosen
        name, mention = chosen
        obj = r.schema.objects[name]
        ov = r.vocab.object_vocab(name)
        if mention is not None:
            r.fuzz.append(mention.score)
        self.object_span = set(range(mention.i, mention.j)) if mention is not None else set()
        self.name, self.obj, self.ov, self.mention = name, obj, ov, mention
        self.caller = any(t.low in CALLER_WORDS for t in r.toks) or r.has(
            r"\bwho(ever)? (is|'s) (calling|on the (line|phone))|\bon the line\b"
        )
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
            pool = [m for m in (rest or objects) if not self.inside_phrase(m)] or rest or objects
            uncounted = [m for m in pool if not (m.i > 0 and r.toks[m.i - 1].kind == "number")]
            first = (uncounted or pool)[0]
            return first.entry.target, first
        calling = any(t.low in CALLER_WORDS for t in r.toks) or r.has(r"\bwho(ever)? is calling")
        if calling and "contacts" in r.schema.objects:
            noun = r.unknown_noun(verb_at)
            if noun is None or noun in ("phone", "number", "contact", "details", "record", "name"):
                return "contacts", None
            # "the caller's invoices": a thing this account does not hold.
            contacts = r.vocab.objects["contacts"]
            if r.prop_mentions(contacts, set(), False):
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

        def key(c: Cond) -> int:
            if c.op == "associated" or any(v.is_caller for v in c.values) or c.any_of:
                return -1
            return self.positions.get(c.prop or "", 10_000)

        return sorted(conds, key=key)

    def can_link(self, other: str) -> bool:
        target = self.r.schema.objects.get(other)
        return target is not None and self.obj.association_to(target.objectTypeId) is not None

    def inside_phrase(self, m: Mention) -> bool:
        """ "issue" in "billing issue tickets": part of one of the object's own option labels."""
        r = self.r
        ov = r.vocab.objects[m.entry.target]
        for i in range(max(0, m.i - 3), m.i + 1):
            for j in range(m.j, min(len(r.toks), m.j + 3) + 1):
                if (i, j) == (m.i, m.j) or any(t.kind != "word" for t in r.toks[i:j]):
                    continue
                if " ".join(t.sing for t in r.toks[i:j]) in ov.entries:
                    return True
        return False

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
            negated = bool(NOT_WORDS & set(prev)) or (prev[-1:] == ["still"] and False)
            if t.low in (
                "open",
                "unresolved",
                "active",
                "pending",
                "outstanding",
                "ongoing",
                "unclosed",
            ):
                if t.low == "open" and i == 0:
                    continue
                r.claim(i, i + 1)
                self.at(ov.stage_prop, i)
                op = "in" if negated else "not in"
                return Cond(
                    ov.stage_prop, op, tuple(Val("string", s, label=lab) for s, lab in closed)
                )
            if t.low in ("closed", "resolved", "finished", "completed"):
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
            i += 1
        return out

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
            self.used.add(id(best[2]))
            return best[1]
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
            and len(r.toks[k].low) >= 4
        ]
        for word in near:
            hits = [
                p.name
                for p in self.obj.properties
                if not p.hidden and kind_of(p) in want and word in vocab_words(p.description)
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
            if k in r.claimed or t.kind != "word" or t.low in STOPWORDS or t.low in RESERVED:
                continue
            if t.low in LEAD_IN or t.low in SEARCH_VERBS:
                continue
            target: str | None = None
            if t.low in COLOURS:
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
            elif len({(e.target, e.value) for e in self.ov.option_words.get(t.sing, [])}) == 1:
                e = self.ov.option_words[t.sing][0]
                target, value = e.target, e.value or ""
                self.r.fuzz.append(90.0)  # a word of the label, not the label
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
            obj_next = self.mention is not None and self.mention.i in (i + 1, i + 2, i + 3)
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
                and (
                    nxt is not None
                    and (
                        nxt.low
                        in ("latest", "newest", "most", "recent", "oldest", "biggest", "largest")
                        or nxt.kind == "word"
                    )
                    and self.mention is not None
                    and all(
                        toks[x].low
                        in (
                            "latest",
                            "newest",
                            "most",
                            "recent",
                            "recently",
                            "oldest",
                            "biggest",
                            "largest",
                            "open",
                            "closed",
                            "new",
                            "created",
                            "updated",
                            "last",
                        )
                        or x in range(self.mention.i, self.mention.j)
                        for x in range(i + 1, self.mention.i)
                    )
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
            r"\b(biggest|largest|highest|most expensive|most valuable|heaviest|greatest|top)\b",
            r.low,
        )
        small = re.search(r"\b(smallest|lowest|cheapest|least valuable|lightest)\b", r.low)
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
                self.used.add(id(after[0]))
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
                self.used.add(id(after[0]))
        if r.has(r"\b(all|every|each|any)\b") and limit is None:
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
            self.used.add(id(after[0]))
            return after[0].entry.target
        if word == "heaviest" or word == "lightest":
            names = [p.name for p in self.obj.properties if "weight" in p.name]
            return names[0] if names else None
        if self.obj.get_property("amount") is not None:
            return "amount"
        numbers = [
            p.name
            for p in self.obj.properties
            if kind_of(p) == "number" and not p.read_only and not p.hidden
        ]
        return numbers[0] if len(numbers) == 1 else None

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
                out.append((m, "value", got[0], negated))
                continue
            if kind_of(prop) == "bool" and not r.input_marked(m.i, strict=True):
                out.append((m, "value", Val("bool", "false" if negated else "true"), False))
                continue
            role = "input" if r.input_marked(m.i) else "bare"
            option = self.option_word(m) if role == "bare" else None
            if option is not None:
                prop_m = Mention(m.i, m.j, 90.0, [Entry("prop", option.target)], m.key)
                value = Val("string", option.value or "", label=option.label)
                out.append((prop_m, "value", value, negated))
                continue
            out.append((m, role, None, negated))
        r.claimed.update(self.object_span)
        for m, _, _, _ in out:
            self.at(m.entry.target, m.i)
        return out

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

    def leftovers(self) -> list[str]:
        r = self.r
        return [
            t.text
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
        for m, role, value, negated in self.roles(write=False):
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
                v = caller_value or param(param_name(prop.name), r.optional_near(m.i, m.j))
                if prop.is_phone:
                    conds.append(Cond(prop.name, "matches", (v,)))
                elif "containing" in prev or "contains" in prev or "mentioning" in prev:
                    conds.append(Cond(prop.name, "contains", (v,)))
                else:
                    conds.append(Cond(prop.name, "=", (v,)))
            else:
                nxt = r.w(m.j)
                prev2 = r.before(m.i, 2)
                if nxt in ("set", "filled", "known", "present") or (
                    prev2[-1:] in (["has"], ["have"], ["with"]) and False
                ):
                    r.claim(m.j, m.j + 1)
                    conds.append(Cond(prop.name, "is not set" if negated else "is set"))
                elif set(prev2) & {"no", "without", "missing"}:
                    conds.append(Cond(prop.name, "is not set"))
                elif nxt in CONTAINS_WORDS:
                    self.contains(m, prop, conds)
                else:
                    self.returns.append(prop.name)
        # "containing a given keyword" without a property: the display text.
        kw = re.search(
            r"\b(containing|mentioning|about|with the word) (an? )?"
            r"(given |particular |specific )?(keyword|word|term|text)\b",
            r.low,
        )
        if kw:
            for i, t in enumerate(r.toks):
                if t.low in ("keyword", "word", "term", "text", "phrase"):
                    r.claim(max(0, i - 3), i + 1)
        if kw and not any(c.op == "contains" for c in conds):
            target = self.display_name_prop()
            if target:
                conds.append(
                    Cond(target, "contains", (param("keyword", r.optional_near(0, len(r.toks))),))
                )
        if named is not None and named[1]:
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
        conds = _in_values(conds)
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
        many = self.plural_object() or r.has(r"\b(list|all|every|each|how many|which)\b")
        if self.mention is None and name == "contacts":
            many = False
        if (limit is None and not many) or (
            limit is None and superlative and not self.plural_object()
        ):
            limit = 1
        if limit == MAX_LIMIT and not r.has(r"\b(all|every|each|any)\b"):
            pass
        # Fields asked for beyond the defaults.
        defaults = set(self.default_returns())
        returns = list(dict.fromkeys(self.returns))
        if returns and all(p in defaults for p in returns):
            returns = []
        unknown = self.unmatched_fields()
        if unknown:
            return self.unknown_field(unknown[0])
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
            r"\b(by|matching|using|on) (their |its |the |a |an )?(given )?", r.low
        )
        key_start = None
        if intent == "find_or_create" and key_phrase is not None:
            key_start = key_phrase.start()
        for m, role, value, _negated in self.roles(write=True):
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
                by_phone = prop.is_phone and self.name == "contacts" and intent != "update"
                if self.caller_possessive(m.i) or (
                    by_phone and (self.caller or not r.input_marked(m.i, strict=True))
                ):
                    if prop.is_phone:
                        caller_value = param("caller.phone")
                    elif prop.name == "email":
                        caller_value = param("caller.email")
                value = caller_value or param(
                    param_name(prop.name), r.optional_near(m.i, m.j) and not is_key
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
        if named is not None and named[1]:
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
        return Parsed(f, [], self.leftovers())

    def ordered(self, sets: dict[str, Val]) -> dict[str, Val]:
        """The record's name first, then what the goal mentions, pipeline and stage last."""
        display = self.display_name_prop()
        tail = {self.ov.pipeline_prop, self.ov.stage_prop} - {None}

        def rank(name: str) -> int:
            if name == display:
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
        if stage_val is None and pipeline is not None and self.intent_creates():
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

    def intent_creates(self) -> bool:
        return True

    # ------------------------------------------------------------ update
    def update(self) -> Reading:
        r, obj, name = self.r, self.obj, self.name
        self.used = set()
        sets: dict[str, Val] = {}
        close_words = re.search(r"\b(close|closed|resolve|resolved|reopen|won|lost)\b", r.low)
        for m, _role, value, negated in self.roles(write=True):
            prop = self.prop(m.entry.target)
            if prop.read_only:
                return failure(
                    "read-only",
                    f"{prop.label or prop.name} of {(obj.labels.plural or name).lower()} is "
                    "read-only in this account, so a skill cannot change it",
                )
            if value is None:
                value = param(param_name(prop.name), r.optional_near(m.i, m.j))
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
            return Question(
                f"What should change on the {(obj.labels.singular or name).lower()}?",
                [(p.label, None) for p in self.writable()[:8]],
            )
        unknown = self.unmatched_fields()
        if unknown:
            return self.unknown_field(unknown[0])
        return Parsed(self.update_frame(sets), [], self.leftovers())

    def update_frame(self, sets: dict[str, Val]) -> Frame:
        f = self.frame("update")
        if self.name == "contacts" and self.caller:
            f.record = param("caller.contact_id")
        else:
            f.record = param(record_param(self.obj, self.name))
        f.sets = sets
        return f
