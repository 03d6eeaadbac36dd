"""Agent page flows over HTTP with a signed-in browser session: save bindings to the draft,
publish Version 1 and Version 2, Restore, and a publish refused with its reason."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import httpx
from service_fixtures import Service, connect, service
from sqlalchemy import select
from store_fixtures import databases, store_url

from compiler.store.connections import DiscoveredSchema

__all__ = ["databases", "service", "store_url"]


def _post(browser: httpx.Client, path: str, **data: str) -> httpx.Response:
    return browser.post(path, data={**data, "csrf": browser.cookies["skillc_csrf"]})


def _save(browser: httpx.Client, agent: str, name: str, binding: str) -> None:
    saved = _post(
        browser, f"{agent}/bindings/save", skill_name=name, description=f"{name}.", binding=binding
    )
    assert saved.status_code == 303, saved.text


def test_versions_restore_and_a_refused_publish_with_its_reason(service: Service) -> None:
    browser = connect(service)
    agent = _post(browser, "/agents", name="Desk").headers["location"].split("?")[0]
    _save(browser, agent, "by_email", "search contacts where email = {email} return firstname")
    assert _post(browser, f"{agent}/publish").headers["location"].endswith("?note=published")
    _save(browser, agent, "by_name", "search contacts where lastname = {last} return email")
    page = browser.get(agent).text
    assert re.search(r"by_name</code></th>\s*<td><span class=\"change added\">added", page)
    _post(browser, f"{agent}/publish")
    page = browser.get(agent).text
    assert "Version 2" in page and "Version 1" in page

    restored = _post(browser, f"{agent}/versions/1/restore")
    assert restored.headers["location"].endswith("?note=restored")
    page = browser.get(agent).text
    # The draft is Version 1 again: by_name is in Version 2 only.
    assert re.search(r"by_name</code></th>\s*<td><span class=\"change removed\">removed", page)

    # The account changes under the draft: email is gone, so by_email no longer compiles.
    with service.store.transaction() as session:
        row = session.scalar(select(DiscoveredSchema))
        assert row is not None
        doc = json.loads(row.document)
        props = doc["objects"]["contacts"]["properties"]
        doc["objects"]["contacts"]["properties"] = [p for p in props if p["name"] != "email"]
        doc["fingerprint"] = "sha256:" + "1" * 64
        row.document = json.dumps(doc)
        row.fingerprint = doc["fingerprint"]
    refused = _post(browser, f"{agent}/publish")
    assert refused.status_code == 409
    alert = re.search(r'<div class="error" role="alert">(.*?)</div>', refused.text, re.S)
    assert alert is not None
    assert "by_email" in alert.group(1) and "email" in alert.group(1)
    assert "Version 3" not in browser.get(agent).text


def test_unknown_agent_page_is_a_page_not_found(service: Service) -> None:
    browser = service.browser()
    answer = browser.get("/agents/agt_nope")
    assert answer.status_code == 404
    assert "text/html" in answer.headers["content-type"] and "no agent" in answer.text


def test_logging_page_saves_settings_and_lists_deliveries_without_content(
    service: Service,
) -> None:
    browser = connect(service)
    saved = _post(browser, "/logging", mode="summary_transcript", on_no_match="create")
    assert saved.headers["location"] == "/logging?note=saved"
    refused = _post(browser, "/logging", mode="everything", on_no_match="create")
    assert refused.status_code == 422 and 'role="alert"' in refused.text
    key = service.key("skills:execute", "integrations:read", "integrations:connect")
    secret_words = "Biscuit is limping again"
    conversation = {
        "id": "call-1",
        "channel": "voice",
        # After logging was switched on: logging never back-fills older conversations.
        "startedAt": datetime.now(UTC).isoformat(),
        "endedAt": (datetime.now(UTC) + timedelta(seconds=1)).isoformat(),
        "caller": {"phone": "+16175550123"},
        "contactId": "101",
        "transcript": [{"speaker": "caller", "text": secret_words}],
    }
    with service.api(key) as api:
        assert api.get("/integrations/hubspot/writeback").json()["data"]["mode"] == (
            "summary_transcript"
        )
        logged = api.post("/integrations/hubspot/writeback/conversations", json=conversation)
        assert logged.status_code == 200, logged.text
    page = browser.get("/logging").text
    row = re.search(r"<tbody><tr><td><code>101</code></td><td>Call</td><td>(\w+)</td>", page)
    assert row is not None and row.group(1) == "pending", page[page.find("Recent") :]
    assert secret_words not in page and "Biscuit" not in page
    # Disconnect: the queued item waits (same connection), it is there again after reconnect.
    with service.api(key) as api:
        assert api.delete("/integrations/hubspot").status_code == 200
    assert "Connect HubSpot on the Integrations page" in browser.get("/logging").text
    connect(service)
    assert "<code>101</code></td><td>Call</td><td>pending" in browser.get("/logging").text
