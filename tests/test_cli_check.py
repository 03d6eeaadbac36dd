"""`skillc check` as authors and CI use it: exit codes, text and JSON output, batches."""

from __future__ import annotations

import json

from compiler.cli import main
from compiler.samples import sample_schema_path

SCHEMA = str(sample_schema_path("harbor_vet"))


def test_ok_prints_plan_and_exits_0(capsys):
    code = main(["check", "--schema", SCHEMA, "search contacts where email = {email} limit 1"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["ok"] is True and out["kind"] == "search"
    assert out["object"] == {"name": "contacts", "objectTypeId": "0-1"}
    assert out["parameters"]["required"] == ["email"]
    step = out["steps"][0]
    assert (step["op"], step["method"], step["path"]) == (
        "search",
        "POST",
        "/crm/v3/objects/contacts/search",
    )
    assert step["body"]["filterGroups"] == [
        {"filters": [{"propertyName": "email", "operator": "EQ", "value": {"$param": "email"}}]}
    ]
    assert step["body"]["limit"] == 1


def test_error_renders_position_source_line_and_caret(capsys):
    code = main(["check", "--schema", SCHEMA, 'search contacts\n  where num_pets = "3"'])
    err = capsys.readouterr().err
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("<input>:2:20: error[literal-type]: ")
    assert lines[1] == '    where num_pets = "3"'
    assert lines[2] == "                     ^^^"


def test_json_failure_shape(capsys):
    code = main(
        ["check", "--schema", SCHEMA, "--format", "json", "search contacts where emial = 1"]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    (err,) = out["errors"]
    assert out["ok"] is False
    assert err["code"] == "unknown-property"
    assert (err["line"], err["col"], err["end_line"], err["end_col"]) == (1, 23, 1, 28)
    assert "email" in err["hint"]


def test_batch_one_result_per_line_in_order(tmp_path, capsys):
    batch = tmp_path / "bindings.txt"
    batch.write_text(
        "# comment line\n"
        "search contacts limit 1\n"
        "\n" + json.dumps("search contacts\nwhere emial = {e}") + "\n"
        '"not json\n'
        'create tickets set subject = {s}, hs_pipeline = "0", hs_pipeline_stage = "1"\n',
        encoding="utf-8",
    )
    code = main(["check", "--schema", SCHEMA, "--format", "json", "--batch", str(batch)])
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    assert [r["ok"] for r in results] == [True, False, False, True]
    # line and column are counted inside the (multi-line) binding
    assert (results[1]["errors"][0]["line"], results[1]["errors"][0]["col"]) == (2, 7)
    assert results[2]["errors"][0]["code"] == "bad-batch-line"


def test_batch_all_ok_exits_0(tmp_path, capsys):
    batch = tmp_path / "b.txt"
    batch.write_text("search contacts limit 1\nsearch deals limit 2\n", encoding="utf-8")
    assert main(["check", "--schema", SCHEMA, "--batch", str(batch)]) == 0
    assert capsys.readouterr().out.count(": ok: search") == 2


def test_unreadable_schema_exits_2_malformed_schema_exits_1(tmp_path, capsys):
    # README's rule: 2 for usage and I/O, 1 for input read, checked and found wrong (as compile).
    assert main(["check", "--schema", str(tmp_path / "missing.json"), "search contacts"]) == 2
    assert "no such file" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "skillc.discovered-schema/1",\n "account": ', encoding="utf-8")
    assert main(["check", "--schema", str(bad), "search contacts"]) == 1
    err = capsys.readouterr().err
    assert "malformed JSON" in err and ":2:" in err and "Traceback" not in err
    wrong = tmp_path / "wrong.json"
    wrong.write_text(
        json.dumps(
            {
                "format": "skillc.discovered-schema/1",
                "account": {"id": "1"},
                "objects": {"contacts": {"objectTypeId": 5}},
            }
        ),
        encoding="utf-8",
    )
    assert main(["check", "--schema", str(wrong), "search contacts"]) == 1
    assert "objects.contacts.objectTypeId" in capsys.readouterr().err
    out = str(tmp_path / "out")
    assert main(["compile", "packs/hubspot", "--schema", str(bad), "--out", out]) == 1
    assert main(["schema", "objects", str(bad)]) == 1
    assert "malformed JSON" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys, tmp_path):
    assert main(["check", "--schema", SCHEMA]) == 2
    assert main(["check", "--schema", SCHEMA, "--batch", str(tmp_path / "none.txt")]) == 2
    assert "no such file" in capsys.readouterr().err
