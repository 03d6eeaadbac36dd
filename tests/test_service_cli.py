"""`skillc users add` and `skillc keys create`: workspaces, argon2 passwords, keys shown once."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from compiler.cli import main
from compiler.product.accounts import key_digest, key_principal
from compiler.store import open_store
from compiler.store.accounts import ApiKey, User, Workspace


def _add(monkeypatch: pytest.MonkeyPatch, url: str, *argv: str, password: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["users", "add", *argv, "--password-stdin", "--database-url", url])


def test_users_and_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'skillc.db'}"
    assert _add(monkeypatch, url, "a@example.com", password="first-password") == 0
    assert _add(monkeypatch, url, "b@example.com", "--workspace", "Beta", password="pw-second") == 0
    assert _add(monkeypatch, url, "c@example.com", password="pw-third!") == 0
    assert _add(monkeypatch, url, "a@example.com", password="another-one") == 1
    assert "already exists" in capsys.readouterr().err
    store = open_store(url)
    with store.transaction() as session:
        users = {u.email: u for u in session.scalars(select(User))}
        spaces = {w.id: w.name for w in session.scalars(select(Workspace))}
    assert spaces[users["b@example.com"].workspace_id] == "Beta"
    assert users["a@example.com"].workspace_id == users["c@example.com"].workspace_id
    assert users["a@example.com"].password_hash.startswith("$argon2")
    assert "first-password" not in users["a@example.com"].password_hash
    argv = ["keys", "create", "--user", "a@example.com", "--scope", "agents:read"]
    argv += ["--scope", "skills:execute", "--name", "phone", "--database-url", url]
    capsys.readouterr()
    assert main([*argv, "--format", "json"]) == 0
    created = json.loads(capsys.readouterr().out)
    assert set(created) == {"id", "key", "scopes"}
    assert created["scopes"] == ["agents:read", "skills:execute"]
    with store.transaction() as session:
        row = session.scalar(select(ApiKey))
    assert row is not None and row.digest == key_digest(created["key"])
    assert created["key"] not in row.digest
    principal = key_principal(store, created["key"])
    assert principal is not None and principal.scopes == {"agents:read", "skills:execute"}
    bad = ["keys", "create", "--user", "a@example.com", "--scope", "root", "--database-url", url]
    assert main(bad) == 1
    assert "unknown scope 'root'" in capsys.readouterr().err
    nobody = ["keys", "create", "--user", "z@example.com", "--scope", "agents:read"]
    assert main([*nobody, "--database-url", url]) == 1
    assert "no user" in capsys.readouterr().err
