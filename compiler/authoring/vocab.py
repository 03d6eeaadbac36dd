"""The account's own vocabulary: what a goal's words may name, ranked by a fuzzy matcher.

Everything is built from the discovered schema (object labels, property names, labels and
descriptions, option labels, pipeline and stage labels) plus a few everyday synonyms for
HubSpot's standard objects. One index per schema, built once and reused for every goal.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import fuzz, process

from compiler.account.model import AccountSchema, ObjectSchema, Property
from compiler.proptypes import PIPELINE_PROPERTIES, STAGE_PROPERTIES, allowed_values, kind_of

EntryKind = Literal["object", "prop", "option"]

# Everyday words for the standard objects; a custom object is named by its own labels only.
OBJECT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "contacts": ("person", "people", "client", "customer", "patient owner", "owner record"),
    "companies": ("organisation", "organization", "business", "partner", "account"),
    "deals": ("opportunity", "sale"),
    "tickets": ("request", "case", "issue", "support request", "support ticket", "inquiry"),
    "calls": ("phone call", "call log"),
    "notes": ("note",),
}

# Everyday words for common standard properties (used only when the property exists).
PROPERTY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "email": ("e-mail", "email address", "mail"),
    "phone": ("phone", "telephone", "phone number", "number"),
    "mobilephone": ("mobile", "cell", "cell phone", "mobile number"),
    "lastname": ("surname", "family name"),
    "firstname": ("given name", "forename"),
    "content": ("description", "details", "body"),
    "subject": ("title", "subject", "summary"),
    "hs_pipeline_stage": ("status", "stage"),
    "dealstage": ("stage", "status"),
    "amount": ("value", "size", "worth", "price"),
    "closedate": ("closing date", "close date"),
    "createdate": ("creation date", "created date", "date created"),
    "hs_createdate": ("creation date", "created date", "date created"),
    "jobtitle": ("job", "role", "position"),
    "zip": ("zip code", "postcode", "post code", "zipcode"),
    "hs_ticket_priority": ("priority", "urgency"),
}


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _word_set(
    """a an the of for to with by and or in on at is are be was were their its his her it them that
    which who whose from as all any each every me my our your this these those have has do does
    did when where what there than then also just only please one ones into onto about s 's"""
)

# Words too general to name a property on their own ("number" of "Insurance policy number").
GENERIC_WORDS = frozenset(
    {
        "number",
        "date",
        "name",
        "id",
        "time",
        "type",
        "status",
        "code",
        "field",
        "detail",
        "info",
        "record",
        "owner",
        "source",
        "level",
        "value",
        "answer",
    }
)
GENERIC_PIPELINE_WORDS = frozenset({"pipeline", "pipelines", "process", "default", "board"})

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def phrase(text: str) -> str:
    return " ".join(words(text))


def singular(word: str) -> str:
    """A crude English singular, enough for vocabulary lookups ("tickets" → "ticket")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def norm(text: str) -> str:
    return " ".join(singular(w) for w in words(text))


@dataclass(frozen=True, slots=True)
class Entry:
    kind: EntryKind
    target: str  # object name, or property name
    value: str | None = None  # option value
    label: str = ""  # what a person calls it
    weight: float = 1.0  # < 1 for synonyms and descriptions, so the account's own words win


@dataclass
class ObjectVocab:
    name: str
    obj: ObjectSchema
    entries: dict[str, list[Entry]] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    descriptions: dict[str, str] = field(default_factory=dict)  # property → normalised text
    # One word of an option label ("kennel" of "Boarding kennel") → the options it is part of.
    option_words: dict[str, list[Entry]] = field(default_factory=dict)
    closed_stages: list[tuple[str, str]] = field(default_factory=list)  # (id, label)
    stage_prop: str | None = None
    pipeline_prop: str | None = None

    def add(self, text: str, entry: Entry) -> None:
        key = norm(text)
        if not key or key in STOPWORDS:
            return
        bucket = self.entries.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    def finish(self) -> None:
        self.keys = list(self.entries)


def visible(prop: Property) -> bool:
    return not prop.hidden


def is_closed_stage(metadata: dict[str, object]) -> bool:
    if str(metadata.get("isClosed", "")).lower() == "true":
        return True
    return str(metadata.get("ticketState", "")).upper() == "CLOSED"


def _build_object_vocab(name: str, obj: ObjectSchema) -> ObjectVocab:
    vocab = ObjectVocab(name, obj)
    for prop in obj.properties:
        if not visible(prop):
            continue
        label = prop.label or prop.name
        vocab.add(label, Entry("prop", prop.name, label=label))
        vocab.add(prop.name.replace("_", " "), Entry("prop", prop.name, label=label))
        vocab.add(prop.name, Entry("prop", prop.name, label=label))
        # "Weight (kg)" is also just "weight"; "Colour and markings" also "colour".
        stripped = re.sub(r"\(.*?\)", " ", label)
        head = re.split(r"\band\b|/|,", stripped)[0]
        if phrase(head) and phrase(head) != phrase(label):
            vocab.add(head, Entry("prop", prop.name, label=label, weight=0.95))
        for unit in re.findall(r"\((\w+)\)", label):
            vocab.add(unit, Entry("prop", prop.name, label=label, weight=0.9))
        for other in re.split(r"/", label)[1:]:
            vocab.add(other, Entry("prop", prop.name, label=label, weight=0.95))
        # "Pet name" on pets, "Deal Name" on deals: the object's word may be left out.
        sing = phrase(obj.labels.singular or "")
        lab = phrase(label)
        if sing and lab.startswith(sing + " ") and not prop.read_only:
            vocab.add(lab[len(sing) + 1 :], Entry("prop", prop.name, label=label, weight=0.9))
        for syn in PROPERTY_SYNONYMS.get(prop.name, ()):
            vocab.add(syn, Entry("prop", prop.name, label=label, weight=0.9))
        if prop.description:
            vocab.descriptions[prop.name] = norm(prop.description)
        if kind_of(prop) == "enumeration" and prop.name not in PIPELINE_PROPERTIES:
            if prop.name in STAGE_PROPERTIES and obj.pipelines:
                continue
            for value, opt_label, hidden in allowed_values(obj, prop):
                if not hidden and opt_label:
                    entry = Entry("option", prop.name, value, opt_label)
                    vocab.add(opt_label, entry)
                    if not prop.read_only:
                        for w in {singular(x) for x in words(opt_label)}:
                            if len(w) >= 4 and w not in STOPWORDS and w not in GENERIC_WORDS:
                                vocab.option_words.setdefault(w, []).append(entry)
    for pipe_prop in PIPELINE_PROPERTIES:
        if obj.get_property(pipe_prop) is not None and obj.pipelines:
            vocab.pipeline_prop = pipe_prop
            for p in obj.pipelines:
                if not p.archived:
                    vocab.add(p.label, Entry("option", pipe_prop, p.id, p.label))
                    vocab.add(p.label + " pipeline", Entry("option", pipe_prop, p.id, p.label))
    for stage_prop in STAGE_PROPERTIES:
        if obj.get_property(stage_prop) is not None and obj.pipelines:
            vocab.stage_prop = stage_prop
            for p in obj.pipelines:
                for s in p.stages:
                    if p.archived or s.archived:
                        continue
                    vocab.add(s.label, Entry("option", stage_prop, s.id, s.label, weight=0.97))
                    if is_closed_stage(s.metadata):
                        vocab.closed_stages.append((s.id, s.label))
    _add_single_words(vocab, obj)
    vocab.finish()
    return vocab


def _add_single_words(vocab: ObjectVocab, obj: ObjectSchema) -> None:
    """ "employees" for "Number of Employees", "microchip" for "Microchip ID": a label's first
    or last word names the property when no other property's label uses that word."""
    seen: dict[str, set[str]] = {}
    for prop in obj.properties:
        if not visible(prop):
            continue
        parts = [singular(w) for w in words(re.sub(r"\(.*?\)", " ", prop.label or ""))]
        if len(parts) < 2:
            continue
        for w in {parts[0], parts[-1]}:
            if len(w) >= 3 and w not in STOPWORDS and w not in GENERIC_WORDS:
                seen.setdefault(w, set()).add(prop.name)
    for w, props in seen.items():
        if len(props) == 1 and w not in vocab.entries:
            name = next(iter(props))
            found = obj.get_property(name)
            label = found.label if found is not None else name
            vocab.add(w, Entry("prop", name, label=label, weight=0.85))


@dataclass
class Vocabulary:
    schema: AccountSchema
    objects: dict[str, ObjectVocab]
    object_entries: dict[str, list[Entry]]
    object_keys: list[str]

    def object_vocab(self, name: str) -> ObjectVocab:
        return self.objects[name]


def build(schema: AccountSchema) -> Vocabulary:
    objects = {n: _build_object_vocab(n, o) for n, o in schema.objects.items()}
    entries: dict[str, list[Entry]] = {}

    def add(text: str, entry: Entry) -> None:
        key = norm(text)
        if key and key not in STOPWORDS:
            bucket = entries.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)

    for name, obj in schema.objects.items():
        label = obj.labels.singular or name
        for text in (name, obj.labels.singular, obj.labels.plural, obj.fullyQualifiedName or ""):
            if text:
                add(text.replace("_", " "), Entry("object", name, label=label))
        for syn in OBJECT_SYNONYMS.get(name, ()):
            add(syn, Entry("object", name, label=label, weight=0.9))
    # "jobs" for tickets in a "Workshop jobs" pipeline, "plans" for deals in "Wellness Plans".
    for name, obj in schema.objects.items():
        for p in obj.pipelines:
            head = words(p.label)[-1:] if not p.archived else []
            usable = bool(head) and head[0] not in GENERIC_PIPELINE_WORDS and len(head[0]) >= 4
            if usable and singular(head[0]) not in entries:
                label = obj.labels.singular or name
                add(head[0], Entry("object", name, label=label, weight=0.8))
    return Vocabulary(schema, objects, entries, list(entries))


_CACHE: dict[int, tuple[AccountSchema, Vocabulary]] = {}
_LOCK = threading.Lock()


def vocabulary(schema: AccountSchema) -> Vocabulary:
    """The index of ``schema``, built on first use (the schema object is the cache key)."""
    with _LOCK:
        hit = _CACHE.get(id(schema))
        if hit is not None and hit[0] is schema:
            return hit[1]
    built = build(schema)
    with _LOCK:
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[id(schema)] = (schema, built)
    return built


def cutoff(key: str) -> float | None:
    """How close a phrase must be to a vocabulary key: short words must be spelled right."""
    n = len(key)
    if n < 4:
        return None
    if n < 6:
        return 79.0
    return 84.0


def lookup(
    key: str, entries: dict[str, list[Entry]], keys: list[str]
) -> tuple[float, list[Entry], str] | None:
    """The best vocabulary match of ``key`` (already normalised): (score, entries, matched key)."""
    found = entries.get(key)
    if found is not None:
        return 100.0, found, key
    cut = cutoff(key)
    if cut is None:
        return None
    best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cut)
    if best is None:
        return None
    matched = best[0]
    # A typo changes letters, not the first one: "city" is not "pity".
    if matched[0] != key[0]:
        return None
    return float(best[1]), entries[matched], matched


def description_match(key: str, descriptions: dict[str, str]) -> tuple[float, str] | None:
    """A property whose description holds every word of ``key`` (two words or more)."""
    if len(key.split()) < 2:
        return None
    best = process.extractOne(key, descriptions, scorer=fuzz.token_set_ratio, score_cutoff=95.0)
    if best is None:
        return None
    return float(best[1]), str(best[2])


def labels_of(names: Iterable[str], obj: ObjectSchema) -> list[str]:
    out = []
    for n in names:
        prop = obj.get_property(n)
        out.append(prop.label if prop is not None and prop.label else n)
    return out
