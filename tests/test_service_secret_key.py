"""Stored tokens that the secret key cannot decrypt (SKILLC_SECRET_KEY changed) are a 409 in
the error shape saying to connect again, not a 500; connecting again heals it."""

from __future__ import annotations

from pathlib import Path

import pytest
from service_fixtures import Service, connect, service
from store_fixtures import databases, store_url

from compiler.cli import main
from compiler.product.calls import forget_runtimes
from compiler.product.connections import forget_clients

__all__ = ["databases", "service", "store_url"]


def test_a_changed_secret_key_asks_to_connect_again(
    service: Service, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect(service)
    monkeypatch.setenv("SKILLC_SECRET_KEY", "a different key than the tokens were stored with")
    forget_clients()
    forget_runtimes()
    with service.api(service.key()) as api:
        refused = api.post("/integrations/hubspot/discover")
        assert refused.status_code == 409, refused.text
        error = refused.json()["error"]
        assert error["code"] == "secret_key_unusable"
        assert "connect HubSpot again" in error["message"]
        connect(service)
        assert api.post("/integrations/hubspot/discover").status_code == 200


def test_serve_refuses_a_key_file_others_can_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "secret.key").write_text("a key\n")
    (home / "secret.key").chmod(0o644)
    monkeypatch.setenv("SKILLC_HOME", str(home))
    monkeypatch.delenv("SKILLC_SECRET_KEY", raising=False)
    # serve's JSON log handler would outlive this test's captured stderr.
    monkeypatch.setattr("compiler.service.serve.configure", lambda: None)
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    assert main(["serve", "--port", "0", "--database-url", url]) == 2
    err = capsys.readouterr().err
    assert "readable by others" in err and "chmod 600" in err
