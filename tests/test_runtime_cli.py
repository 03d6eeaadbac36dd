"""`skillc call`: one skill per invocation; confirmations survive between two invocations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from runtime_fixtures import install, load, load_all

from compiler.cli import main

TICKET = '{"subject": "Lost leash", "details": "Left it in the waiting room."}'


@pytest.fixture
def agent(tmp_path: Path) -> Path:
    return install(tmp_path / "agent", load_all())


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict]:
    code = main(["call", *argv, "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_find_contact_recognises_the_caller(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result = run_json(capsys, str(agent), "find_contact", "--caller-phone", "617.555.0123")
    assert code == 0
    assert result["status"] == "ok" and result["record"]["id"] == "101"
    assert result["text"] == "Hi Maria!"


def test_text_output_is_readable(agent: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["call", str(agent), "find_contact", "--caller-phone", "+16175550123"]) == 0
    out = capsys.readouterr().out
    assert "find_contact: ok" in out and "-> POST /crm/v3/objects/contacts/search" in out


def test_confirmation_token_works_across_invocations_once(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = [
        str(agent),
        "create_ticket",
        "--args",
        TICKET,
        "--caller-contact-id",
        "101",
        "--conversation",
        "call-7",
    ]
    code, ask = run_json(capsys, *common)
    assert code == 0 and ask["status"] == "needs_confirmation"
    assert not (agent / ".runtime").exists()  # state lives in the store, not the agent

    code, other = run_json(capsys, *common[:-1], "call-8", "--confirm", ask["token"])
    assert code == 1 and other["code"] == "confirmation_mismatch"
    someone_else = [a if a != "101" else "102" for a in common]
    code, other = run_json(capsys, *someone_else, "--confirm", ask["token"])
    assert code == 1 and other["code"] == "confirmation_mismatch"
    assert "another caller" in other["reason"]

    code, done = run_json(capsys, *common, "--confirm", ask["token"])
    assert code == 0 and done["status"] == "ok" and done["created"] is True

    # The same token with the same arguments (a platform retrying) answers the same result.
    code, again = run_json(capsys, *common, "--confirm", ask["token"])
    assert code == 0 and again == done
    changed = [a if a != TICKET else TICKET.replace("}", ', "priority": "HIGH"}') for a in common]
    code, other = run_json(capsys, *changed, "--confirm", ask["token"])
    assert code == 1 and other["code"] in ("confirmation_mismatch", "invalid_arguments")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{nope", "--args is not JSON"),
        ("[1]", "must be a JSON object"),
        ('"x"', "must be a JSON object"),
        ("null", "must be a JSON object"),
        ("[" * 100_000, "nested too deeply"),
        ('{"email": "\\ud800"}', "not valid Unicode"),
        ('{"email": NaN}', "NaN is not a JSON value"),
        ('{"email": ' + "9" * 5000 + "}", "too many digits"),
    ],
)
def test_bad_args_are_a_typed_result(
    agent: Path, capsys: pytest.CaptureFixture[str], text: str, words: str
) -> None:
    code, result = run_json(capsys, str(agent), "search_contacts", "--args", text)
    assert code == 1 and result["status"] == "invalid_arguments"
    assert words in result["problems"][0]["reason"]
    assert result["requests"] == []


def test_bad_args_for_an_unknown_skill_say_the_skill_is_unknown(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result = run_json(capsys, str(agent), "no_such_skill", "--args", "{nope")
    assert code == 1 and result["code"] == "unknown_skill"


def test_empty_conversation_id_is_a_usage_error(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["call", str(agent), "find_contact", "--conversation", ""]) == 2
    assert "--conversation" in capsys.readouterr().err


def test_smuggled_record_id_is_refused(agent: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, result = run_json(
        capsys,
        str(agent),
        "update_contact",
        "--args",
        '{"contact_id": "1/../../owners"}',
        "--verified",
        "101",
    )
    assert code == 1 and result["status"] == "invalid_arguments"
    assert result["problems"] == [
        {"argument": "contact_id", "reason": "must be a record id (digits only)"}
    ]


def test_unknown_skill_and_tampered_artifact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tampered = load("find_contact")
    tampered["templates"]["result"] = "{{ record }}"
    agent = install(tmp_path / "agent", [tampered])
    code, result = run_json(capsys, str(agent), "find_contact", "--caller-phone", "+16175550123")
    assert code == 1 and result["code"] == "digest_mismatch"
    code, result = run_json(capsys, str(agent), "delete_all")
    assert code == 1 and result["code"] == "unknown_skill"


def test_missing_agent_dir_is_an_io_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["call", str(tmp_path / "none"), "find_contact"]) == 2
    assert "no installed skills" in capsys.readouterr().err


def test_base_url_needs_token(agent: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["call", str(agent), "find_contact", "--base-url", "http://127.0.0.1:9"]) == 2
    assert "--token" in capsys.readouterr().err


@pytest.mark.parametrize("url", ["notaurl", "ftp://example.com", "http://"])
def test_base_url_must_be_http(agent: Path, capsys: pytest.CaptureFixture[str], url: str) -> None:
    argv = ["call", str(agent), "find_contact", "--base-url", url, "--token", "t"]
    assert main(argv) == 2
    assert "--base-url" in capsys.readouterr().err


def test_unknown_sample_is_a_usage_error(agent: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["call", str(agent), "find_contact", "--sample", "no_such_account"]) == 2
    assert "--sample" in capsys.readouterr().err


def test_update_without_verification_exits_one(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, result = run_json(
        capsys, str(agent), "update_contact", "--args", '{"contact_id": "101", "email": "a@b.c"}'
    )
    assert code == 1 and result["status"] == "needs_verification"
    code, result = run_json(
        capsys, str(agent), "update_contact", "--args", '{"contact_id": "101", "email": "a@b.c"}',
        "--verified", "101",
    )  # fmt: skip
    assert code == 0 and result["status"] == "needs_confirmation"
    assert result["prompt"] == "Shall I update your details to the email a@b.c?"


def test_missing_caller_phone_is_refused_with_a_hint(
    agent: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["call", str(agent), "find_contact"]) == 1
    out = capsys.readouterr().out
    assert "find_contact: refused" in out and "caller.phone" in out
    assert "hint: give the caller's details with --caller-phone" in out
    code, result = run_json(capsys, str(agent), "find_contact")
    assert code == 1 and result["code"] == "missing_context" and result["requests"] == []
