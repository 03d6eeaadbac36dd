"""The table-driven corpus: realistic voice and chat turns, what must vanish, what must stay."""

from __future__ import annotations

from typing import Any

import pytest

from compiler.scrub import Turn, scrub
from tests.scrub_fixtures import load_corpus, six_runs, spoken_digits

CASES = load_corpus()


def test_corpus_is_broad() -> None:
    assert len(CASES) >= 120
    assert len({c["id"] for c in CASES}) == len(CASES)
    channels = {c["channel"] for c in CASES}
    assert channels == {"voice", "chat"}
    assert sum(1 for c in CASES if not c["gone"]) >= 30  # cases where everything stays


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_corpus_case(case: dict[str, Any]) -> None:
    turns = [Turn(t["speaker"], t["text"]) for t in case["turns"]]
    result = scrub(turns)
    out = [t.text for t in result.turns]
    text = "\n".join(out)
    for gone in case["gone"]:
        assert gone not in text, f"{gone!r} survived"
    for kept in case["kept"]:
        assert kept in text, f"{kept!r} was removed"
    left = spoken_digits(out)
    for secret in case["secret_digits"]:
        survivors = [run for run in six_runs(secret) if run in left]
        assert not survivors, f"six digits of a removed number survived: {survivors}"
    assert [t.speaker for t in result.turns] == [t.speaker for t in turns]
    if case["gone"]:
        assert result.total >= 1
    else:
        assert out == [t.text for t in turns]
        assert result.total == 0
