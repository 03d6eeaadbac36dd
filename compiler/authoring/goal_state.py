"""What one reading of a goal shares: the reader, the chosen object, what is claimed so far,
and the small helpers every part of the reading uses (order of mention, frames, leftovers)."""

from __future__ import annotations

from compiler.account.model import ObjectSchema, Property
from compiler.account.standard_objects import STANDARD_OBJECTS
from compiler.authoring.frame import Cond, Frame, Intent, Val, param
from compiler.authoring.reader import Mention, Reader, record_param
from compiler.authoring.reading import Failure
from compiler.authoring.vocab import STOPWORDS, Entry, ObjectVocab, is_closed_stage
from compiler.authoring.words import (
    CALLER_WORDS,
    CREATE_VERBS,
    INPUT_MARKERS,
    LEAD_IN,
    RESERVED,
    SEARCH_VERBS,
    UPDATE_VERBS,
)
from compiler.proptypes import kind_of


class GoalState:
    # Set by the builder once the object is chosen (``_Builder.build``).
    name: str
    obj: ObjectSchema
    ov: ObjectVocab
    mention: Mention | None
    caller: bool
    mentions: list[Mention]
    other_objects: list[Mention]
    object_span: set[int]
    # Reset by each reading (search, write, update): mentions already consumed.
    used: set[int]

    def __init__(self, r: Reader) -> None:
        self.r = r
        self.ambiguous: tuple[str, str, list[Property]] | None = None
        self.intent = "search"
        self.preset: dict[str, Val] = {}  # assignments the verb itself makes ("freeze")
        self.verb_at: int | None = None
        self.bad_option: Failure | None = None  # a value named for a property that lacks it
        self.optional_at: set[int] = set()  # mentions whose input the goal calls optional
        self.positions: dict[str, int] = {}
        self.returns: list[str] = []

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

    def linked_records(self, words: set[str]) -> list[tuple[str, Val]]:
        """Other objects whose given record the goal ties this one to ("tickets of a given
        company"), each as the object and the input naming the record; ``words`` are the
        prepositions (besides the input markers) that tie them."""
        r = self.r
        linked: list[tuple[str, Val]] = []
        for other in self.other_objects:
            target = other.entry.target
            if target == "contacts" and self.caller:
                continue
            if self.inside_phrase(other, [self.mention] if self.mention else []) == self.name:
                continue  # "a deal type of existing business": a word of this object's label
            prev = r.before(other.i, 3)
            if set(prev) & (INPUT_MARKERS | words):
                oobj = r.schema.objects[target]
                linked.append((target, param(record_param(oobj, target))))
                r.claim(other.i, other.j)
        return linked

    def caller_field(self, prop: Property) -> Val | None:
        """The caller's own value for ``prop`` ("the caller's phone"), if a call carries one."""
        if prop.is_phone:
            return param("caller.phone")
        if prop.name == "email":
            return param("caller.email")
        return None

    def option_word_entries(self, word: str) -> list[Entry]:
        """Options whose label holds ``word`` ("directly" → "Direct")."""
        found = self.ov.option_words.get(word, [])
        if not found and word.endswith("ly") and len(word) > 5:
            found = self.ov.option_words.get(word[:-2], [])
        return found

    def display_name_prop(self) -> str | None:
        prim = self.obj.primaryDisplayProperty
        if self.name == "contacts":
            return "firstname" if self.obj.get_property("firstname") else prim
        std = STANDARD_OBJECTS.get(self.name)
        if std is not None and self.obj.get_property(std.primary_display):
            return std.primary_display
        return prim

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

    def optional(self, m: Mention) -> bool:
        return m.i in self.optional_at or self.r.optional_near(m.i, m.j)

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
