"""The words the goal reader reacts to (verbs, markers, comparisons), kept apart from its rules."""

from __future__ import annotations


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_LIMIT = 200

# The first verb of a goal says what it wants done.
CREATE_VERBS = _set(
    """create add open log register make book raise file submit enter save insert new start
record report request schedule"""
)
UPDATE_VERBS = _set(
    """update change set mark edit modify correct rename move flag reassign amend close reopen
assign"""
)
SEARCH_VERBS = _set(
    """find look lookup get fetch retrieve search list show which what who how read check see pull
give tell count display return identify locate query"""
)
LEAD_IN = _set(
    """please i we want to need can you the agent should let help skill that a an would like lets
it must able be"""
)
CALLER_WORDS = _set("caller calling callers")
# "3 days", "2 weeks": a number before one of these is a span of time, never a count or limit.
TIME_UNITS = _set("day days week weeks month months year years hour hours")
# Words of a relative date ("in the last 3 days", "since yesterday"), taken with it.
RELATIVE_DATE_WORDS = _set(
    "last past previous next today yesterday day days week weeks month months year years"
)
# "a given email", "a particular breed": the agent fills the value in.
INPUT_MARKERS = _set(
    """given particular specific provided supplied certain chosen requested some"""
)
# Words that steer the reading and must not be taken for a property or an option.
RESERVED = _set(
    """many much
provide provides provided gives supplies says tells
expensive valuable priciest dearest heaviest lightest greatest
latest newest recent recently oldest earliest last first top biggest largest highest
smallest lowest cheapest most least all every open opened closed unresolved resolved active
pending outstanding new given particular specific caller calling whoever created updated
modified sorted ordered order sort limit return returns returning show include including
link linked associate associated attach attached optional optionally agent record records
find create update list search get look lookup add change set mark edit existing exist
exists already none nothing missing without no not non except other than more less over
under above below least before after since between within last days weeks months years today
yesterday ago next up to from by their them they it its"""
)
CONTAINS_WORDS = _set("""containing contains mentioning mentions mention including includes""")
KEYWORD_WORDS = _set("""a an any given particular specific keyword word term text phrase""")
NOT_WORDS = _set("not no without except excluding non never isn")
# Comparison words before a number or a date, longest first where they overlap.
OPS = (
    (("at", "least"), ">="),
    (("no", "less", "than"), ">="),
    (("not", "less", "than"), ">="),
    (("minimum", "of"), ">="),
    (("at", "most"), "<="),
    (("no", "more", "than"), "<="),
    (("not", "more", "than"), "<="),
    (("up", "to"), "<="),
    (("maximum", "of"), "<="),
    (("more", "than"), ">"),
    (("greater", "than"), ">"),
    (("higher", "than"), ">"),
    (("larger", "than"), ">"),
    (("bigger", "than"), ">"),
    (("later", "than"), ">"),
    (("less", "than"), "<"),
    (("fewer", "than"), "<"),
    (("lower", "than"), "<"),
    (("smaller", "than"), "<"),
    (("earlier", "than"), "<"),
    (("equal", "to"), "="),
    (("heavier", "than"), ">"),
    (("lighter", "than"), "<"),
    (("older", "than"), "<"),
    (("younger", "than"), ">"),
    (("cheaper", "than"), "<"),
    (("costlier", "than"), ">"),
    (("worth", "over"), ">"),
    (("worth", "more", "than"), ">"),
    (("worth", "less", "than"), "<"),
    (("over",), ">"),
    (("above",), ">"),
    (("exceeding",), ">"),
    (("exceeds",), ">"),
    (("after",), ">"),
    (("since",), ">="),
    (("from",), ">="),
    (("under",), "<"),
    (("below",), "<"),
    (("before",), "<"),
    (("until",), "<="),
    (("exactly",), "="),
    (("of",), "="),
    (("is",), "="),
    (("equals",), "="),
)
# Colour words, for a property labelled "Colour" ("list red vehicles").
COLOURS = _set(
    """red blue green black white silver grey gray yellow orange purple brown gold pink beige
    maroon navy"""
)
# Verbs that introduce the goal rather than state it ("give the agent a way to create ...").
WEAK_VERBS = _set("give tell return check see help")
# "whoever is calling", "the person on the line", "when someone calls": the caller.
CALLING = (
    r"\bwho(ever)? (is|'s) (calling|on the (line|phone))|\bon the line\b"
    r"|\b(someone|somebody|anyone|a (customer|client)) calls\b"
)
# A verb in a goal and the noun a property's label or description uses for it.
VERB_NOUNS: dict[str, tuple[str, ...]] = {
    "born": ("birth",),
    "weighing": ("weight",),
    "weighs": ("weight",),
    "costing": ("cost", "price"),
    "costs": ("cost", "price"),
    "aged": ("age",),
    "closing": ("close",),
    "closes": ("close",),
    "renewing": ("renewal",),
    "renews": ("renewal",),
    "due": ("due",),
    "starting": ("start",),
    "starts": ("start",),
    "visited": ("visit",),
}
# Words for the state of a record: open/closed stages on pipeline objects, options elsewhere.
STATE_WORDS = _set("active open opened closed pending resolved outstanding unresolved new")
# Verbs that put a record into a state ("freeze a given membership" → Frozen).
STATE_VERBS: dict[str, tuple[str, ...]] = {
    "freeze": ("frozen",),
    "unfreeze": ("active",),
    "cancel": ("cancelled", "canceled"),
    "pause": ("paused",),
    "suspend": ("suspended",),
    "activate": ("active",),
    "reactivate": ("active",),
    "deactivate": ("inactive",),
    "approve": ("approved",),
    "reject": ("rejected",),
    "confirm": ("confirmed",),
    "complete": ("completed", "complete"),
    "archive": ("archived",),
    "expire": ("expired",),
    "renew": ("renewed",),
}
# What a superlative is about, by the words of a number property's name or label.
_MONEY = ("amount", "price", "cost", "fee", "rent", "value", "revenue", "balance", "total")
SUPERLATIVE_HINTS: dict[str, tuple[str, ...]] = {
    "cheapest": _MONEY,
    "expensive": _MONEY,
    "priciest": _MONEY,
    "dearest": _MONEY,
    "valuable": _MONEY,
    "heaviest": ("weight", "kg", "lb"),
    "lightest": ("weight", "kg", "lb"),
    "biggest": ("amount", "size", "area", "capacity", "value", "revenue"),
    "largest": ("amount", "size", "area", "capacity", "value", "revenue"),
    "smallest": ("amount", "size", "area", "capacity", "value"),
}
# Number words, for "two-bedroom units" and "three pets".
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}  # fmt: skip
# A goal asked as a question is a look-up ("Does the caller have any open deals?").
QUESTION_STARTS = _set("does do is are has have was were whats what's")
