"""`skillc schema objects|show|search`: the thin CLI over compiler.account.browse/search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.samples import sample_schema_path

HARBOR = str(sample_schema_path("harbor_vet"))
SMALL = str(sample_schema_path("small"))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["schema", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_objects_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "objects", HARBOR)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Harbor Vet (HubSpot) (account 4242)"
    assert lines[1].split() == ["NAME", "TYPE", "ID", "LABEL", "PROPS", "PIPELINES", "REQUIRED"]
    pets = next(line for line in lines if line.startswith("pets "))
    assert "2-9876543" in pets and "pet_name, species" in pets
    deals = next(line for line in lines if line.startswith("deals "))
    assert "default (7 stages), wellness_plans (4 stages)" in deals


def test_objects_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "objects", SMALL, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["account"]["id"] == "777"
    assert [o["name"] for o in data["objects"]] == ["contacts", "companies", "deals", "tickets"]


def test_show_object_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", HARBOR, "tickets")
    assert code == 0
    assert out.startswith("tickets (0-5): Ticket / Tickets\n")
    assert "required: subject, hs_pipeline, hs_pipeline_stage" in out
    assert "  7733001: Clinic Requests\n    7733002: Received (ticketState=OPEN)" in out
    row = next(line for line in out.splitlines() if line.startswith("hs_pipeline_stage "))
    assert "(from pipeline_stages)" in row
    row = next(line for line in out.splitlines() if line.startswith("hs_ticket_priority "))
    assert "LOW, MEDIUM, HIGH, URGENT" in row
    assert "contacts   0-1      HUBSPOT_DEFINED  16" in out


def test_show_hides_hidden_properties_unless_all(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "show", HARBOR, "contacts")
    assert "hidden not shown (--all)" in out
    assert "\nhs_searchable_calculated_phone_number " not in out
    _, out, _ = _run(capsys, "show", HARBOR, "contacts", "--all")
    assert "\nhs_searchable_calculated_phone_number " in out


def test_show_object_by_alias_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", HARBOR, "p4242_pets", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["name"] == "pets" and data["objectTypeId"] == "2-9876543"
    assert {p["name"] for p in data["properties"]} >= {"pet_name", "species", "microchip_id"}


def test_show_property_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", HARBOR, "contacts", "client_tier")
    assert code == 0
    assert out.splitlines()[0] == "contacts.client_tier: Client tier"
    assert "  vip_gold: Gold VIP\n" in out
    assert "  legacy_silver: Silver (retired) [hidden]\n" in out
    _, out, _ = _run(capsys, "show", HARBOR, "deals", "dealstage")
    assert "flags: required" in out
    assert "values from: pipeline_stages" in out and "    1234567: Inquiry" in out
    _, out, _ = _run(capsys, "show", HARBOR, "contacts", "hs_searchable_calculated_phone_number")
    assert "flags: read-only, calculated, hidden" in out


def test_show_property_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "show", HARBOR, "0-2", "phone", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["object"] == "companies" and data["phone"] is True
    assert data["fieldType"] == "phonenumber"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["show", HARBOR, "contact"],
            "no object 'contact' in account 4242; did you mean: contacts?",
        ),
        (
            ["show", HARBOR, "contacts", "phon"],
            "no property 'phon' on contacts; did you mean: phone",
        ),
        (["show", SMALL, "pets"], "no object 'pets' in account 777"),
        (["search", HARBOR, "phone", "--object", "tickts"], "did you mean: tickets?"),
    ],
)
def test_unknown_names_exit_1_with_suggestions(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 1 and out == ""
    assert err.startswith("skillc schema: error: ")
    assert message in err


def test_search_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "search", HARBOR, "phone", "--limit", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["PROPERTY", "LABEL", "TYPE", "SCORE", "WHY"]
    assert {line.split()[0] for line in lines[1:]} == {
        "contacts.phone",
        "contacts.mobilephone",
        "companies.phone",
    }
    assert "exact name" in lines[1]


def test_search_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "search", HARBOR, "Gold VIP", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "Gold VIP"
    first = data["results"][0]
    assert (first["object"], first["name"]) == ("contacts", "client_tier")


def test_search_object_filter_and_no_results(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "search", HARBOR, "name", "--object", "pets", "--format", "json")
    assert {r["object"] for r in json.loads(out)["results"]} == {"pets"}
    # The help says "Exit 0: found; 1: no such ... property": a search that finds nothing is 1.
    code, out, err = _run(capsys, "search", HARBOR, "xylophone")
    assert code == 1 and out == "" and err.endswith("no property matches 'xylophone'\n")
    code, out, err = _run(capsys, "search", HARBOR, "phnoe")
    assert code == 1 and "no property matches 'phnoe'; did you mean: phone?" in err
    code, out, _ = _run(capsys, "search", HARBOR, "phnoe", "--format", "json")
    assert json.loads(out) == {"query": "phnoe", "results": [], "didYouMean": ["phone"]}
    assert code == 1


@pytest.mark.parametrize("limit", ["0", "ten"])
def test_search_bad_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str], limit: str) -> None:
    with pytest.raises(SystemExit) as info:
        main(["schema", "search", HARBOR, "phone", "--limit", limit])
    assert info.value.code == 2
    assert "--limit" in capsys.readouterr().err


def test_schema_without_action_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys)
    assert code == 2 and "objects" in err and "search" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "skillc.discovered-schema/1", "account": ', "malformed JSON"),
        ('{"format": "something-else"}', "not a discovered schema"),
        ('{"format": "skillc.discovered-schema/1", "objects": {}}', "at account: Field required"),
    ],
)
def test_bad_schema_file_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    for argv in (
        ["objects", str(path)],
        ["show", str(path), "contacts"],
        ["search", str(path), "x"],
    ):
        # README: 1 = the input was read, checked and found wrong (2 is for usage and I/O).
        code, out, err = _run(capsys, *argv)
        assert code == 1 and out == ""
        assert f"{path}" in err and message in err


def test_missing_schema_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "objects", str(tmp_path / "nope.json"))
    assert code == 2 and "no such file" in err


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_query_is_a_usage_error(capsys: pytest.CaptureFixture[str], query: str) -> None:
    code, out, err = _run(capsys, "search", HARBOR, query, "--format", "json")
    assert code == 2 and out == "" and "the query is empty" in err
