"""The dashboard in headless Chromium against a real `skillc serve` (embedded simulator): the
whole story a person walks, the refused callback, the binding check's positioned errors, an
axe-core scan and a screenshot (``test-artifacts/``) of every page."""

from __future__ import annotations

import re
from typing import Any

from browser_fixtures import Served, check_page, chromium, served, sign_in

__all__ = ["chromium", "served"]

PACK_SKILLS = {
    "create_contact",
    "create_deal",
    "create_ticket",
    "find_company",
    "find_contact",
    "find_ticket",
    "update_contact",
}


def _connect(page: Any) -> None:
    page.get_by_role("link", name="Integrations").click()
    page.get_by_role("button", name="Connect HubSpot").click()
    # Consent (the simulator approves) and the callback bring the browser back here.
    page.wait_for_url("**/integrations")


def _new_agent(page: Any, name: str) -> None:
    page.get_by_role("link", name="Agents").click()
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Create agent").click()
    page.wait_for_url(re.compile(r".*/agents/agt_[^/?]+(\?.*)?$"))


def test_the_whole_story_in_a_browser(served: Served, chromium: Any) -> None:
    key = served.key("integrations:read", "agents:read")
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(served.base_url + "/")
        check_page(page, "sign-in")
        sign_in(page, served.base_url)
        nav = page.get_by_role("navigation", name="Main")
        for name in ("Integrations", "Schema", "Agents", "Interaction logging", "API keys"):
            assert nav.get_by_role("link", name=name).is_visible()
        assert page.get_by_text("Not connected").is_visible()

        _connect(page)
        with served.api(key) as api:
            hubspot = api.get("/integrations").json()["data"][0]
        assert hubspot["status"] == "connected" and hubspot["accountLabel"]
        assert page.get_by_text("Connected", exact=True).is_visible()
        assert page.get_by_text(hubspot["accountLabel"]).first.is_visible()
        assert page.get_by_text(hubspot["portalId"], exact=True).is_visible()
        check_page(page, "integrations")

        page.get_by_role("button", name="Refresh schema").click()
        page.wait_for_url("**/integrations?note=refreshed")
        assert page.get_by_text("Schema refreshed.").is_visible()

        page.get_by_role("link", name="Schema").click()
        page.get_by_label("Search properties").fill("email")
        page.get_by_role("button", name="Search").click()
        assert page.get_by_role("cell", name="email", exact=True).first.is_visible()
        check_page(page, "schema")

        _new_agent(page, "Front desk")
        page.get_by_role("button", name="Install Connector Pack").click()
        page.wait_for_url("**?note=installed")
        rows = page.locator("table.compare tbody tr")
        assert rows.count() == 7
        shown = {rows.nth(i).locator("th").inner_text() for i in range(7)}
        assert shown == PACK_SKILLS
        assert page.locator("table.compare .change.added").count() == 7
        update = page.locator("table.compare tr", has_text="update_contact")
        assert update.get_by_text("requires verified identity").first.is_visible()
        assert update.get_by_text("gated", exact=True).first.is_visible()
        agent_id = page.url.split("/agents/")[1].split("?")[0]
        with served.api(key) as api:
            draft = api.get(f"/agents/{agent_id}").json()["data"]["draft"]["skills"]
        assert {s["name"] for s in draft} == PACK_SKILLS

        page.get_by_role("button", name="Publish").click()
        page.wait_for_url("**?note=published")
        assert page.get_by_text("Version 1", exact=True).is_visible()
        assert page.locator("table.compare .change.same").count() == 7
        check_page(page, "agent")

        page.get_by_role("link", name="Agents").click()
        assert page.get_by_role("link", name="Front desk").is_visible()
        check_page(page, "agents")

        page.get_by_role("link", name="Interaction logging").click()
        page.get_by_label("Mode").select_option("summary_transcript")
        page.get_by_label("On no match").select_option("create")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url("**/logging?note=saved")
        assert page.get_by_label("Mode").input_value() == "summary_transcript"
        check_page(page, "logging")
        with served.api(key) as api:
            settings = api.get("/integrations/hubspot/writeback").json()["data"]
        assert settings["mode"] == "summary_transcript"
        assert settings["onNoMatch"] == "create"

        page.get_by_role("link", name="API keys").click()
        page.get_by_label("Key name").fill("voice platform")
        page.get_by_label("skills:execute").check()
        page.get_by_role("button", name="Create key").click()
        created = page.get_by_label("API key").input_value()
        assert created.startswith("skc_sk_")
        check_page(page, "keys")
        with served.api(created) as api:
            mine = api.get("/keys")
            assert mine.status_code == 200
            assert {k["name"] for k in mine.json()["data"]} >= {"voice platform"}
            assert created not in mine.text
        page.get_by_role("link", name="API keys").click()
        assert created not in page.content()  # shown once
        page.get_by_role("button", name="Revoke voice platform").click()
        page.wait_for_url("**/keys?note=revoked")
        with served.api(created) as api:
            assert api.get("/keys").status_code == 401

        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/login")
        page.goto(served.base_url + "/agents")
        assert "/login" in page.url
    finally:
        context.close()


def test_callback_in_a_fresh_context_without_a_session_is_refused(
    served: Served, chromium: Any
) -> None:
    key = served.key("integrations:connect", "integrations:read")
    with served.api(key) as api:
        url = api.post("/integrations/hubspot/connect").json()["data"]["oauthUrl"]
    context = chromium.new_context()
    page = context.new_page()
    try:
        answer = page.goto(url)  # consent approves, then the callback: no session here
        assert answer is not None and answer.status == 401
        assert "/oauth/hubspot/callback" in page.url
        assert page.get_by_role("alert").inner_text().startswith("sign in to the dashboard")
        check_page(page, "callback-refused")
        with served.api(key) as api:
            assert api.get("/integrations").json()["data"][0]["status"] == "not_connected"
    finally:
        context.close()


def test_a_binding_with_an_error_shows_it_at_its_column(served: Served, chromium: Any) -> None:
    context = chromium.new_context()
    page = context.new_page()
    try:
        sign_in(page, served.base_url)
        _connect(page)
        _new_agent(page, "Bindings")
        binding = 'search contacts where emial = "a@b.c" return email'
        column = binding.index("emial") + 1
        page.get_by_label("Binding").fill(binding)
        page.get_by_role("button", name="Check binding").click()
        result = page.locator("#check-result")
        assert result.get_by_text(f"1:{column}", exact=True).is_visible()
        rendered = result.locator("pre").first.inner_text().split("\n")
        assert rendered[1] == "  " + binding
        assert rendered[2] == "  " + " " * (column - 1) + "^" * len("emial")
        check_page(page, "binding-error")

        # Live: typing a fix re-checks without a click.
        page.get_by_label("Binding").fill(binding.replace("emial", "email"))
        result.get_by_text("The binding compiles").wait_for()
        page.get_by_label("Skill name").fill("contact_by_email")
        page.get_by_role("button", name="Save to draft").click()
        assert "description" in page.get_by_role("alert").first.inner_text()  # nothing saved
        assert page.get_by_label("Binding").input_value() == binding.replace("emial", "email")
        page.get_by_label("Description").fill("Find a contact by its email address.")
        page.get_by_role("button", name="Save to draft").click()
        page.wait_for_url("**?note=saved")
        assert page.locator("table.compare tr", has_text="contact_by_email").is_visible()

        # The builder makes a binding from picks and checks it.
        page.get_by_label("Object").select_option("contacts")
        page.get_by_label("Fields").fill("firstname, email")
        page.get_by_label("Filter property").fill("email")
        page.get_by_label("Value", exact=True).fill("{email}")
        page.get_by_role("button", name="Build binding").click()
        assert (
            page.get_by_label("Binding").input_value()
            == "search contacts where email = {email} return firstname, email"
        )
        assert result.get_by_text("The binding compiles").is_visible()

        page.get_by_role("textbox", name="Describe it").fill("find a contact by email")
        page.get_by_role("button", name="Describe it").click()
        described = page.locator(".described")
        assert described.locator("pre.binding").inner_text().startswith("search contacts")
        assert page.get_by_label("Binding").input_value().startswith("search contacts")
        check_page(page, "describe-it")
    finally:
        context.close()


def test_disconnect_keeps_agents_and_calls_answer_not_connected(
    served: Served, chromium: Any
) -> None:
    key = served.key("integrations:read", "skills:execute", "agents:read")
    context = chromium.new_context()
    page = context.new_page()
    try:
        sign_in(page, served.base_url)
        _connect(page)
        _new_agent(page, "Desk")
        page.get_by_role("button", name="Install Connector Pack").click()
        page.get_by_role("button", name="Publish").click()
        page.wait_for_url("**?note=published")
        agent_id = page.url.split("/agents/")[1].split("?")[0]
        page.get_by_role("link", name="Integrations").click()
        page.get_by_role("button", name="Disconnect").click()
        page.wait_for_url("**/integrations?note=disconnected")
        assert page.get_by_text("Not connected").is_visible()
        body = {"args": {}, "conversationId": "c1", "caller": {"phone": "+16175550123"}}
        with served.api(key) as api:
            call = api.post(f"/agents/{agent_id}/skills/find_contact/call", json=body)
            assert call.status_code == 409 and call.json()["error"]["code"] == "not_connected"
            agent = api.get(f"/agents/{agent_id}").json()["data"]
            assert agent["published"]["version"] == 1
        page.get_by_role("button", name="Connect HubSpot").click()
        page.wait_for_url("**/integrations")
        assert page.get_by_text("Connected", exact=True).is_visible()
        with served.api(key) as api:
            call = api.post(f"/agents/{agent_id}/skills/find_contact/call", json=body)
            assert call.status_code == 200, call.text
    finally:
        context.close()
