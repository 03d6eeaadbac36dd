"""YAML loading: positions inside every scalar style, YAML 1.1 traps, strict string fields."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from compiler.packs.load import load_model
from compiler.packs.models import PackSpec, SkillSpec
from compiler.packs.yamlsrc import load_yaml

PACK_HEAD = 'name: p\ntitle: P\nversion: "1.0.0"\ncrm: hubspot\nskills: [a.yaml]\n'


def _pack(extra: str) -> tuple[PackSpec | None, list[str]]:
    spec, _, diags = load_model(PackSpec, PACK_HEAD + extra, "pack.yaml")
    return spec, [f"{d.code}@{d.line}:{d.col}" for d in diags]


@pytest.mark.parametrize("word", ["on", "off", "yes", "no", "NO", "Yes", "y", "n", "1:30", "0o"])
def test_yaml_11_booleans_and_sexagesimals_stay_strings(word: str) -> None:
    doc, diags = load_yaml(f"value: {word}\n", "f.yaml")
    assert not diags and doc is not None
    assert doc.data["value"] == word


def test_norway_is_a_region() -> None:
    spec, diags = _pack("defaults:\n  phone_region: NO\n")
    assert diags == [] and spec is not None
    assert spec.defaults.phone_region == "NO"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("true", "field-type@7:17"),  # a real YAML 1.2 boolean: not coerced to "True"
        ("44", "field-type@7:17"),
        ("0123", "field-type@7:17"),  # not 123, not 83: an error
        ("1e3", "field-type@7:17"),
        ("no", "field-value@7:17"),  # a string, but not a region code
    ],
)
def test_region_is_never_coerced(value: str, code: str) -> None:
    spec, diags = _pack(f"defaults:\n  phone_region: {value}\n")
    assert spec is None
    assert diags == [code]


@pytest.mark.parametrize("version", ["1.10", "1", "0123", "1e3"])
def test_version_numbers_must_be_quoted(version: str) -> None:
    text = PACK_HEAD.replace('"1.0.0"', version)
    spec, _, diags = load_model(PackSpec, text, "pack.yaml")
    assert spec is None
    assert [(d.code, d.line, d.col) for d in diags] == [("field-type", 3, 10)]
    assert diags[0].hint is not None and f'"{version}"' in diags[0].hint


def test_yaml_11_directive_is_refused() -> None:
    doc, diags = load_yaml("%YAML 1.1\n---\nvalue: no\n", "f.yaml")
    assert doc is None
    assert [(d.code, d.line, d.col) for d in diags] == [("yaml-version", 1, 1)]


def test_flags_are_strict_booleans() -> None:
    text = "name: s\ndescription: d\nread: search contacts\ngated: yes\n"
    spec, _, diags = load_model(SkillSpec, text, "s.yaml")
    assert spec is None
    assert [(d.code, d.line, d.col) for d in diags] == [("field-type", 4, 8)]


def test_syntax_error_has_a_position() -> None:
    doc, diags = load_yaml("a: [1, 2\nb: 3\n", "f.yaml")
    assert doc is None
    assert diags[0].code == "yaml-syntax" and diags[0].line >= 1


def test_one_document_per_file() -> None:
    doc, diags = load_yaml("a: 1\n---\nb: 2\n", "f.yaml")
    assert doc is None
    assert [(d.code, d.line, d.col) for d in diags] == [("yaml-syntax", 2, 1)]
    assert "single document" in diags[0].message
    _, empty = load_yaml("# nothing here\n", "f.yaml")
    assert [d.code for d in empty] == ["yaml-document"]


def test_duplicate_and_non_string_keys() -> None:
    _, diags = load_yaml("a: 1\n1: x\na: 2\n", "f.yaml")
    assert [(d.code, d.line, d.col) for d in diags] == [
        ("yaml-key", 2, 1),
        ("yaml-duplicate-key", 3, 1),
    ]


# Characters that make ruamel pick every scalar style, escapes and folding included.
_TEXT = (
    st.lists(
        st.sampled_from([*"abcxyz {}=\"'\\#:-,.\té\n", "  ", "\n\n", "search contacts"]),
        min_size=1,
        max_size=40,
    )
    .map("".join)
    .filter(lambda s: s.strip() != "")
)

_STYLES = {
    "literal": LiteralScalarString,
    "folded": FoldedScalarString,
    "double": DoubleQuotedScalarString,
    "single": SingleQuotedScalarString,
    "plain": str,
}


@settings(max_examples=150, deadline=None)
@given(value=_TEXT, style=st.sampled_from(sorted(_STYLES)), indent=st.sampled_from([0, 2]))
def test_every_character_maps_to_its_source(value: str, style: str, indent: int) -> None:
    """For any string in any style, each character's mapped position holds that character.

    Exceptions are exactly what YAML rewrites: escapes (mapped to their backslash), folded
    line breaks (a space mapped to the newline), and quote doubling.
    """
    yaml = YAML()
    yaml.width = 30  # force folding of long lines
    out = io.StringIO()
    data = {"wrap": {"v": _STYLES[style](value)}} if indent else {"v": _STYLES[style](value)}
    yaml.dump(data, out)
    text = out.getvalue()
    doc, diags = load_yaml(text, "f.yaml")
    assert doc is not None and not diags
    path = ("wrap", "v") if indent else ("v",)
    loaded = doc.data["wrap"]["v"] if indent else doc.data["v"]
    positions = doc.source.string_positions(path)
    assert positions is not None, (text, loaded)
    assert len(positions) == len(loaded) + 1
    lines = text.split("\n")
    actual_style = doc.source.scalars[path].style  # ruamel may quote a "plain" value
    for i, ch in enumerate(loaded):
        line, col = positions[i]
        src = lines[line - 1][col - 1] if col - 1 < len(lines[line - 1]) else "\n"
        if src == ch:
            continue
        assert (src == "\\" and actual_style == '"') or (src == "\n" and ch in " \n"), (
            text,
            loaded,
            i,
        )
    assert positions == sorted(positions)


_PAD = st.lists(st.sampled_from([" ", "  ", "\n", "\n  ", "\t"]), min_size=1, max_size=3).map(
    "".join
)


@settings(max_examples=60, deadline=None)
@given(
    before=_PAD,
    after=_PAD,
    style=st.sampled_from(sorted(_STYLES)),
    accent=st.booleans(),
)
def test_binding_errors_land_on_the_token_in_the_file(
    before: str, after: str, style: str, accent: bool
) -> None:
    """An unknown property inside a binding, in any YAML style, is reported where it is written."""
    from compiler.binding import compile_binding
    from compiler.packs.checks import binding_field
    from compiler.packs.load import LoadedSkill
    from tests.pack_fixtures import harbor

    # a non-ASCII string before the token: columns count code points
    lead = ' firstname = "é" and' if accent else ""
    binding = f"search contacts where{lead}{before}zzz_unknown ={after}1 limit 1"
    yaml = YAML()
    yaml.width = 30
    out = io.StringIO()
    yaml.dump({"name": "s", "description": "d", "read": _STYLES[style](binding)}, out)
    text = out.getvalue()
    spec, smap, diags = load_model(SkillSpec, text, "s.yaml")
    assert spec is not None and smap is not None and not diags
    skill = LoadedSkill(spec=spec, source=smap, origin="pack", stable_file="s.yaml")
    field = binding_field(skill)
    assert field == "read"
    result = compile_binding(spec.read or "", harbor())
    found = [d for d in result.diagnostics if "zzz_unknown" in d.message]
    assert found, result.diagnostics
    placed = smap.map_fragment(("read",), found[0])
    line = text.split("\n")[placed.line - 1]
    assert line[placed.col - 1 :].startswith("zzz_unknown"), (text, placed)


def test_aliases_are_refused_where_they_are_used() -> None:
    text = "name: s\ndescription: &d Finds things.\nread: search contacts\nresult: *d\n"
    spec, _, diags = load_model(SkillSpec, text, "s.yaml")
    assert spec is None
    assert [(d.code, d.line, d.col, d.end_col) for d in diags] == [("yaml-alias", 4, 9, 11)]


def test_an_alias_bomb_is_not_expanded() -> None:
    # Six levels of ten aliases each: a million strings (seconds, ~100 MB) if expanded; each
    # further level multiplies that by ten.
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
    doc, diags = load_yaml("\n".join(lines) + "\n", "f.yaml")
    assert doc is not None
    assert len(diags) == 60 and {d.code for d in diags} == {"yaml-alias"}
    assert (diags[0].line, diags[0].col) == (2, 10)


@pytest.mark.parametrize(
    "value",
    ["!!int abc", "!!float x", "!!int 0x_", "!!bool yes", "!!bool on", "!!null x", "!!set {x}"],
)
def test_explicit_tags_are_read_as_yaml_12_or_refused(value: str) -> None:
    # `!!bool yes` is YAML 1.1's true: neither guessed at nor turned into false; `!!int abc`
    # is an error at the value, never a traceback.
    text = f"name: s\ndescription: d\nread: search contacts\ngated: {value}\n"
    spec, _, diags = load_model(SkillSpec, text, "s.yaml")
    assert spec is None
    assert [(d.code, d.line, d.col) for d in diags] == [("yaml-tag", 4, 8)]


def test_explicit_core_tags_that_fit_are_read() -> None:
    doc, diags = load_yaml("a: !!bool true\nb: !!str 5\nc: !!map {d: !!null ~}\n", "f.yaml")
    assert not diags and doc is not None
    assert doc.data == {"a": True, "b": "5", "c": {"d": None}}
