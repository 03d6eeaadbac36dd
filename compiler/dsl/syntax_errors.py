"""Friendly syntax errors: known bad inputs mapped to messages (lark's ``match_examples``).

The table is also a test (tests/test_dsl_syntax_errors.py): every example must produce its message.
"""

from __future__ import annotations

# message -> (hint, examples). Examples are whole bindings that fail at the spot the message names.
FRIENDLY: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "a binding starts with `search`, `create`, `update` or `find or create`": (
        "reads: search OBJECT where ...; writes: create / update / find or create OBJECT ...",
        ("select * from contacts", "get contacts", "find contacts by email = {e}"),
    ),
    "missing the object name": (
        "name the object, e.g. `search contacts` or `create tickets set ...`",
        ("search", "create", "update", "find or create"),
    ),
    "missing `set` before the assignments": (
        "write `set` before `property = value, ...`",
        (
            "create contacts firstname = {first_name}",
            "update contacts {id} email = {email}",
            "find or create contacts by email = {e} firstname = {f}",
        ),
    ),
    "missing the record to update": (
        "update OBJECT {record_id} set ...",
        ("update contacts set email = {email}",),
    ),
    "`find or create` needs `by` and the keys to match on": (
        "find or create OBJECT by property = value [and ...] set ...",
        ("find or create contacts set firstname = {f}",),
    ),
    "expected a condition after `where`": (
        "e.g. `where email = {email}`",
        ("search contacts where", "search contacts where order by createdate"),
    ),
    "expected an operator after the property name": (
        "operators: = != < <= > >= in, not in, between, contains, not contains, is set, "
        "is not set, matches",
        (
            "search contacts where email",
            "search contacts where email {email}",
            "search contacts where email and phone = {p}",
        ),
    ),
    "expected a value: a string, a number, true, false or a {parameter}": (
        "strings are quoted: \"text\" or 'text'",
        (
            "search contacts where email = ",
            "search contacts where email = foo",
            "create contacts set firstname =",
            "create contacts set firstname = bar",
        ),
    ),
    "separate assignments with commas": (
        "set a = {x}, b = {y}",
        ("create contacts set firstname = {f} lastname = {l}",),
    ),
    "expected a property name and `=` in the assignment": (
        "set property = value, ...",
        ("create contacts set", "create contacts set firstname", "create contacts set = {x}"),
    ),
    "`between` needs `and` between its two values": (
        "p between low and high",
        ("search deals where amount between 1 2", "search deals where amount between 1"),
    ),
    "`is` must be followed by `set` or `not set`": (
        None,
        ("search contacts where email is null", "search contacts where email is"),
    ),
    "`order` must be followed by `by` and a property": (
        "order by createdate desc",
        ("search contacts order createdate", "search contacts order by"),
    ),
    "expected a number after `limit`": (
        "limit 10 (from 1 to 200)",
        ("search contacts limit", "search contacts limit ten"),
    ),
    "expected property names after `return`": (
        "return firstname, lastname",
        ("search contacts return", "search contacts return firstname,"),
    ),
    "the values after `in` go in parentheses": (
        'p in ("a", "b")',
        ('search contacts where email in "a", "b"', "search contacts where email not in {x}"),
    ),
    "missing `)`": (
        "every `(` needs its `)`",
        ("search contacts where (email = {e}", 'search contacts where email in ("a", "b"'),
    ),
    "unexpected text after the end of the binding": (
        "clauses go in this order: where, order by, limit, return",
        (
            "search contacts limit 5 where email = {e}",
            "search contacts return email order by createdate",
            "create contacts set firstname = {f} where email = {e}",
        ),
    ),
    "`associated with` needs an object and a record id": (
        "associated with contacts {contact_id}",
        ("search tickets where associated contacts {c}", "search tickets where associated with"),
    ),
}
