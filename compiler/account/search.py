"""Rank the properties of a discovered schema against a free-text query.

Scoring, strongest first: the whole query is a property's name; a name token (``hs_pipeline_stage``
→ pipeline, stage); a label word; an option's label or value (for pipeline properties, the
pipeline and stage labels); a description word. Each query word scores by the best place it
matches; a property that misses some words keeps only part of its score, so a match of every word
ranks above a strong match of one. Small boosts for what a user usually means: phone words on
phone fields, searchable properties, and a name the query covers nearly whole; hidden properties
rank lower.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from compiler.account.browse import find_object, pipeline_role
from compiler.account.model import AccountSchema, ObjectSchema, Property

STOP_WORDS = frozenset({"a", "an", "the", "of", "for", "to", "in", "on", "and", "or", "with", "is"})
# Query words that name a kind of field rather than a word in its name.
FIELD_KIND_WORDS = {
    "phone": ("phonenumber",),
    "number": ("phonenumber", "number"),
    "date": ("date",),
    "checkbox": ("checkbox", "booleancheckbox"),
    "multi": ("checkbox",),
}

EXACT_NAME = 100.0
EXACT_LABEL = 80.0
NAME_PHRASE = 45.0
LABEL_PHRASE = 30.0
OPTION_PHRASE = 60.0
NAME_TOKEN, NAME_TOKEN_PREFIX, NAME_PART = 30.0, 20.0, 22.0
LABEL_WORD, LABEL_PREFIX = 25.0, 15.0
OPTION_WORD, OPTION_PREFIX = 18.0, 10.0
DESCRIPTION_WORD, DESCRIPTION_PREFIX = 6.0, 3.0
FIELD_KIND = 20.0
OBJECT_WORD = 20.0
SEARCHABLE = 15.0
NAME_COVERAGE = 10.0
HIDDEN_PENALTY = 10.0
CALCULATED_PENALTY = 5.0

_SPLIT = re.compile(r"[^0-9a-z]+")


def words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(text.lower()) if w]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _equal(a: str, b: str) -> bool:
    return a == b or _stem(a) == _stem(b)


def _prefix(query: str, word: str) -> bool:
    return len(query) >= 3 and word.startswith(query)


@dataclass(frozen=True)
class SearchHit:
    """One ranked property and why it matched."""

    object: str
    objectTypeId: str
    name: str
    label: str
    type: str
    fieldType: str
    readOnly: bool
    score: float
    reasons: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {
            "object": self.object,
            "objectTypeId": self.objectTypeId,
            "name": self.name,
            "label": self.label,
            "type": self.type,
            "fieldType": self.fieldType,
            "readOnly": self.readOnly,
            "score": round(self.score, 1),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class _Text:
    """The searchable texts of one property, computed once per schema."""

    name: str
    name_tokens: tuple[str, ...]
    label_words: tuple[str, ...]
    # Label phrases: the label, and for pipeline properties what users call them.
    label_phrases: tuple[str, ...]
    # (label, value, words of both, label phrase); pipeline/stage labels count as options.
    options: tuple[tuple[str, str, tuple[str, ...], str], ...]
    description_words: frozenset[str]
    # Word and stem sets for O(1) equality tests, per field.
    name_set: frozenset[str] = frozenset()
    label_set: frozenset[str] = frozenset()
    option_set: frozenset[str] = frozenset()
    description_set: frozenset[str] = frozenset()
    name_raw: frozenset[str] = frozenset()
    option_raw: frozenset[str] = frozenset()

    def vocabulary(self) -> frozenset[str]:
        return (
            self.name_raw | frozenset(self.label_words) | self.option_raw | self.description_words
        )


def _texts(obj: ObjectSchema, prop: Property) -> _Text:
    options = [(o.label, o.value) for o in prop.options]
    role = pipeline_role(obj, prop)
    label_words = words(prop.label)
    phrases = [" ".join(label_words)]
    if role == "pipeline":
        options += [(p.label, p.id) for p in obj.pipelines]
        label_words.append("pipeline")
        phrases.append("pipeline")
    elif role == "stage":
        options += [(s.label, s.id) for p in obj.pipelines for s in p.stages]
        # Users call it a pipeline stage, whatever the label says ("Ticket status").
        label_words += ["pipeline", "stage"]
        phrases.append("pipeline stage")
    option_texts = tuple(
        (label, value, tuple(words(label) + words(value)), " ".join(words(label)))
        for label, value in options
    )
    name_tokens = words(prop.name)
    description = words(prop.description)
    return _Text(
        name=prop.name.lower(),
        name_tokens=tuple(name_tokens),
        label_words=tuple(label_words),
        label_phrases=tuple(phrases),
        options=option_texts,
        description_words=frozenset(description),
        name_set=_with_stems(name_tokens),
        label_set=_with_stems(label_words),
        option_set=_with_stems([w for _, _, ws, _ in option_texts for w in ws]),
        description_set=_with_stems(description),
        name_raw=frozenset(name_tokens),
        option_raw=frozenset(w for _, _, ws, _ in option_texts for w in ws),
    )


def _with_stems(items: list[str]) -> frozenset[str]:
    return frozenset(items) | frozenset(_stem(w) for w in items)


@dataclass(frozen=True)
class _Entry:
    object: str
    obj: ObjectSchema
    prop: Property
    text: _Text
    object_words: frozenset[str]  # the object's name and labels, with stems


def _object_words(name: str, obj: ObjectSchema) -> frozenset[str]:
    found = words(name) + words(obj.labels.singular) + words(obj.labels.plural)
    return _with_stems(found)


@dataclass(frozen=True)
class _Index:
    entries: tuple[_Entry, ...]
    vocabulary: tuple[str, ...]  # every word of every property, for prefix/substring look-ups
    postings: dict[str, frozenset[int]]  # word or stem -> positions of entries that have it

    def candidates(self, looked_up: list[_QueryWord]) -> list[int]:
        """Positions of the entries where some query word can match, in schema order."""
        found: set[int] = set()
        for word in looked_up:
            for key in (word.q, word.stem, *word.prefix_of, *word.inside):
                found |= self.postings.get(key, frozenset())
        return sorted(found)


_INDEX_CACHE: dict[int, tuple[AccountSchema, _Index]] = {}
_INDEX_CACHE_SIZE = 8


def _index(schema: AccountSchema) -> _Index:
    """Searchable texts of every property; cached per schema object (kept alive by the cache)."""
    cached = _INDEX_CACHE.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    entries = tuple(
        _Entry(name, obj, prop, _texts(obj, prop), object_words)
        for name, obj in schema.objects.items()
        for object_words in [_object_words(name, obj)]
        for prop in obj.properties
    )
    vocabulary: set[str] = set()
    postings: dict[str, set[int]] = {}
    for position, entry in enumerate(entries):
        text = entry.text
        own = text.vocabulary() | text.name_set | text.label_set | text.option_set
        vocabulary |= text.vocabulary()
        for key in own | text.description_set:
            postings.setdefault(key, set()).add(position)
    index = _Index(
        entries, tuple(sorted(vocabulary)), {k: frozenset(v) for k, v in postings.items()}
    )
    if len(_INDEX_CACHE) >= _INDEX_CACHE_SIZE:
        _INDEX_CACHE.pop(next(iter(_INDEX_CACHE)))
    _INDEX_CACHE[id(schema)] = (schema, index)
    return index


@dataclass(frozen=True)
class _QueryWord:
    """One query word, with the schema's words it is a prefix of or contained in."""

    q: str
    stem: str
    prefix_of: frozenset[str]
    inside: frozenset[str]

    @classmethod
    def build(cls, q: str, vocabulary: tuple[str, ...]) -> _QueryWord:
        prefix_of = (
            frozenset(w for w in vocabulary if w.startswith(q)) if len(q) >= 3 else frozenset()
        )
        inside = frozenset(w for w in vocabulary if q in w) if len(q) >= 4 else frozenset()
        return cls(q, _stem(q), prefix_of, inside)


def _has(q: str, stem: str, found: frozenset[str]) -> bool:
    return q in found or stem in found


def _word_score(word: _QueryWord, text: _Text) -> tuple[float, str]:
    """The best place query word ``q`` matches, and a reason."""
    q, stem = word.q, word.stem
    if _has(q, stem, text.name_set):
        return NAME_TOKEN, f"name has {q!r}"
    if _has(q, stem, text.label_set):
        return LABEL_WORD, f"label has {q!r}"
    if not word.inside.isdisjoint(text.name_raw):
        return NAME_PART, f"name contains {q!r}"
    if not word.prefix_of.isdisjoint(text.name_raw):
        return NAME_TOKEN_PREFIX, f"name starts with {q!r}"
    if _has(q, stem, text.option_set):
        label, value = next(
            (lb, v)
            for lb, v, ws, _ in text.options
            if q in ws or stem in ws or any(_stem(w) == stem for w in ws)
        )
        return OPTION_WORD, f"option {label!r} ({value})"
    if word.prefix_of:
        found = next((w for w in text.label_words if w in word.prefix_of), None)
        if found is not None:
            return LABEL_PREFIX, f"label has {found!r}"
        if not word.prefix_of.isdisjoint(text.option_raw):
            for label, value, option_words, _ in text.options:
                if not word.prefix_of.isdisjoint(option_words):
                    return OPTION_PREFIX, f"option {label!r} ({value})"
    if _has(q, stem, text.description_set):
        return DESCRIPTION_WORD, f"description mentions {q!r}"
    if not word.prefix_of.isdisjoint(text.description_words):
        return DESCRIPTION_PREFIX, f"description mentions {q!r}"
    return 0.0, ""


def _query_words(query: str) -> list[str]:
    all_words = words(query)
    return [w for w in all_words if w not in STOP_WORDS] or all_words


def _phrase_bonus(text: _Text, query: str, qwords: list[str]) -> tuple[float, list[str]]:
    """Bonuses for the query as a whole: the property's name, label or an option label."""
    if not qwords:
        return 0.0, []
    phrase, joined = " ".join(qwords), "_".join(qwords)
    multi = len(qwords) > 1
    score, reasons = 0.0, []
    if text.name in (joined, query):
        score += EXACT_NAME
        reasons.append("exact name")
    elif joined in text.name and (multi or len(joined) >= 4):
        score += NAME_PHRASE
        if multi:
            reasons.append(f"name contains {joined!r}")
    if text.label_phrases[0] == phrase:
        score += EXACT_LABEL
        reasons.append("exact label")
    elif multi and any(phrase in p for p in text.label_phrases):
        score += LABEL_PHRASE
        reasons.append(f"label contains {phrase!r}")
    for label, value, _, option_phrase in text.options:
        if option_phrase == phrase or (multi and phrase in option_phrase):
            score += OPTION_PHRASE
            reasons.insert(0, f"option {label!r} ({value})")
            break
    if joined in text.name:
        score += NAME_COVERAGE * len(joined) / len(text.name)
    return score, reasons


def _score(
    entry: _Entry, query: str, qwords: list[str], looked_up: list[_QueryWord]
) -> tuple[float, list[str]]:
    text, prop, obj = entry.text, entry.prop, entry.obj
    score, reasons, matched, on_object = 0.0, [], 0, []
    for word in looked_up:
        q = word.q
        points, reason = _word_score(word, text)
        if points < OBJECT_WORD and _has(q, word.stem, entry.object_words):
            # "contact phone": a word naming the object counts (rather than a weak match in a
            # description), but only beside a real match.
            on_object.append(q)
        elif points > 0:
            score += points
            reasons.append(reason)
            matched += 1
    if not matched:
        return 0.0, []
    if on_object:
        score += OBJECT_WORD * len(on_object)
        reasons.append(f"on {entry.object}")
    # Phrase bonuses for the whole query, or for what is left once the object's words are
    # taken out ("contact phone" is the phone property of contacts), whichever is larger.
    rest = [q for q in qwords if q not in on_object]
    bonus = max(
        _phrase_bonus(text, query.strip().lower(), qwords),
        _phrase_bonus(text, " ".join(rest), rest) if on_object else (0.0, []),
        key=lambda b: b[0],
    )
    score += bonus[0]
    reasons = bonus[1] + reasons

    if any(prop.fieldType in FIELD_KIND_WORDS.get(q, ()) for q in qwords):
        score += FIELD_KIND
        reasons.append(f"{prop.fieldType} field")
    if prop.name in obj.searchableProperties:
        score += SEARCHABLE
    if prop.hidden:
        score -= HIDDEN_PENALTY
    if prop.calculated:
        score -= CALCULATED_PENALTY
    # Missing words cost more than their share: all words somewhere beats one word strongly.
    coverage = (matched + len(on_object)) / len(qwords)
    return max(score * coverage * coverage, 0.0), list(dict.fromkeys(reasons))


def search_properties(
    schema: AccountSchema, query: str, *, object_name: str | None = None, limit: int = 10
) -> list[SearchHit]:
    """The best ``limit`` properties for ``query``, across objects or within ``object_name``.

    Raises :class:`~compiler.account.browse.UnknownObjectError` for an unknown ``object_name``
    and ``ValueError`` for a limit below 1.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    only = find_object(schema, object_name)[0] if object_name is not None else None
    qwords = _query_words(query)
    if not qwords:
        return []
    index = _index(schema)
    looked_up = [_QueryWord.build(q, index.vocabulary) for q in qwords]
    scored: list[tuple[float, int, _Entry, list[str]]] = []
    for position in index.candidates(looked_up):
        entry = index.entries[position]
        if only is not None and entry.object != only:
            continue
        score, reasons = _score(entry, query, qwords, looked_up)
        if score > 0:
            scored.append((score, position, entry, reasons))
    # Ties keep the schema's order (objects, then HubSpot's property order).
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [
        SearchHit(
            object=entry.object,
            objectTypeId=entry.obj.objectTypeId,
            name=entry.prop.name,
            label=entry.prop.label,
            type=entry.prop.type,
            fieldType=entry.prop.fieldType,
            readOnly=entry.prop.read_only,
            score=score,
            reasons=tuple(reasons),
        )
        for score, _, entry, reasons in scored[:limit]
    ]


def did_you_mean(schema: AccountSchema, query: str, n: int = 3) -> list[str]:
    """Spellings of ``query`` with each unknown word replaced by a close schema word.

    For a search that found nothing ("phnoe" -> "phone"); empty when every word is known or no
    unknown word has a close match.
    """
    vocabulary = _index(schema).vocabulary
    known = set(vocabulary)
    qwords = _query_words(query)
    choices = [
        [q] if q in known else difflib.get_close_matches(q, vocabulary, n=n, cutoff=0.75)
        for q in qwords
    ]
    if not qwords or all(q in known for q in qwords) or any(not c for c in choices):
        return []
    spellings = [" ".join(c[min(rank, len(c) - 1)] for c in choices) for rank in range(n)]
    return list(dict.fromkeys(spellings))
