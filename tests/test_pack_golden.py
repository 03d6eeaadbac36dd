"""Golden fixtures: each invalid pack gives exactly the expected ``CODE@FILE:LINE:COL`` lines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from compiler.diagnostics import render_text
from compiler.packs.compile import compile_pack
from compiler.packs.validate import validate_pack
from tests.pack_fixtures import INVALID, golden_lines, harbor, read_golden

CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def test_there_are_cases() -> None:
    assert {
        "block_scalars",
        "field_and_binding",
        "fields",
        "gating",
        "syntax",
        "templates",
        "yaml_syntax",
    } <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_compile_golden(case: str) -> None:
    root = INVALID / case
    result = compile_pack(root, harbor())
    assert golden_lines(result.diagnostics, root) == read_golden(root / "expected.compile.txt")
    assert not result.ok


@pytest.mark.parametrize("case", CASES)
def test_validate_golden(case: str) -> None:
    root = INVALID / case
    result = validate_pack(root)
    assert golden_lines(result.diagnostics, root) == read_golden(root / "expected.validate.txt")


def _caret_under(rendered: str, file: Path, token: str) -> None:
    """The rendered diagnostic for ``file`` puts its caret exactly under ``token``."""
    lines = rendered.split("\n")
    header = next(i for i, ln in enumerate(lines) if ln.startswith(f"{file}:"))
    source, caret = lines[header + 1], lines[header + 2]
    start = caret.index("^")
    assert source[start : start + len(token)] == token
    assert caret.count("^") == len(token)


@pytest.mark.parametrize(
    ("file", "token"),
    [
        ("literal.yaml", "favourite_colour"),  # line 3 of a `|` block
        ("folded.yaml", "lastnam"),  # after a blank line in a `>` block
        ("quoted.yaml", '\\"High\\"'),  # after escapes in a double-quoted string
        ("plain.yaml", '"ten"'),  # second line of a plain multi-line scalar
    ],
)
def test_caret_lands_on_the_token_inside_block_scalars(file: str, token: str) -> None:
    root = INVALID / "block_scalars"
    result = compile_pack(root, harbor())
    rendered = render_text(result.diagnostics, "", sources=result.sources)
    _caret_under(rendered, root / file, token)


@pytest.mark.parametrize(
    ("file", "token"),
    [
        ("literal.yaml", "lastmodifieddate"),
        ("folded.yaml", "hs_pipeline_stage"),
    ],
)
def test_syntax_caret_inside_block_scalars(file: str, token: str) -> None:
    root = INVALID / "syntax"
    result = validate_pack(root)
    rendered = render_text(result.diagnostics, "", sources=result.sources)
    _caret_under(rendered, root / file, token)


def test_many_errors_are_capped_with_a_count() -> None:
    root = INVALID / "fields"
    result = validate_pack(root)
    rendered = render_text(result.diagnostics, "", sources=result.sources, cap=3)
    assert rendered.endswith(f"... and {len(result.diagnostics) - 3} more")


def test_validate_cli_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    from compiler.cli import main
    from tests.pack_fixtures import BINDINGS, HUBSPOT_PACK

    assert main(["validate", str(HUBSPOT_PACK), "--bindings", str(BINDINGS)]) == 0
    assert "8 skill(s) OK" in capsys.readouterr().out
    assert main(["validate", str(INVALID / "syntax")]) == 1
    err = capsys.readouterr().err
    assert "literal.yaml:5:11: error[syntax]" in err and "^^^^" in err
    assert main(["validate", str(INVALID / "nope")]) == 2


def test_a_skill_with_field_errors_is_checked_but_never_compiled(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(INVALID / "field_and_binding", root)
    # a clean skill next to them, so --partial has something to write
    (root / "ok.yaml").write_text(
        "name: ok\ndescription: Fine.\nread: search contacts where email = {email} limit 1\n"
    )
    pack = root / "pack.yaml"
    pack.write_text(pack.read_text().replace("essential.yaml]", "essential.yaml, ok.yaml]"))
    result = compile_pack(root, harbor())
    assert set(result.artifacts) == {"ok"}
    assert sorted(result.failed) == ["essential", "flag", "typo"]
    assert sorted(validate_pack(root).skills) == ["ok"]


def test_validate_json_lists_every_diagnostic(capsys: pytest.CaptureFixture[str]) -> None:
    from compiler.cli import main
    from tests.pack_fixtures import HUBSPOT_PACK

    root = INVALID / "field_and_binding"
    assert main(["validate", str(root), "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""  # JSON mode: stdout holds one document, nothing else is printed
    report = json.loads(captured.out)
    assert report["ok"] is False and report["skills"] == []
    lines = [
        f"{d['code']}@{Path(d['file']).name}:{d['line']}:{d['col']}" for d in report["diagnostics"]
    ]
    assert sorted(lines) == read_golden(root / "expected.validate.txt")
    assert all({"message", "end_line", "end_col", "hint"} <= set(d) for d in report["diagnostics"])
    assert main(["validate", str(HUBSPOT_PACK), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {"ok": True, "skills": report["skills"], "diagnostics": []}
    assert len(report["skills"]) == 7


def test_templates_that_could_render_for_ever_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    root.mkdir()
    (root / "pack.yaml").write_text(
        'name: p\ntitle: P\nversion: "1.0.0"\ncrm: hubspot\n'
        "scopes: {required: [crm.objects.contacts.read]}\nskills: [s.yaml]\n"
    )
    # Small enough to finish if it were rendered; a third nested loop would not.
    (root / "s.yaml").write_text(
        "name: s\ndescription: d\nread: search contacts where email = {email} limit 1\n"
        "result: |\n"
        "  {% for i in range(1000) %}{% for j in range(1000) %}.{% endfor %}{% endfor %}\n"
        "  {{ 'ab' * 100000 }}{{ 2 ** 10 }}\n"
    )
    for result in (compile_pack(root, harbor()), validate_pack(root)):
        found = [(d.code, d.line, d.col, d.end_col) for d in result.diagnostics]
        assert found == [
            ("template-unsafe", 5, 15, 20),
            ("template-unsafe", 6, 11, 12),
            ("template-unsafe", 6, 27, 29),
        ]


@pytest.mark.parametrize(
    ("template", "where"),
    [
        ("Hi {{ name }", (1, 12, 1)),  # unexpected '}'
        ("Hi {{ a b }}", (1, 9, 1)),  # got 'b'
        ("Hi {{ a | }}", (1, 11, 2)),  # got 'end of print statement'
        ("x\n{% if a %}y\n{% for b in c %}{% endfor %}", (2, 4, 2)),  # the unclosed `if`
        ("a {% endfor %}", (1, 6, 6)),  # unknown tag
    ],
)
def test_template_syntax_errors_point_at_the_token(
    template: str, where: tuple[int, int, int]
) -> None:
    from compiler.packs.templates import check_syntax

    problems = check_syntax(template)
    assert [(p.code, p.line, p.col, p.length) for p in problems] == [("template-syntax", *where)]
