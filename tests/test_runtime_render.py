"""Templates rendered by the runtime: an edited artifact (digest recomputed) cannot make a
render build gigabytes or loop for ever."""

from __future__ import annotations

import copy
import time

import pytest
from runtime_fixtures import CountingClient, load, with_digest

from compiler.runtime import Caller, Conversation, Runtime
from compiler.runtime.render import RenderError, render

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("template", "words"),
    [
        ("{{ 'x' * 100000000 }}", "more than 10000"),
        ("{{ 100000000 * 'x' }}", "more than 10000"),
        ("{{ [1] * 100000000 }}", "more than 10000"),
        ("{{ 2 ** 100000000 }}", "`**`"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
         "'range' is undefined"),
        ("{{ lipsum(100000) }}", "'lipsum' is undefined"),
        ("{{ 'x'|center(1000000000) }}", "`center`"),
        ("{{ 'x'|indent(width=1000000000, first=True) }}", "`indent`"),
        ("{{ '%1000000000s'|format('x') }}", "`format`"),
    ],
)  # fmt: skip
def test_unbounded_templates_are_refused_quickly(template: str, words: str) -> None:
    started = time.perf_counter()
    with pytest.raises(RenderError, match=words.replace("*", r"\*")):
        render(template, {})
    assert time.perf_counter() - started < 1.0


def test_ordinary_templates_still_render() -> None:
    text = render(
        "Hi {{ name }}! {{ 3 * 4 }} {{ 'ab' * 3 }} {{ '%5s'|format('x') }}|"
        "{{ '%d'|format(123456) }} {{ 'x'|center(5) }}",
        {"name": "Maria"},
    )
    assert text == "Hi Maria! 12 ababab     x|123456   x"


async def test_an_edited_prompt_that_would_build_gigabytes_is_a_refusal_nothing_sent() -> None:
    edited = copy.deepcopy(load("create_ticket"))
    edited["templates"]["confirmation"] = "{{ subject * 100000000 }}"
    client = CountingClient()
    rt = Runtime([with_digest(edited)], client)
    caller = Conversation(id="c", caller=Caller(contact_id="101"))
    result = await rt.call("create_ticket", {"subject": "a", "details": "b"}, caller)
    assert result.status == "refused" and result.code == "template_error"
    assert client.sent == []
