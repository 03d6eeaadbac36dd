"""The one template sandbox bounds size and work, at compile time and at run time (issue 9,
items 9 and 18): the bypasses found by a stress run are refused in well under a second."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from dsl_fixtures import harbor

from compiler import sandbox
from compiler.packs.compile import compile_pack
from compiler.runtime.render import RenderError
from compiler.runtime.render import render as runtime_render

BOMBS = [
    '{{ "%0999999999d"|format(1) }}',
    '{{ "%.999999999f"|format(1.5) }}',
    '{{ "%*d"|format(999999999, 1) }}',
    '{{ "%0999999999d" % 1 }}',
    '{{ "{:>999999999}".format(1) }}',
    '{{ "{0:{1}}".format(1, 999999999) }}',
    '{{ "{:.999999999f}".format(1.5) }}',
    '{{ "{x:>999999999}".format_map({"x": 1}) }}',
    '{{ "ab"|replace("", "xxxxxxxxxxxxxxxxxxxx")|replace("", "xxxxxxxxxxxxxxxxxxxx")'
    '|replace("", "xxxxxxxxxxxxxxxxxxxx") }}',
    '{{ "ab".replace("", "xxxxxxxxxxxxxxxxxxxx").replace("", "xxxxxxxxxxxxxxxxxxxx")'
    '.replace("", "xxxxxxxxxxxxxxxxxxxx") }}',
    "{% set s = 'x' * 1000 %}{% for a in s %}{% for b in s %}{% for c in s %}"
    "{% endfor %}{% endfor %}{% endfor %}",
    "{% set ns = namespace(s='ab') %}{% for a in 'x' * 100 %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "{% set ns = namespace(s='ab') %}{% for a in 'x' * 100 %}{% set ns.s = ns.s + ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "{% set ns = namespace(n=3) %}{% for a in 'x' * 100 %}{% set ns.n = ns.n * ns.n %}"
    "{% endfor %}{{ ns.n }}",
    "{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "{{ 'x'.ljust(999999999) }}",
    "{{ 'x'.zfill(999999999) }}",
    "{{ '\t'.expandtabs(999999999) }}",
    "{{ [1]|batch(999999999, 0)|list }}",
    "{% for a in 'x' * 5000 %}{{ 'abcdefgh' }}{% endfor %}",
    "{% set s = 'x' * 9000 %}{% for c in 'ab' recursive %}"
    "{% if loop.depth < 120 and loop.index < 3 %}{{ loop(s) }}{% endif %}{% endfor %}",
    "{% set s = 'x' * 9000 %}{% for a in s %}{% for b in s if false %}{% endfor %}{% endfor %}",
]


@pytest.mark.parametrize("template", BOMBS)
def test_runtime_refuses_bombs_quickly(template: str) -> None:
    started = time.perf_counter()
    with pytest.raises(RenderError):
        runtime_render(template, {})
    assert time.perf_counter() - started < 5.0  # unbounded, these take minutes or gigabytes


def _pack(root: Path, template: str) -> Path:
    root.mkdir()
    (root / "pack.yaml").write_text(
        'name: p\ntitle: P\nversion: "1.0.0"\ncrm: hubspot\n'
        "scopes: {required: [crm.objects.contacts.read]}\nskills: [s.yaml]\n"
    )
    quoted = template.replace("'", "''")
    (root / "s.yaml").write_text(
        "name: s\ndescription: d\nread: search contacts where email = {email} limit 1\n"
        f"result: '{quoted}'\n"
    )
    return root


@pytest.mark.parametrize("template", BOMBS)
def test_compile_refuses_bombs_quickly(tmp_path: Path, template: str) -> None:
    root = _pack(tmp_path / "pack", template)
    started = time.perf_counter()
    result = compile_pack(root, harbor())
    assert time.perf_counter() - started < 5.0
    assert not result.ok
    assert [d.code for d in result.diagnostics] == ["template-unsafe"]


def test_ordinary_templates_render_the_same_in_both() -> None:
    records = [{"id": str(i), "firstname": f"N{i}"} for i in range(200)]
    text = (
        "{% for r in records %}{{ r.firstname ~ ',' }}{% endfor %} "
        "{{ '%05.1f'|format(3.14159) }} {{ '{:>6}'.format('ab') }} {{ 'a-b'.replace('-', '+') }}"
        " {{ 'x'|center(5) }}|{{ 12 * 12 }} {{ 'ab' + 'cd' }} {{ '%d items' % 3 }}"
    )
    out = sandbox.render(text, {"records": records})
    assert out.startswith("N0,N1,") and "N199," in out
    assert out.endswith(" 003.1     ab a+b   x  |144 abcd 3 items")
    assert runtime_render(text, {"records": records}) == out.strip()


def test_one_sandbox_serves_compile_and_runtime() -> None:
    from compiler.packs import templates
    from compiler.runtime import render

    assert render.MAX_BUILT == sandbox.MAX_BUILT
    bomb = '{{ "{:>999999999}".format(1) }}'
    with pytest.raises(sandbox.SecurityError):
        templates.render(bomb, {})
