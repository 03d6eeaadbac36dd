"""The dashboard in headless Chromium where a person strays from the happy path: signed out in a
second tab, then submitting a form in the first; answering Describe it's question by keyboard."""

from __future__ import annotations

import re
from typing import Any

from browser_fixtures import EMAIL, PASSWORD, Served, check_page, chromium, served, sign_in

__all__ = ["chromium", "served"]


def _connected_agent(page: Any, name: str) -> str:
    page.get_by_role("button", name="Connect HubSpot").click()
    page.wait_for_url("**/integrations")
    page.get_by_role("link", name="Agents").click()
    page.get_by_label("Name").fill(name)
    page.get_by_role("button", name="Create agent").click()
    page.wait_for_url(re.compile(r".*/agents/agt_[^/?]+(\?.*)?$"))
    return str(page.url.split("?")[0])


def test_signed_out_in_another_tab_a_form_leads_back_to_its_page(
    served: Served, chromium: Any
) -> None:
    context = chromium.new_context()
    page = context.new_page()
    try:
        sign_in(page, served.base_url)
        agent = _connected_agent(page, "Front desk")
        other = context.new_page()
        other.goto(served.base_url + "/keys")
        other.get_by_role("button", name="Sign out").click()
        other.wait_for_url("**/login")

        page.get_by_role("button", name="Publish").click()
        page.wait_for_url(re.compile(r".*/login\?next=.*publish$"))
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(agent)
        assert page.get_by_role("heading", name="Front desk", level=1).is_visible()
        assert page.get_by_text("No version published yet.").is_visible()  # nothing ran
    finally:
        context.close()


def test_describe_it_by_keyboard_and_its_question_answered_by_a_pick(
    served: Served, chromium: Any
) -> None:
    context = chromium.new_context()
    page = context.new_page()
    try:
        sign_in(page, served.base_url)
        _connected_agent(page, "Desk")
        page.get_by_role("textbox", name="Describe it").focus()
        page.keyboard.type("Close a given ticket")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_url("**/bindings/describe")
        assert page.get_by_text("Which closed stage should the ticket move to?").is_visible()
        check_page(page, "describe-question")
        page.get_by_role("button", name='"Closed" (Support Pipeline)').click()
        page.wait_for_url("**/bindings/check")
        assert (
            page.get_by_label("Binding").input_value()
            == 'update tickets {ticket_id} set hs_pipeline_stage = "4"'
        )
        assert page.locator("#check-result").get_by_text("The binding compiles").is_visible()

        page.get_by_role("textbox", name="Describe it").fill("Find the caller's invoices")
        page.get_by_role("button", name="Describe it").click()
        page.wait_for_url("**/bindings/describe")
        alert = page.get_by_role("alert")
        assert "invoices" in alert.inner_text()
        check_page(page, "describe-impossible")
    finally:
        context.close()
