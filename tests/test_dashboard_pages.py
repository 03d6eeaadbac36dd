"""Agent page flows over HTTP with a signed-in browser session: save bindings to the draft,
publish Version 1 and Version 2, Restore, a publish refused with its reason, and the Drift and
Scopes sections."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import httpx
from platform_fixtures import Published, published
from service_fixtures import Service, connect, service
from sqlalchemy import select, update
from store_fixtures import databases, store_url

from compiler.product.health import last_drift
from compiler.store.connections import Connection, DiscoveredSchema

__all__ = ["databases", "published", "service", "store_url"]


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


def _section(page: str, heading: str) -> str:
    found = re.search(rf'<section aria-labelledby="{heading}">(.*?)</section>', page, re.S)
    assert found is not None, page
    return found.group(1)


def _drift_row(section: str, skill: str) -> tuple[str, str, str]:
    """Status, reason and binding position of one skill's row in the Drift table."""
    row = re.search(
        rf"<th scope=\"row\"><code>{skill}</code></th>\s*<td>(.*?)</td>\s*<td>(.*?)</td>"
        rf"\s*<td>(.*?)</td>",
        section,
        re.S,
    )
    assert row is not None, section
    status, reason, position = (re.sub(r"<[^>]+>", " ", c) for c in row.groups())
    return status.strip(), " ".join(reason.split()), " ".join(position.split())


def test_check_drift_shows_a_skill_broken_by_an_archived_property(published: Published) -> None:
    service, agent = published.service, f"/agents/{published.agent_id}"
    browser = service.browser()
    drift = _section(browser.get(agent).text, "drift-heading")
    assert "Not checked yet." in drift and '<button type="submit">Check drift</button>' in drift

    # A form without its CSRF token runs nothing.
    forged = browser.post(f"{agent}/drift", data={"csrf": "forged"})
    assert forged.status_code == 403 and last_drift(service.store, published.agent_id) is None

    checked = _post(browser, f"{agent}/drift")
    assert checked.status_code == 303
    assert checked.headers["location"] == f"{agent}?note=drift_checked"
    drift = _section(browser.get(checked.headers["location"]).text, "drift-heading")
    assert _drift_row(drift, "find_contact")[0] == "ok"

    # The property find_contact searches by is deleted (archived) in the account.
    contacts = service.sim.schema.resolve("contacts")
    assert contacts is not None
    next(p for p in contacts.raw_properties if p["name"] == "email")["archived"] = True
    # The page shows the stored report until the check runs again.
    assert _drift_row(_section(browser.get(agent).text, "drift-heading"), "find_contact")[0] == "ok"
    _post(browser, f"{agent}/drift")
    drift = _section(browser.get(agent).text, "drift-heading")
    overall = r'Version 1: <span class="drift broken">broken</span>, checked <time datetime="\d{4}-'
    assert re.search(overall, drift), drift
    status, reason, position = _drift_row(drift, "find_contact")
    assert status == "broken"
    assert "email" in reason and "broken" in reason
    assert re.search(r"\S+:\d+:\d+ steps\[", position), position  # file:line:col, plan position
    assert _drift_row(drift, "find_company")[0] == "ok"


def test_check_drift_on_an_unpublished_agent_shows_why(service: Service) -> None:
    browser = connect(service)
    agent = _post(browser, "/agents", name="Draft").headers["location"].split("?")[0]
    refused = _post(browser, f"{agent}/drift")
    assert refused.status_code == 409
    drift = _section(refused.text, "drift-heading")
    assert 'role="alert"' in drift and "publish" in drift.lower()


def test_scopes_section_lists_required_scopes_and_links_to_grant_the_missing(
    published: Published,
) -> None:
    service, agent = published.service, f"/agents/{published.agent_id}"
    browser = service.browser()
    scopes = _section(browser.get(agent).text, "scopes-heading")
    required = re.search(r"<dt>Required</dt>\s*<dd>(.*?)</dd>", scopes, re.S)
    assert required is not None
    listed = set(re.findall(r"<code>([^<]+)</code>", required.group(1)))
    assert {"crm.objects.contacts.read", "crm.objects.contacts.write", "tickets"} <= listed
    assert re.search(r"<dt>Missing</dt>\s*<dd>none</dd>", scopes)
    assert "Grant missing scopes" not in scopes

    with service.store.transaction() as session:
        session.execute(
            update(Connection).values(
                scopes="oauth crm.objects.contacts.read crm.objects.contacts.write"
            )
        )
    scopes = _section(browser.get(agent).text, "scopes-heading")
    missing = re.search(r"<dt>Missing</dt>\s*<dd>(.*?)</dd>", scopes, re.S)
    assert missing is not None
    lacking = set(re.findall(r"<code>([^<]+)</code>", missing.group(1)))
    assert "tickets" in lacking and "crm.objects.contacts.read" not in lacking
    link = re.search(r'<a class="button" href="([^"]+)">Grant missing scopes</a>', scopes)
    assert link is not None
    query = parse_qs(urlparse(html.unescape(link.group(1))).query)
    asked = query["scope"][0].split()
    assert lacking <= set(asked) and "oauth" in asked  # nothing already granted is lost
    assert query["state"][0]
