"""Stage membership: a stage written with its pipeline belongs to that pipeline (issue 9 #1)."""

from __future__ import annotations

from functools import cache

import pytest
from dsl_fixtures import harbor

from compiler.account.model import AccountSchema, Option
from compiler.binding import compile_binding

# harbor_vet: deals "default" (Sales Pipeline: appointmentscheduled ... closedlost) and
# "wellness_plans" (1234567 ... 1234570); tickets "0" (1 ... 4) and "7733001" (7733002 ...).
DEAL = 'create deals set dealname = "x", pipeline = {pipe}, dealstage = {stage}'
TICKET = 'create tickets set subject = "x", hs_pipeline = {pipe}, hs_pipeline_stage = {stage}'


@cache
def inline_options() -> AccountSchema:
    """harbor_vet with the pipelines and stages also listed inline as options (common)."""
    schema = harbor()
    objects = dict(schema.objects)
    for name, pipe_prop, stage_prop in (
        ("deals", "pipeline", "dealstage"),
        ("tickets", "hs_pipeline", "hs_pipeline_stage"),
    ):
        obj = objects[name]
        pipes = [Option(label=p.label, value=p.id) for p in obj.pipelines]
        stages = [Option(label=s.label, value=s.id) for p in obj.pipelines for s in p.stages]
        props = []
        for prop in obj.properties:
            if prop.name == pipe_prop:
                prop = prop.model_copy(update={"externalOptions": False, "options": pipes})
            elif prop.name == stage_prop:
                prop = prop.model_copy(update={"externalOptions": False, "options": stages})
            props.append(prop)
        objects[name] = obj.model_copy(update={"properties": props})
    return schema.model_copy(update={"objects": objects})


SCHEMAS = [pytest.param(harbor, id="external-options"), pytest.param(inline_options, id="inline")]


def codes(text: str, schema: AccountSchema) -> list[str]:
    return [d.code for d in compile_binding(text, schema).diagnostics]


@pytest.mark.parametrize("schema", SCHEMAS)
@pytest.mark.parametrize(
    ("template", "pipe", "other_stage", "own_stage"),
    [
        (DEAL, '"default"', '"1234567"', '"closedwon"'),
        (DEAL, '"wellness_plans"', '"closedwon"', '"1234568"'),
        (TICKET, '"0"', '"7733002"', '"2"'),
        (TICKET, '"7733001"', '"1"', '"7733003"'),
    ],
)
def test_stage_of_another_pipeline_is_refused(schema, template, pipe, other_stage, own_stage):
    bad = compile_binding(template.format(pipe=pipe, stage=other_stage), schema())
    assert [d.code for d in bad.diagnostics] == ["stage-pipeline"]
    assert other_stage.strip('"') in bad.diagnostics[0].message
    assert compile_binding(template.format(pipe=pipe, stage=own_stage), schema()).ok


@pytest.mark.parametrize("schema", SCHEMAS)
def test_update_and_find_or_create_check_membership_too(schema):
    update = 'update deals {id} set pipeline = "default", dealstage = "1234567"'
    assert codes(update, schema()) == ["stage-pipeline"]
    upsert = (
        'find or create deals by dealname = {n} set pipeline = "wellness_plans", '
        'dealstage = "closedwon"'
    )
    assert codes(upsert, schema()) == ["stage-pipeline"]


@pytest.mark.parametrize("schema", SCHEMAS)
def test_pipeline_parameter_and_stage_literal(schema):
    # A stage of some pipeline the parameter can take is fine ...
    assert compile_binding(DEAL.format(pipe="{p}", stage='"1234567"'), schema()).ok
    assert compile_binding(TICKET.format(pipe="{p}", stage='"7733004"'), schema()).ok


def test_stage_literal_no_pipeline_parameter_value_can_own_is_refused():
    # ... one that belongs only to an archived pipeline (which the parameter does not offer) is not.
    schema = harbor()
    deals = schema.objects["deals"]
    pipelines = [
        p.model_copy(update={"archived": True}) if p.id == "wellness_plans" else p
        for p in deals.pipelines
    ]
    objects = dict(schema.objects)
    objects["deals"] = deals.model_copy(update={"pipelines": pipelines})
    archived = schema.model_copy(update={"objects": objects})
    result = compile_binding(DEAL.format(pipe="{p}", stage='"1234567"'), archived)
    assert [d.code for d in result.diagnostics] == ["stage-pipeline"]
    assert "{p}" in result.diagnostics[0].message
    assert compile_binding(DEAL.format(pipe="{p}", stage='"closedwon"'), archived).ok


@pytest.mark.parametrize("schema", SCHEMAS)
def test_stage_parameter_offers_only_the_fixed_pipelines_stages(schema):
    plan = compile_binding(DEAL.format(pipe='"wellness_plans"', stage="{s}"), schema()).plan
    assert plan is not None
    assert plan.parameters["properties"]["s"]["enum"] == [
        "1234567",
        "1234568",
        "1234569",
        "1234570",
    ]
    plan = compile_binding(TICKET.format(pipe='"0"', stage="{s}"), schema()).plan
    assert plan is not None
    assert plan.parameters["properties"]["s"]["enum"] == ["1", "2", "3", "4"]
    # Without a fixed pipeline the parameter takes any stage.
    plan = compile_binding(DEAL.format(pipe="{p}", stage="{s}"), schema()).plan
    assert plan is not None
    assert "closedwon" in plan.parameters["properties"]["s"]["enum"]
    assert "1234567" in plan.parameters["properties"]["s"]["enum"]
