"""The kinds of number issue 9 found slipping through or destroyed, each with several cases of
its own (tests/fixtures/scrub/kinds.jsonl), and the scores the issue sets as goals.

Strict recall: of every value to remove, the share of which nothing survives (neither the value
nor six of its digits in a row, written or spoken). Keep: of every ordinary value, the share left
verbatim. A second set (second.jsonl) was written with fresh phrasings after the first passed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from compiler.scrub import Turn, scrub
from tests.scrub_fixtures import KINDS_CORPUS, SECOND_CORPUS, case_outcome, load_cases

CASES = load_cases(KINDS_CORPUS)

# The kinds issue 9 names, on the side they are on.
REMOVE_KINDS = {
    "card-split-over-turns",
    "ssn-split-over-turns",
    "iban-split-or-spoken",
    "cvv-later",
    "expiry-later",
    "amex-front-code",
    "card-expiry-cvv-one-breath",
    "card-after-amount",
    "card-after-small-number",
    "self-correction-repeat",
    "national-id-labelled",
    "cvv-phrasing",  # the first hidden set's "CVVs in some phrasings"
}
KEEP_KINDS = {
    "keep-invoice-ref",
    "keep-order-luhn-invalid",
    "keep-year-month",
    "keep-quantity-unit",
    "keep-coordinates",
    "keep-ticket-number",
    "keep-postcode",
    "keep-flight-date",
    "keep-address-after-card",
}


def _scrubbed(case: dict[str, Any]) -> list[str]:
    return [t.text for t in scrub([Turn(t["speaker"], t["text"]) for t in case["turns"]]).turns]


def _scores(cases: list[dict[str, Any]]) -> tuple[float, float]:
    secrets = removed = ordinary = kept = 0
    for case in cases:
        leaked, lost = case_outcome(case, _scrubbed(case))
        secrets += len(case["gone"]) + len(case["secret_digits"])
        removed += len(case["gone"]) + len(case["secret_digits"]) - len(leaked)
        ordinary += len(case["kept"])
        kept += len(case["kept"]) - len(lost)
    return removed / secrets, kept / ordinary


def test_every_kind_has_several_cases() -> None:
    per_kind = Counter(c["kind"] for c in CASES)
    assert set(per_kind) == REMOVE_KINDS | KEEP_KINDS
    assert all(n >= 3 for n in per_kind.values()), per_kind
    assert len({c["id"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert case["id"].startswith(case["kind"] + "/")
        # A keep case may have a card beside its ordinary number ("INV-… in the same sentence").
        assert case["gone"] if case["kind"] in REMOVE_KINDS else case["kept"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_kind_case(case: dict[str, Any]) -> None:
    out = _scrubbed(case)
    leaked, lost = case_outcome(case, out)
    assert not leaked, f"survived: {leaked} in {out}"
    assert not lost, f"destroyed: {lost} in {out}"
    assert len(out) == len(case["turns"])


@pytest.mark.parametrize(
    ("path", "min_recall", "min_keep"),
    [(KINDS_CORPUS, 0.995, 0.98), (SECOND_CORPUS, 0.97, 0.97)],
    ids=["first", "second"],
)
def test_scores_meet_the_goals(path: Path, min_recall: float, min_keep: float) -> None:
    recall, keep = _scores(load_cases(path))
    assert recall >= min_recall, f"strict recall {recall:.3f}"
    assert keep >= min_keep, f"keep {keep:.3f}"


def test_second_set_covers_the_same_kinds() -> None:
    kinds = {c["kind"] for c in load_cases(SECOND_CORPUS)}
    assert kinds == (REMOVE_KINDS | KEEP_KINDS) - {"cvv-phrasing"}
