"""The dashboard's security promises and the API it added, over real HTTP: a CSP without inline
script on every page, CSRF on every form, the session cookie's flags, no token in any page, and
`DELETE /integrations/hubspot` and the user's key listing and revoking."""

from __future__ import annotations

import re

import httpx
from fastapi.testclient import TestClient
from service_fixtures import EMAIL, PASSWORD, Service, connect, service
from sqlalchemy import select
from store_fixtures import databases, store_url

from compiler.product import secretbox
from compiler.product.accounts import add_user
from compiler.product.hubspot_app import HubSpotApp
from compiler.service.app import create_app
from compiler.store.connections import Connection

__all__ = ["databases", "service", "store_url"]

PAGES = ("/integrations", "/schema", "/agents", "/logging", "/keys", "/login")


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)


def _tokens(service: Service) -> tuple[str, str]:
    with service.store.transaction() as session:
        row = session.scalar(select(Connection))
    assert row is not None
    return secretbox.decrypt(row.access_token), secretbox.decrypt(row.refresh_token)


def test_every_page_has_a_strict_csp_and_holds_no_token(service: Service) -> None:
    browser = connect(service)
    agent = browser.post("/agents", data={"name": "Desk", "csrf": browser.cookies["skillc_csrf"]})
    assert agent.status_code == 303
    access, refresh = _tokens(service)
    for path in (*PAGES, agent.headers["location"].split("?")[0]):
        page = browser.get(path)
        assert page.status_code == 200, path
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert page.headers["referrer-policy"] == "no-referrer"
        assert re.search(r"<script(?![^>]*\bsrc=)", page.text) is None, path
        assert re.search(r"\son[a-z]+=", page.text) is None, path  # no inline handlers
        assert " style=" not in page.text, path
        assert access not in page.text and refresh not in page.text, path
        forms = page.text.count('method="post"')
        assert page.text.count('name="csrf"') == forms, path  # a CSRF field in every POST form
    assert browser.get("/static/skillc.js").headers["content-type"].startswith("text/javascript")


def test_a_form_without_its_csrf_token_changes_nothing(service: Service) -> None:
    browser = service.browser()
    refused = browser.post("/agents", data={"name": "Sneaky", "csrf": "not-the-token"})
    assert refused.status_code == 403
    assert "Sneaky" not in browser.get("/agents").text
    other = httpx.Client(base_url=service.base_url)  # no session at all
    assert other.post("/agents", data={"name": "Sneaky"}).status_code == 303
    assert "Sneaky" not in browser.get("/agents").text


def test_session_cookie_is_httponly_lax_and_secure_behind_https(store_url: str) -> None:
    app = create_app(store_url, HubSpotApp("http://127.0.0.1:9", "id", "secret", "https://x"))
    with TestClient(app, base_url="https://dashboard.example") as client:
        add_user(app.state.store(), EMAIL, PASSWORD, "Acme")
        csrf = _csrf(client.get("/login").text)
        answer = client.post(
            "/login",
            data={"email": EMAIL, "password": PASSWORD, "csrf": csrf},
            follow_redirects=False,
        )
        assert answer.status_code == 303
        cookie = next(
            c for c in answer.headers.get_list("set-cookie") if c.startswith("skillc_session=")
        )
        flags = {part.strip().lower() for part in cookie.split(";")}
        assert {"httponly", "secure", "samesite=lax"} <= flags
    with TestClient(app, base_url="http://dashboard.example") as plain:
        csrf = _csrf(plain.get("/login").text)
        answer = plain.post(
            "/login",
            data={"email": EMAIL, "password": PASSWORD, "csrf": csrf},
            follow_redirects=False,
        )
        cookie = next(
            c for c in answer.headers.get_list("set-cookie") if c.startswith("skillc_session=")
        )
        assert "secure" not in {part.strip().lower() for part in cookie.split(";")}


def test_delete_integration_revokes_at_hubspot_and_keeps_settings(service: Service) -> None:
    connect(service)
    _, refresh = _tokens(service)
    with service.api(service.key("integrations:read", "integrations:write")) as api:
        denied = api.delete("/integrations/hubspot")
        assert denied.status_code == 403
        assert denied.json()["error"]["details"]["requiredScope"] == "integrations:connect"
        patched = api.patch("/integrations/hubspot/writeback", json={"mode": "summary"})
        assert patched.status_code == 200
    with service.api(service.key("integrations:connect", "integrations:read")) as api:
        gone = api.delete("/integrations/hubspot")
        assert gone.status_code == 200, gone.text
        assert gone.json()["data"] == {"id": "hubspot", "status": "not_connected", "revoked": True}
        assert api.get("/integrations").json()["data"][0]["status"] == "not_connected"
        again = api.delete("/integrations/hubspot")
        assert again.status_code == 409 and again.json()["error"]["code"] == "not_connected"
    known = httpx.get(f"{service.sim_server.base_url}/oauth/v1/refresh-tokens/{refresh}")
    assert known.status_code == 404  # HubSpot no longer knows the token
    with service.store.transaction() as session:
        row = session.scalar(select(Connection))
    assert row is not None and row.access_token == "" and row.refresh_token == ""
    connect(service)
    with service.api(service.key("integrations:read")) as api:
        assert api.get("/integrations/hubspot/writeback").json()["data"]["mode"] == "summary"


def test_keys_are_listed_and_revoked_for_their_own_user_only(service: Service) -> None:
    add_user(service.store, "other@example.com", "another password", "Acme")
    mine = service.key("agents:read")
    second = service.key("skills:execute")
    theirs = service.key("agents:read", email="other@example.com")
    with service.api(mine) as api:
        listed = api.get("/keys")
        assert listed.status_code == 200
        rows = listed.json()["data"]
        assert len(rows) == 2 and all(set(r) == {"id", "name", "scopes", "createdAt"} for r in rows)
        assert mine not in listed.text and second not in listed.text
    with service.api(theirs) as api:
        their_id = api.get("/keys").json()["data"][0]["id"]
    with service.api(mine) as api:
        assert api.delete(f"/keys/{their_id}").status_code == 404
        second_id = next(r["id"] for r in rows if r["scopes"] == ["skills:execute"])
        assert api.delete(f"/keys/{second_id}").status_code == 200
    with service.api(second) as api:
        assert api.get("/keys").status_code == 401
    with service.api(theirs) as api:
        assert api.get("/keys").status_code == 200
