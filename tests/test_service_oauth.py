"""The OAuth callback completes only for a signed-in browser with a fresh, unused state of the
same workspace; every refusal leaves nothing connected."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from service_fixtures import PASSWORD, Service, connect, service
from sqlalchemy import func, select
from store_fixtures import databases, store_url

from compiler.product.accounts import add_user
from compiler.store.connections import Connection

__all__ = ["databases", "service", "store_url"]


def _start(service: Service) -> str:
    with service.api(service.key("integrations:connect")) as api:
        answer = api.post("/integrations/hubspot/connect")
    assert answer.status_code == 200, answer.text
    return str(answer.json()["data"]["oauthUrl"])


def _callback(oauth_url: str) -> str:
    """Consent in the simulator; the callback URL it redirects to (not yet opened)."""
    approved = httpx.get(oauth_url, timeout=30)
    assert approved.status_code == 302
    return str(approved.headers["location"])


def _nothing_connected(service: Service) -> None:
    with service.store.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Connection)) == 0
    with service.api(service.key("integrations:read")) as api:
        assert api.get("/integrations").json()["data"][0]["status"] == "not_connected"


def test_the_oauth_url_asks_least_privilege(service: Service) -> None:
    query = parse_qs(urlsplit(_start(service)).query)
    assert query["client_id"] == [service.sim.client_id]
    assert query["redirect_uri"] == [service.base_url + "/oauth/hubspot/callback"]
    scope = query["scope"][0].split()
    assert "crm.objects.contacts.read" in scope and "tickets" in scope
    assert not any("custom" in s for s in scope)
    assert "crm.objects.custom.read" in query["optional_scope"][0].split()
    assert len(query["state"][0]) >= 32


def test_callback_without_a_session_is_refused(service: Service) -> None:
    answer = httpx.get(_callback(_start(service)), timeout=30)
    assert answer.status_code == 401 and "sign in" in answer.text
    _nothing_connected(service)


def test_callback_with_an_api_key_only_is_refused(service: Service) -> None:
    key = service.key()
    answer = httpx.get(
        _callback(_start(service)), headers={"Authorization": f"Bearer {key}"}, timeout=30
    )
    assert answer.status_code == 401
    _nothing_connected(service)


def test_state_from_another_workspace_is_refused(service: Service) -> None:
    add_user(service.store, "other@example.com", PASSWORD, "Other")
    other = service.browser("other@example.com")
    answer = other.get(_callback(_start(service)))
    assert answer.status_code == 403 and "another workspace" in answer.text
    _nothing_connected(service)


def test_a_reused_state_is_refused(service: Service) -> None:
    browser = service.browser()
    url = _start(service)
    first = browser.get(_callback(url))
    assert first.status_code == 303
    with service.store.transaction() as session:
        before = session.scalar(select(Connection.token_version))
    again = browser.get(_callback(url))
    assert again.status_code == 400 and "already used" in again.text
    with service.store.transaction() as session:
        assert session.scalar(select(Connection.token_version)) == before


def test_an_expired_state_is_refused(service: Service, monkeypatch: pytest.MonkeyPatch) -> None:
    import compiler.product.connections as connections

    browser = service.browser()
    url = _start(service)
    real = connections.now
    monkeypatch.setattr(connections, "now", lambda: real() + connections.STATE_TTL_S + 1)
    answer = browser.get(_callback(url))
    assert answer.status_code == 400 and "expired" in answer.text
    _nothing_connected(service)


def test_states_expired_a_day_ago_are_forgotten(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    import compiler.product.connections as connections
    from compiler.store.accounts import OAuthState

    def states() -> int:
        with service.store.transaction() as session:
            return int(session.scalar(select(func.count()).select_from(OAuthState)) or 0)

    _start(service)
    _start(service)
    assert states() == 2
    real = connections.now
    later = connections.STATE_TTL_S + connections.STATE_KEPT_S
    monkeypatch.setattr(connections, "now", lambda: real() + later - 60)
    _start(service)
    assert states() == 3  # expired, but still answered "expired"
    monkeypatch.setattr(connections, "now", lambda: real() + later + 60)
    _start(service)
    assert states() == 2  # the two from a day ago are gone


def test_denied_consent_is_refused(service: Service) -> None:
    browser = service.browser()
    state = parse_qs(urlsplit(_start(service)).query)["state"][0]
    answer = browser.get(
        "/oauth/hubspot/callback", params={"error": "access_denied", "state": state}
    )
    assert answer.status_code == 400 and "denied" in answer.text
    _nothing_connected(service)


def test_a_failed_token_exchange_is_refused(service: Service) -> None:
    browser = service.browser()
    state = parse_qs(urlsplit(_start(service)).query)["state"][0]
    answer = browser.get(
        "/oauth/hubspot/callback", params={"code": "sim-code-forged", "state": state}
    )
    assert answer.status_code == 502 and "nothing was connected" in answer.text
    _nothing_connected(service)


def test_tokens_are_encrypted_at_rest(service: Service) -> None:
    connect(service)
    with service.store.transaction() as session:
        row = session.scalar(select(Connection))
    assert row is not None
    for token in service.sim.tokens.tokens:
        assert token not in row.access_token and token not in row.refresh_token
