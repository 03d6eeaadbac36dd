"""The checker's diagnostics steer a repair of a candidate before anything is returned."""

from __future__ import annotations

from pathlib import Path

from compiler.account import load_schema
from compiler.authoring.engine import check_frame
from compiler.authoring.frame import Cond, Frame, Val, param, render
from compiler.binding import compile_binding

SCHEMA = load_schema(
    Path(__file__).resolve().parent.parent / "compiler" / "samples" / "harbor_vet.schema.json"
)


def test_option_label_and_missing_required_are_repaired() -> None:
    frame = Frame("create", "pets", sets={"species": Val("string", "Dog")})
    assert not compile_binding(render(frame), SCHEMA).ok  # a label, and no pet_name
    fixed, text, result, rounds = check_frame(frame, SCHEMA, None)
    assert result.ok, result.diagnostics
    assert rounds >= 1
    assert text == 'create pets set species = "dog", pet_name = {pet_name}'
    assert fixed.sets["pet_name"] == param("pet_name")


def test_matches_on_a_text_property_becomes_equals() -> None:
    frame = Frame("one", "pets", conds=[Cond("microchip_id", "matches", (param("chip"),))], limit=1)
    _, text, result, rounds = check_frame(frame, SCHEMA, None)
    assert result.ok and rounds == 1
    assert text == "search pets where microchip_id = {chip} limit 1"


def test_what_cannot_be_repaired_is_returned_unchecked_never() -> None:
    frame = Frame(
        "many",
        "pets",
        conds=[Cond(None, "associated", (param("caller.contact_id"),), obj="contacts")],
    )
    _, _, result, _ = check_frame(frame, SCHEMA, None)
    assert not result.ok  # custom objects have no association filter: no repair pretends otherwise
