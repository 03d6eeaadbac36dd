"""``skillc scrub``: stdin to stdout, JSON Lines records, bad lines reported without their text."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from compiler.cli import build_parser, main


def _skillc(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "compiler", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def _run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    stdin: bytes,
) -> tuple[int, str, str]:
    """Run the command in this process (fast), with ``stdin`` as its standard input."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_scrub_is_registered() -> None:
    args = build_parser().parse_args(["scrub", "--jsonl"])
    assert args.jsonl is True
    assert callable(args.handler)


def test_plain_text_stdin_to_stdout() -> None:
    text = "My visa is 4111 1111 1111 1111, exp 04/27.\nOrder 55231 ships 10/31 for $49.95.\n"
    done = _skillc("scrub", stdin=text.encode())
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert out == (
        "My visa is [card number removed], exp [expiry removed].\n"
        "Order 55231 ships 10/31 for $49.95.\n"
    )
    assert done.stderr == b""


def test_plain_text_not_utf8_is_an_io_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(monkeypatch, capsys, ["scrub"], b"card \xff\xfe 4111111111111111")
    assert code == 2
    assert "not UTF-8" in err
    assert "4111" not in err
    assert out == ""


def test_jsonl_keeps_other_keys_and_order() -> None:
    lines = [
        {"id": 1, "text": "card 4111-1111-1111-1111 cvv 123", "speaker": "caller"},
        {"text": "call me on (415) 555-2671", "meta": {"lang": "en"}},
    ]
    stdin = "".join(json.dumps(line) + "\n" for line in lines).encode()
    done = _skillc("scrub", "--jsonl", stdin=stdin)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert out == [
        {"id": 1, "text": "card [card number removed] cvv [CVV removed]", "speaker": "caller"},
        {"text": "call me on (415) 555-2671", "meta": {"lang": "en"}},
    ]
    assert list(out[0]) == ["id", "text", "speaker"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b"my card 4111 1111 1111 1111", "not JSON"),
        (b'["4111 1111 1111 1111"]', 'expected an object with a "text" string, got array'),
        (b'{"body": "4111 1111 1111 1111"}', 'no "text" key'),
        (b'{"text": 4111111111111111}', '"text" must be a string, got number'),
        (b'{"text": "4111 1111 1111 1111"', "not JSON"),
        (b'{"text": "\xff 4111111111111111"}', "not UTF-8"),
    ],
)
def test_jsonl_bad_line_reported_and_rest_processed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], line: bytes, message: str
) -> None:
    good = b'{"text": "visa 4242 4242 4242 4242"}\n'
    stdin = good + line + b"\n\n" + good
    code, out, err = _run(monkeypatch, capsys, ["scrub", "--jsonl"], stdin)
    assert code == 1
    errors = err.strip().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(f"skillc scrub: line 2: {message}")
    assert "4111" not in err and "4242" not in err  # never echo a bad line's text
    assert [json.loads(o)["text"] for o in out.splitlines()] == ["visa [card number removed]"] * 2
    assert "4111" not in out


def test_jsonl_line_numbers_count_blank_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = b'\n{"text": "ok"}\n\nnope\n{"text": 1}\n'
    code, out, err = _run(monkeypatch, capsys, ["scrub", "--jsonl"], stdin)
    assert code == 1
    assert [e.split(":")[1].strip() for e in err.splitlines()] == ["line 4", "line 5"]
    assert out == '{"text": "ok"}\n'


def test_jsonl_conversation_joins_messages(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        {"speaker": "caller", "text": "4532 0151", "at": 1},
        "not json",
        {"speaker": "caller", "text": "1283 0366", "at": 2},
        {"speaker": "agent", "text": "Got it, 4532 0151 1283 0366. Order 55231 ships 10/31."},
    ]
    stdin = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    code, out, err = _run(
        monkeypatch, capsys, ["scrub", "--jsonl", "--conversation"], stdin.encode()
    )
    assert code == 1
    assert err.startswith("skillc scrub: line 2: not JSON")
    assert [json.loads(o) for o in out.splitlines()] == [
        {"speaker": "caller", "text": "[card number removed]", "at": 1},
        {"speaker": "caller", "text": "[card number removed]", "at": 2},
        {"speaker": "agent", "text": "Got it, [card number removed]. Order 55231 ships 10/31."},
    ]
    # Line by line, the first message alone does not look like a card (no cue, no Luhn).
    code, out, _ = _run(monkeypatch, capsys, ["scrub", "--jsonl"], stdin.encode())
    assert json.loads(out.splitlines()[0])["text"] == "4532 0151"


def test_conversation_needs_jsonl(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(monkeypatch, capsys, ["scrub", "--conversation"], b"hi")
    assert code == 2
    assert "--conversation needs --jsonl" in err
    assert out == ""


_THIRTEEN_LINES = """\
Agent: Thanks for calling, how can I help?
Caller: I want to pay my bill.
Agent: Sure, what's the card number?
Caller: four one one one, one one one one
Agent: okay
Caller: one one one one, one one one one
Agent: Great. Your order 55231 ships on 10/31.
Caller: And the total was $45.99, right?
Agent: Yes. Anything else?
Caller: I'll be at 11, 1111 Main St after 5pm.
Agent: Let me read the card back: four one one one one one one one one one one one one one one one.
Caller: Correct.
Agent: Thanks, bye!
"""


def test_plain_scrub_keeps_every_line_between_two_mentions_of_a_spoken_card(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(monkeypatch, capsys, ["scrub"], _THIRTEEN_LINES.encode())
    assert code == 0, err
    assert out.count("\n") == _THIRTEEN_LINES.count("\n") == 13
    before, after = _THIRTEEN_LINES.splitlines(), out.splitlines()
    assert after[3] == "Caller: [card number removed]"
    assert after[5] == "Caller: [card number removed]"
    assert "one one" not in after[10] and "[card number removed]" in after[10]
    for k in (0, 1, 2, 4, 6, 7, 8, 9, 11, 12):
        assert after[k] == before[k]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("qty 1 4111111111111111", "qty 1 [card number removed]"),
        ("order 7 4111 1111 1111 1111", "order 7 [card number removed]"),
        (
            "I have one four one one one one one one one one one one one one one one one",
            "I have one [card number removed]",
        ),
        (
            "card is 4111 1111 1111 1111, see you at 11, 1111 Main St",
            "card is [card number removed], see you at 11, 1111 Main St",
        ),
        ("send it to HN88CABF00000000000250005469", "send it to [IBAN removed]"),
    ],
)
def test_plain_scrub_as_a_new_user_tries_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], line: str, expected: str
) -> None:
    code, out, _ = _run(monkeypatch, capsys, ["scrub"], f"{line}\n".encode())
    assert code == 0
    assert out == f"{expected}\n"
