"""Golden fixtures: binding → expected HubSpot request plan; bad binding → CODE@line:col."""

from __future__ import annotations

import json
import os

import pytest
from dsl_fixtures import FIXTURES, bad_cases, harbor

from compiler.binding import compile_binding
from compiler.cli.check import result_json

GOOD = sorted((FIXTURES / "good").glob("*.binding"))


@pytest.mark.parametrize("path", GOOD, ids=[p.stem for p in GOOD])
def test_good_binding_compiles_to_golden_plan(path):
    text = path.read_text(encoding="utf-8")
    result = compile_binding(text, harbor())
    assert result.ok, [d.to_json() for d in result.diagnostics]
    got = result_json(result)
    golden = path.with_suffix(".json")
    expected = json.loads(golden.read_text(encoding="utf-8")) if golden.exists() else None
    if os.environ.get("UPDATE_GOLDEN") == "1" and got != expected:
        # Rewrite the file, but still fail this run: the change is shown, never compared with
        # itself, and the next run checks the new file.
        golden.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert got == expected, f"{golden.name} differs (UPDATE_GOLDEN=1 rewrites it)"


CASES = bad_cases()


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:50] for c in CASES])
def test_bad_binding_reports_code_at_position(text, expected):
    result = compile_binding(text, harbor())
    assert not result.ok
    got = [f"{d.code}@{d.line}:{d.col}" for d in result.diagnostics]
    assert got == expected


def test_all_errors_reported_in_one_run():
    text = "search contactz where x = 1"
    assert [d.code for d in compile_binding(text, harbor()).diagnostics] == ["unknown-object"]
    text = 'search contacts where emial = "a" and num_pets = "3" and email > "a" limit 0'
    codes = [d.code for d in compile_binding(text, harbor()).diagnostics]
    assert codes == ["unknown-property", "literal-type", "operator-type", "limit"]


def test_unknown_property_suggests_closest_names():
    (d,) = compile_binding("search contacts where emial = {e}", harbor()).diagnostics
    assert d.hint is not None and "`email`" in d.hint


def test_enum_label_error_suggests_value():
    (d,) = compile_binding('search tickets where hs_ticket_priority = "High"', harbor()).diagnostics
    assert d.code == "literal-type"
    assert d.hint == 'use the value "HIGH"'


def test_stage_label_suggests_stage_id_from_pipelines():
    text = 'search tickets where hs_pipeline_stage = "Closed"'
    (d,) = compile_binding(text, harbor()).diagnostics
    assert d.hint == 'use the value "4"'


def test_plan_keeps_dnf_groups_in_author_order():
    text = "search contacts where num_pets = 1 or num_pets = 2"
    plan = compile_binding(text, harbor()).plan
    assert plan is not None
    groups = plan.to_json()["steps"][0]["body"]["filterGroups"]
    assert [g["filters"][0]["value"] for g in groups] == ["1", "2"]


def test_filter_limits_accept_exact_maximum():
    five = " or ".join(f"num_pets = {i}" for i in range(5))
    assert compile_binding(f"search contacts where {five}", harbor()).ok
    six_in_group = " and ".join(f"num_pets != {i}" for i in range(6))
    assert compile_binding(f"search contacts where {six_in_group}", harbor()).ok
    # 3 groups x 6 filters = 18 in all: allowed; a 19th is not.
    group = " and ".join(f"num_pets != {i}" for i in range(6))
    eighteen = " or ".join(f"({group})" for _ in range(3))
    assert compile_binding(f"search contacts where {eighteen}", harbor()).ok
    nineteen = eighteen + " or email = {e}"
    codes = [
        d.code for d in compile_binding(f"search contacts where {nineteen}", harbor()).diagnostics
    ]
    assert codes == ["filter-limit"]


def test_objects_by_name_type_id_and_fully_qualified_name():
    for name in ("pets", "2-9876543", "p4242_pets"):
        plan = compile_binding(f"search {name} where pet_name = {{n}}", harbor()).plan
        assert plan is not None
        assert plan.object_name == "pets"
        assert plan.to_json()["steps"][0]["path"] == "/crm/v3/objects/2-9876543/search"


def test_enumeration_parameter_lists_visible_options_only():
    schema = harbor()
    prop = next(
        p
        for p in schema.objects["contacts"].properties
        if p.type == "enumeration" and any(o.hidden for o in p.options)
    )
    plan = compile_binding(f"search contacts where {prop.name} = {{v}}", schema).plan
    assert plan is not None
    enum = plan.parameters["properties"]["v"]["enum"]
    assert enum == [o.value for o in prop.options if not o.hidden]
    assert len(enum) < len(prop.options)


def test_required_property_from_optional_parameter_is_not_assigned():
    text = 'create deals set dealname = {n?}, pipeline = "default", dealstage = "closedwon"'
    (d,) = compile_binding(text, harbor()).diagnostics
    assert d.code == "missing-required" and "optional" in d.message


def test_booleans_take_true_false_and_compile_to_strings():
    plan = compile_binding("search contacts where hs_email_optout = true", harbor()).plan
    assert plan is not None
    assert plan.to_json()["steps"][0]["body"]["filterGroups"][0]["filters"][0]["value"] == "true"
    bad = compile_binding('search contacts where hs_email_optout = "yes"', harbor())
    assert [d.code for d in bad.diagnostics] == ["literal-type"]


def test_default_return_properties():
    plan = compile_binding("search pets where pet_name = {n}", harbor()).plan
    assert plan is not None
    assert plan.to_json()["steps"][0]["body"]["properties"] == ["pet_name", "species"]
    plan = compile_binding("search companies", harbor()).plan
    assert plan is not None
    body = plan.to_json()["steps"][0]["body"]
    assert body["properties"] == [
        "name",
        "domain",
        "createdate",
        "hs_lastmodifieddate",
        "hs_object_id",
    ]
    assert body["filterGroups"] == [] and body["limit"] == 10 and "sorts" not in body


def test_pathological_conditions_get_errors_not_crashes():
    deep = "search contacts where " + "not " * 3000 + "email = {e}"
    (d,) = compile_binding(deep, harbor()).diagnostics
    assert (d.code, d.line, d.col) == ("too-complex", 1, 17)
    long_chain = "search contacts where " + " or ".join(["email = {e}"] * 2000)
    (d,) = compile_binding(long_chain, harbor()).diagnostics
    assert d.code == "filter-limit" and "2000 predicates" in d.message
    parens = "search contacts where " + "(" * 500 + "email = {e}" + ")" * 500
    assert compile_binding(parens, harbor()).ok
