"""One rule, one place (issue 9, item 18): the digest and phone validity have one definition
that the compiler, the installer and the runtime share."""

from __future__ import annotations

import inspect

from compiler import digest
from compiler.account import load
from compiler.packs import emit
from compiler.runtime import artifact


def test_every_digest_is_the_one_canonical_json_digest() -> None:
    data = {"b": [1, "é"], "a": {"y": None, "x": True}, "digest": "ignored"}
    expected = digest.digest({"a": {"x": True, "y": None}, "b": [1, "é"]})
    assert emit.digest_of(data) == artifact.compute_digest(data) == expected
    assert load.fingerprint({k: v for k, v in data.items() if k != "digest"}) == expected
    # No module hashes JSON by itself any more.
    for module in (emit, artifact, load):
        assert "hashlib" not in inspect.getsource(module)
        assert "sort_keys=True, separators" not in inspect.getsource(module)


PHONE_TEXTS = ["12", "+1 617 555 0123", "617-555-0123", "abc", "+44 20 7946 0958", "0", "1" * 70]


def test_phone_literals_follow_the_runtimes_rule() -> None:
    from dsl_fixtures import harbor

    from compiler.binding import compile_binding
    from compiler.runtime.phone import PhoneError, parse_phone

    for text in PHONE_TEXTS:
        try:
            parse_phone(text, "US")
            runtime_ok = True
        except PhoneError:
            runtime_ok = False
        result = compile_binding(f'search contacts where phone matches "{text}"', harbor())
        assert result.ok == runtime_ok, text
    (d,) = compile_binding('search contacts where phone matches "12"', harbor()).diagnostics
    assert d.code == "literal-type" and (d.line, d.col) == (1, 37)
