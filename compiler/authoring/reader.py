"""Reading a goal's words against one account's vocabulary: mentions, values, markers.

The ``Reader`` knows the goal's tokens and which of them are already understood (``claimed``);
the rules that turn mentions into a frame live in ``parse``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from compiler.account.model import ObjectSchema, Pipeline, Property
from compiler.authoring.frame import Val
from compiler.authoring.tokens import Tok, tokenize
from compiler.authoring.vocab import (
    STOPWORDS,
    Entry,
    ObjectVocab,
    Vocabulary,
    description_match,
    lookup,
)
from compiler.authoring.words import (
    CALLER_WORDS,
    CREATE_VERBS,
    INPUT_MARKERS,
    LEAD_IN,
    QUESTION_STARTS,
    RESERVED,
    SEARCH_VERBS,
    UPDATE_VERBS,
    WEAK_VERBS,
)
from compiler.proptypes import kind_of


@dataclass
class Mention:
    i: int
    j: int
    score: float
    entries: list[Entry]
    key: str
    raw: float = 100.0  # how closely the words match, before the entry's weight

    @property
    def entry(self) -> Entry:
        return self.entries[0]


def param_name(text: str) -> str:
    name = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")
    return name if name and not name[0].isdigit() else f"p_{name}"


def record_param(obj: ObjectSchema, name: str) -> str:
    sing = obj.labels.singular or name
    return param_name(sing) + "_id"


def creation_prop(obj: ObjectSchema) -> str | None:
    for n in ("createdate", "hs_createdate"):
        p = obj.get_property(n)
        if p is not None and not (
            p.hidden and n == "hs_createdate" and obj.get_property("createdate")
        ):
            return n
    return None


def modified_prop(obj: ObjectSchema) -> str | None:
    for n in ("lastmodifieddate", "hs_lastmodifieddate"):
        if obj.get_property(n) is not None:
            return n
    return None


def default_pipeline(obj: ObjectSchema) -> Pipeline | None:
    live = [p for p in obj.pipelines if not p.archived]
    for p in live:
        if p.id in ("default", "0"):
            return p
    live.sort(key=lambda p: p.displayOrder if p.displayOrder is not None else 1_000_000)
    return live[0] if live else None


def first_stage(p: Pipeline) -> tuple[str, str] | None:
    stages = [s for s in p.stages if not s.archived]
    stages.sort(key=lambda s: s.displayOrder if s.displayOrder is not None else 1_000_000)
    return (stages[0].id, stages[0].label) if stages else None


def phone_props(obj: ObjectSchema) -> list[str]:
    return [p.name for p in obj.properties if p.is_phone and not p.hidden]


def main_phone(obj: ObjectSchema) -> str | None:
    names = phone_props(obj)
    if "phone" in names:
        return "phone"
    return names[0] if names else None


class Reader:
    """One goal read against one account's vocabulary."""

    def __init__(self, goal: str, vocab: Vocabulary, object_hint: str | None = None) -> None:
        self.goal = goal
        self.low = " ".join(goal.lower().replace("’", "'").split())
        self.vocab = vocab
        self.schema = vocab.schema
        self.object_hint = object_hint
        self.toks: list[Tok] = tokenize(goal)
        self.claimed: set[int] = set()
        self.fuzz: list[float] = []
        self.value_negated = False  # the last value_after read "is not X"
        self.assumed: list[str] = []

    # ------------------------------------------------------------ helpers
    def w(self, i: int) -> str:
        return self.toks[i].low if 0 <= i < len(self.toks) else ""

    def before(self, i: int, k: int = 3) -> list[str]:
        return [self.toks[x].low for x in range(max(0, i - k), i)]

    def has(self, pattern: str) -> bool:
        return re.search(pattern, self.low) is not None

    def claim(self, i: int, j: int) -> None:
        self.claimed.update(range(i, j))

    # ------------------------------------------------------------ intent
    def intent(self) -> tuple[str, int | None]:
        if self.has(
            r"\b(find|look ?up|get|search for|fetch|match) or (create|add|make|register|insert)\b"
            r"|\bor (create|add|make|register) (it|one|them|a new|if|him|her)\b"
            r"|\b(create|add|make|register)\b.*\b(if|when|unless)\b.*\b(not|no|none|nothing)\b.*"
            r"\b(exist|exists|found|there|match|matches)\b"
            r"|\b(create|add|make|register)\b.*\bunless\b.*\bexists?\b"
            r"|\b(create|add|make|register)\b.*\bif (missing|new|needed|not found)\b"
            r"|\bupsert\b|\bfind[- ]or[- ]create\b"
        ):
            return "find_or_create", None
        content = [i for i, t in enumerate(self.toks) if t.kind == "word"]
        weak: int | None = None
        if content and self.toks[content[0]].low in QUESTION_STARTS:
            return "search", None  # "Does the caller have any open deals?"
        for n, i in enumerate(content[:8]):
            word = self.toks[i].low
            if n >= 5 and word in LEAD_IN:
                continue
            # "open" creates only as the goal's own verb, not as "the caller's open tickets".
            adjective = (
                word in ("new", "open", "log", "record", "file")
                and n > 0
                and (self.toks[content[n - 1]].low not in LEAD_IN)
            )
            if word in CREATE_VERBS and not adjective:
                return "create", i
            if word in UPDATE_VERBS and not (word == "set" and n > 0):
                return "update", i
            if word in SEARCH_VERBS:
                # "give the agent a way to create ...": the verb that matters comes later.
                if word in WEAK_VERBS:
                    weak = i if weak is None else weak
                    continue
                return "search", i
        if weak is not None:
            return "search", weak
        for i in content:
            word = self.toks[i].low
            if word in SEARCH_VERBS:
                return "search", i
            if word in UPDATE_VERBS - {"set", "close", "open"}:
                return "update", i
            if word in CREATE_VERBS - {"new", "open", "start", "file", "record", "log"}:
                return "create", i
        return "search", None

    # ------------------------------------------------------------ objects
    def object_mentions(self) -> list[Mention]:
        found: list[Mention] = []
        n = len(self.toks)
        for i in range(n):
            for size in (3, 2, 1):
                span = self.toks[i : i + size]
                if len(span) < size or any(t.kind != "word" for t in span):
                    continue
                if span[0].low in STOPWORDS or span[-1].low in STOPWORDS:
                    continue
                if size == 1 and (span[0].low in CALLER_WORDS or span[0].low in RESERVED):
                    continue
                key = " ".join(t.sing for t in span)
                hit = lookup(key, self.vocab.object_entries, self.vocab.object_keys)
                if hit is None or (hit[0] < 100 and (hit[0] < 88 or len(key) < 5)):
                    continue
                found.append(Mention(i, i + size, hit[0], hit[1], hit[2]))
        found.sort(key=lambda m: (-m.score, -(m.j - m.i), m.i))
        chosen: list[Mention] = []
        taken: set[int] = set()
        for m in found:
            if taken.isdisjoint(range(m.i, m.j)):
                chosen.append(m)
                taken.update(range(m.i, m.j))
        chosen.sort(key=lambda m: m.i)
        return chosen

    def unknown_noun(self, verb_at: int | None) -> str | None:
        at = self.noun_at(verb_at)
        return self.toks[at].low if at is not None else None

    def noun_at(self, verb_at: int | None) -> int | None:
        """Where the thing the verb acts on is named: the first content word after the verb."""
        start = (verb_at + 1) if verb_at is not None else 0
        for k in range(start, len(self.toks)):
            t = self.toks[k]
            if t.kind != "word":
                continue
            if t.low in STOPWORDS or t.low in RESERVED or t.low in LEAD_IN:
                continue
            if t.low in CALLER_WORDS or t.low in INPUT_MARKERS or t.low in SEARCH_VERBS:
                continue
            return k
        return None

    # ------------------------------------------------------------ properties
    def prop_mentions(self, ov: ObjectVocab, skip: set[int], write: bool) -> list[Mention]:
        found: list[Mention] = []
        n = len(self.toks)
        for i in range(n):
            for size in (4, 3, 2, 1):
                span = self.toks[i : i + size]
                if len(span) < size or any(t.kind != "word" for t in span):
                    continue
                key = " ".join(t.sing for t in span)
                if span[0].low in STOPWORDS or span[-1].low in STOPWORDS:
                    # Only a label that itself starts so ("With the front desk") matches here.
                    if (
                        size >= 2
                        and key in ov.entries
                        and not (
                            size == 2 and span[0].low in STOPWORDS and span[1].low in STOPWORDS
                        )
                    ):
                        found.append(Mention(i, i + size, 100.0, list(ov.entries[key]), key))
                    continue
                if size == 1 and (span[0].low in RESERVED or i in skip):
                    continue
                if set(range(i, i + size)) <= skip:
                    continue
                key = " ".join(t.sing for t in span)
                inner_stop = any(t.low in STOPWORDS for t in span[1:-1])
                if inner_stop:
                    # "contractor is assigned" for the label "Contractor assigned".
                    copulas = ("is", "are", "was", "were", "be", "been", "the", "a", "an")
                    bare = " ".join(t.sing for t in span if t.low not in copulas)
                    found_exact = ov.entries.get(key) or ov.entries.get(bare)
                    hit = (100.0, found_exact, key) if found_exact else None
                else:
                    hit = lookup(key, ov.entries, ov.keys)
                if hit is not None:
                    entries = sorted(
                        hit[1],
                        key=lambda e: (-e.weight, e.kind != "prop", self._rank(ov, e, write)),
                    )
                    if size == 1 and hit[0] < 100 and entries[0].kind == "option":
                        continue  # a short option label is matched exactly or not at all
                    score = hit[0] * entries[0].weight
                    found.append(Mention(i, i + size, score, entries, hit[2], hit[0]))
                    continue
                if any(t.low in RESERVED or t.low in STOPWORDS or len(t.low) < 3 for t in span):
                    continue
                if any(t.sing in self.vocab.object_entries for t in span):
                    continue
                described = description_match(key, ov.descriptions)
                if described is not None:
                    entry = Entry("prop", described[1], label=described[1], weight=0.85)
                    score = described[0] * 0.85
                    found.append(Mention(i, i + size, score, [entry], key, score))
        found.sort(key=lambda m: (-(m.raw >= 95), -(m.j - m.i), -m.score, m.i))
        chosen: list[Mention] = []
        taken: set[int] = set()
        for m in found:
            if taken.isdisjoint(range(m.i, m.j)):
                chosen.append(m)
                taken.update(range(m.i, m.j))
        chosen.sort(key=lambda m: m.i)
        return chosen

    @staticmethod
    def _rank(ov: ObjectVocab, e: Entry, write: bool) -> int:
        prop = ov.obj.get_property(e.target)
        if prop is None:
            return 9
        rank = 0
        if prop.read_only:
            rank += 2 if write else 1
        if prop.name.startswith("hs_"):
            rank += 1
        return rank

    # ------------------------------------------------------------ values
    def value_after(self, j: int, prop: Property, ov: ObjectVocab) -> tuple[Val, int] | None:
        """A value written right after a property mention ("city is Boston", "to 'x'")."""
        k = j
        connectors = {"is", "to", "as", "of", "equal", "equals", "being", "be", "at", "=", "not"}
        steps = 0
        self.value_negated = False
        while k < len(self.toks) and self.toks[k].kind == "word" and self.toks[k].low in connectors:
            self.value_negated = self.value_negated or self.toks[k].low == "not"
            k += 1
            steps += 1
            if steps > 3:
                return None
        if k >= len(self.toks):
            return None
        t = self.toks[k]
        kind = kind_of(prop)
        if t.kind == "quote":
            if kind == "enumeration":
                option = self.option_for(prop, ov, t.text)
                if option is not None:
                    return option, k + 1
            if kind == "number" and re.fullmatch(r"-?\d+(\.\d+)?", t.text):
                return Val("number", t.text), k + 1
            if kind == "bool" and t.low in ("true", "false"):
                return Val("bool", t.low), k + 1
            return Val("string", t.text), k + 1
        if t.kind == "number" and kind == "number":
            return Val("number", t.text), k + 1
        if t.kind == "number" and kind == "string" and steps:
            return Val("string", t.text), k + 1
        if t.kind == "date" and kind in ("date", "datetime"):
            return Val("string", t.text), k + 1
        if t.kind != "word":
            return None
        if kind == "bool" and t.low in ("true", "false", "yes", "no"):
            return Val("bool", "true" if t.low in ("true", "yes") else "false"), k + 1
        if kind == "enumeration":
            for size in (4, 3, 2, 1):
                span = self.toks[k : k + size]
                if len(span) < size or any(x.kind != "word" for x in span):
                    continue
                if size > 1 and any(
                    x.low in ("or", "and", "nor") or x.after_break for x in span[1:]
                ):
                    continue  # "high or medium": two options, never one read fuzzily from both
                option = self.option_for(prop, ov, " ".join(x.text for x in span))
                if option is not None:
                    return option, k + size
            return None
        if kind == "string" and steps and t.capitalised and t.low not in RESERVED:
            end = k + 1
            while end < len(self.toks) and self.toks[end].capitalised:
                end += 1
            return Val("string", " ".join(x.text for x in self.toks[k:end])), end
        return None

    def option_for(self, prop: Property, ov: ObjectVocab, text: str) -> Val | None:
        key = " ".join(t.sing for t in tokenize(text) if t.kind == "word")
        hit = lookup(key, ov.entries, ov.keys)
        if hit is None:
            # An option may be written as its value.
            for e_list in ov.entries.values():
                for e in e_list:
                    if e.kind == "option" and e.target == prop.name and e.value == text:
                        return Val("string", e.value, label=e.label)
            return self.own_option(prop, ov, key)
        for e in hit[1]:
            if e.kind == "option" and e.target == prop.name and e.value is not None:
                self.fuzz.append(hit[0])
                return Val("string", e.value, label=e.label)
        return self.own_option(prop, ov, key)

    def own_option(self, prop: Property, ov: ObjectVocab, key: str) -> Val | None:
        """ "Seaport" for "Seaport clinic": among this property's own options only."""
        labels = {
            norm_label: e
            for norm_label, es in ov.entries.items()
            for e in es
            if e.kind == "option" and e.target == prop.name
        }
        if not labels or len(key) < 3:
            return None
        best = process.extractOne(key, list(labels), scorer=fuzz.WRatio, score_cutoff=86)
        if best is None:
            return None
        e = labels[best[0]]
        self.fuzz.append(float(best[1]))
        return Val("string", e.value or "", label=e.label)

    def capitalised_after(self, j: int) -> tuple[str, int] | None:
        k = j
        if k < len(self.toks) and self.toks[k].kind == "quote":
            return self.toks[k].text, k + 1
        end = k
        while end < len(self.toks) and self.toks[end].capitalised and end not in self.claimed:
            end += 1
        if end > k:
            return " ".join(t.text for t in self.toks[k:end]), end
        return None

    def optional_near(self, i: int, j: int) -> bool:
        """ "an optional email", "optionally by city", "email (optional)", "email if given"."""
        before = []
        for k in range(i - 1, max(-1, i - 4), -1):
            before.append(self.toks[k].low)
            if self.toks[k].after_break:
                break
        if {"optional", "optionally"} & set(before):
            return True
        lead = self.before(i, 5)
        while lead and lead[-1] in ("their", "its", "his", "her", "the", "a", "an"):
            lead.pop()
        if re.search(r"\bif (given|provided|known|any|available)$", " ".join(lead)):
            return True
        after = " ".join(t.low for t in self.toks[j : j + 3])
        if re.match(
            r"(if (given|provided|known|any|available|supplied)|when (given|known))\b", after
        ):
            return True
        if j < len(self.toks) and self.toks[j].low in ("optional", "optionally"):
            # "email (optional)": the word closes its clause.
            nxt = self.toks[j + 1] if j + 1 < len(self.toks) else None
            return nxt is None or nxt.after_break or nxt.low in ("and", "or")
        return False

    def input_marked(self, i: int, strict: bool = False) -> bool:
        """ "a given email", "by their phone", "a particular breed": a value the agent fills."""
        prev = self.before(i, 4)
        while prev and prev[-1] in ("its", "their", "his", "her", "the", "caller", "callers"):
            prev.pop()
        if prev and prev[-1] in INPUT_MARKERS:
            return True
        if len(prev) >= 2 and prev[-2] in INPUT_MARKERS and prev[-1] not in STOPWORDS:
            return i - 1 not in self.claimed
        if strict:
            return False
        return bool(prev) and prev[-1] in ("by", "a", "an", "any", "matching", "using")
