"""The words the goal reader reacts to (verbs, markers, comparisons), kept apart from its rules."""

from __future__ import annotations


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


MAX_LIMIT = 200

# The first verb of a goal says what it wants done.
CREATE_VERBS = _set(
    """create add open log register make book raise file submit enter save insert new start
record"""
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
# "a given email", "a particular breed": the agent fills the value in.
INPUT_MARKERS = _set(
    """given particular specific provided supplied certain chosen requested some"""
)
# Words that steer the reading and must not be taken for a property or an option.
RESERVED = _set(
    """latest newest recent recently oldest earliest last first top biggest largest highest
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
OPTIONAL_MARKERS = ("optional", "optionally", "if given", "if provided", "if known", "if any")
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
