"""The dashboard's forms where a person gets them wrong, reloads them or comes back to them
signed out: a refused form is a page saying why (never a server error), a form's address opened
as a page leads to the page holding the form, and what the Bindings section shows reads as
words, not as data."""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from service_fixtures import Service, connect, service
from store_fixtures import databases, store_url

__all__ = ["databases", "service", "store_url"]


def _post(browser: httpx.Client, path: str, **data: str) -> httpx.Response:
    return browser.post(path, data={**data, "csrf": browser.cookies["skillc_csrf"]})


def _alerts(page: str) -> list[str]:
    found = re.findall(
        r'<div[^>]*role="alert">(.*?)</div>|<p[^>]*role="alert">(.*?)</p>', page, re.S
    )
    found = [a or b for a, b in found]
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", a)).split()) for a in found]


def _agent(browser: httpx.Client, name: str = "Desk") -> str:
    created = _post(browser, "/agents", name=name)
    assert created.status_code == 303, created.text
    return created.headers["location"].split("?")[0]


def test_a_refused_new_agent_or_key_is_a_page_with_the_reason(service: Service) -> None:
    browser = service.browser()
    blank = _post(browser, "/agents", name="   ")
    assert blank.status_code == 422, blank.text
    assert "text/html" in blank.headers["content-type"]
    assert any("agent name" in a for a in _alerts(blank.text))

    _agent(browser, "Front desk")
    taken = _post(browser, "/agents", name="Front desk")
    assert taken.status_code == 409 or taken.status_code == 422, taken.text
    assert any("already exists" in a for a in _alerts(taken.text))
    # What the person typed stays in the field.
    assert 'value="Front desk"' in taken.text

    no_scope = _post(browser, "/keys", name="voice platform")
    assert no_scope.status_code == 422, no_scope.text
    assert any("scope" in a for a in _alerts(no_scope.text))
    assert 'value="voice platform"' in no_scope.text
    # A refused key keeps the scopes that were ticked.
    unnamed = browser.post(
        "/keys",
        data={"scope": ["skills:execute", "no:such"], "csrf": browser.cookies["skillc_csrf"]},
    )
    assert unnamed.status_code == 422, unnamed.text
    assert 'value="skills:execute" checked' in unnamed.text
    assert 'value="agents:read" checked' not in unnamed.text


def test_a_forms_address_opened_as_a_page_leads_to_the_page_holding_it(service: Service) -> None:
    browser = connect(service)
    agent = _agent(browser)
    for action in (
        "install",
        "publish",
        "drift",
        "versions/1/restore",
        "bindings/build",
        "bindings/check",
        "bindings/describe",
        "bindings/save",
    ):
        opened = browser.get(f"{agent}/{action}")
        assert opened.status_code == 303, (action, opened.text)
        assert opened.headers["location"] == agent
    for action in ("connect", "disconnect", "refresh"):
        opened = browser.get(f"/integrations/hubspot/{action}")
        assert (opened.status_code, opened.headers["location"]) == (303, "/integrations")
    assert browser.get("/keys/key_x/revoke").headers["location"] == "/keys"
    assert browser.get("/logout").headers["location"] == "/"
    # Opening them ran nothing: no version was published, the connection is still there.
    assert "No version published yet." in browser.get(agent).text
    assert ">Connected<" in browser.get("/integrations").text


def test_a_form_posted_while_signed_out_comes_back_to_its_page_after_signing_in(
    service: Service,
) -> None:
    browser = connect(service)
    agent = _agent(browser)
    csrf = browser.cookies["skillc_csrf"]
    signed_out = httpx.Client(base_url=service.base_url, timeout=30)
    signed_out.cookies.set("skillc_csrf", csrf)
    posted = signed_out.post(f"{agent}/bindings/describe", data={"goal": "x", "csrf": csrf})
    assert posted.status_code == 303
    login = posted.headers["location"]
    assert login == f"/login?next={agent}/bindings/describe"
    # Signing in sends the browser to `next` with a GET: it lands on the agent's page.
    back = browser.get(login.split("next=")[1], follow_redirects=True)
    assert back.status_code == 200 and back.url.path == agent
    assert "<h1>Desk</h1>" in back.text


def test_the_check_names_the_object_in_words(service: Service) -> None:
    browser = connect(service)
    agent = _agent(browser)
    page = browser.get(agent).text
    # The section stays unnamed: a region named "Bindings" would also answer to the label
    # "Binding" (Playwright's get_by_label matches a substring), beside the Binding field.
    assert not re.search(r'<section[^>]*class="bindings"[^>]*aria-label', page)

    checked = _post(
        browser, f"{agent}/bindings/check", binding="search contacts where email = {email}"
    )
    result = re.search(r'<p class="ok">(.*?)</p>', checked.text, re.S)
    assert result is not None, checked.text
    words = html.unescape(re.sub(r"<[^>]+>", "", result.group(1)))
    assert words == "The binding compiles: search on contacts, parameters email."


def test_the_builder_refuses_a_value_without_a_filter_property(service: Service) -> None:
    browser = connect(service)
    agent = _agent(browser)
    built = _post(
        browser, f"{agent}/bindings/build", object="contacts", fields="email", value="Boston"
    )
    assert built.status_code == 422, built.text
    assert any("filter property" in a for a in _alerts(built.text))
    assert "The binding compiles" not in built.text


def test_a_bad_skill_name_is_named_as_the_skill_name(service: Service) -> None:
    browser = connect(service)
    agent = _agent(browser)
    refused = _post(
        browser,
        f"{agent}/bindings/save",
        skill_name="find by email!",
        description="Find a contact by email.",
        binding="search contacts where email = {email}",
    )
    assert refused.status_code == 422, refused.text
    (alert,) = _alerts(refused.text)
    assert "skill name" in alert and "binding.yaml" not in alert
    assert "find_by_email" not in browser.get(agent).text


def test_describe_it_shows_what_the_account_lacks_and_refuses_an_empty_goal_in_words(
    service: Service,
) -> None:
    browser = connect(service)
    agent = _agent(browser)
    lacking = _post(browser, f"{agent}/bindings/describe", goal="Find the caller's invoices")
    assert lacking.status_code == 200, lacking.text
    (alert,) = _alerts(lacking.text)
    assert "invoices" in alert
    assert "contacts" in alert  # the hint: what the account does hold

    empty = _post(browser, f"{agent}/bindings/describe", goal="   ")
    (alert,) = _alerts(empty.text)
    assert "the goal is empty" in alert
    assert not re.search(r"goal</code>\s*:\s*</li>", empty.text)  # no detail without words


class _FakeOpenAI:
    """An OpenAI-compatible server on loopback that always answers one binding."""

    def __init__(self, binding: str) -> None:
        self.binding = binding
        self.requests = 0

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", "0")))
                fake.requests += 1
                answer = json.dumps({"binding": fake.binding, "explanation": "From the model."})
                data = json.dumps({"choices": [{"message": {"content": answer}}]}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> Iterator[_FakeOpenAI]:
    fake = _FakeOpenAI("search contacts where firstname = {firstname} limit 1")
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("SKILLC_AUTHOR_MODEL", "openai:fake")
    monkeypatch.setenv("SKILLC_AUTHOR_BASE_URL", f"http://127.0.0.1:{server.server_port}/v1")
    monkeypatch.setenv("SKILLC_AUTHOR_API_KEY", "sk-test")
    try:
        yield fake
    finally:
        server.shutdown()
        thread.join(5)


def test_describe_it_authors_with_the_model_the_server_is_configured_with(
    service: Service, fake_model: _FakeOpenAI
) -> None:
    browser = connect(service)
    agent = _agent(browser)
    described = _post(browser, f"{agent}/bindings/describe", goal="find a contact by email")
    assert described.status_code == 200, described.text
    assert fake_model.requests >= 1
    shown = re.search(
        r'<div class="described">.*?<pre class="binding">(.*?)</pre>', described.text, re.S
    )
    assert shown is not None
    assert html.unescape(shown.group(1)) == fake_model.binding


def test_describe_its_question_is_answered_by_picking_a_candidate(service: Service) -> None:
    browser = connect(service)
    agent = _agent(browser)
    asked = _post(browser, f"{agent}/bindings/describe", goal="Close a given ticket")
    assert "Which closed stage" in asked.text
    picks = re.findall(
        r'<input type="hidden" name="binding" value="([^"]*)">\s*'
        r'<button type="submit">([^<]*)</button>',
        asked.text,
    )
    labels = [html.unescape(label) for _, label in picks]
    assert '"Closed" (Support Pipeline)' in labels, asked.text
    binding = html.unescape(picks[labels.index('"Closed" (Support Pipeline)')][0])
    assert binding == 'update tickets {ticket_id} set hs_pipeline_stage = "4"'
    # Picking it puts that binding into the Binding field, checked.
    picked = _post(
        browser, f"{agent}/bindings/check", binding=binding, description="Close a given ticket"
    )
    field = re.search(r'<textarea id="binding"[^>]*>(.*?)</textarea>', picked.text, re.S)
    assert field is not None and html.unescape(field.group(1)) == binding
    assert "The binding compiles: update on" in picked.text


def test_a_write_binding_described_or_typed_saves_to_the_draft_and_asks_to_confirm(
    service: Service,
) -> None:
    browser = connect(service)
    agent = _agent(browser)
    described = _post(
        browser, f"{agent}/bindings/describe", goal="Create a high priority ticket for the caller"
    )
    field = re.search(r'<textarea id="binding"[^>]*>(.*?)</textarea>', described.text, re.S)
    assert field is not None
    binding = html.unescape(field.group(1))
    assert binding.startswith("create tickets")
    saved = _post(
        browser,
        f"{agent}/bindings/save",
        skill_name="urgent_ticket",
        description="Open an urgent ticket for the caller.",
        binding=binding,
    )
    assert saved.status_code == 303, _alerts(saved.text)
    with service.api(service.key("agents:read")) as api:
        draft = api.get(f"/agents/{agent.rsplit('/', 1)[1]}").json()["data"]["draft"]["skills"]
    assert [s["name"] for s in draft if s["name"] == "urgent_ticket"] == ["urgent_ticket"]
    page = browser.get(agent).text
    row = re.search(r"<code>urgent_ticket</code></th>(.*?)</tr>", page, re.S)
    assert row is not None and "asks to confirm" in row.group(1)
