"""The store: where it lives, migrations on first use (racing processes), values shared by all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from compiler.store import StoreError, database_url, open_store, skillc_home
from compiler.store.migrate import heads, is_current
from compiler.store.models import metadata

ROOT = Path(__file__).resolve().parent.parent


def test_default_store_is_in_skillc_home_never_the_working_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SKILLC_DATABASE_URL", raising=False)
    monkeypatch.delenv("SKILLC_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    assert str(tmp_path) not in database_url()
    assert database_url().endswith("/skillc/skillc.db")
    monkeypatch.setenv("SKILLC_HOME", str(tmp_path / "home"))
    assert skillc_home() == tmp_path / "home"
    assert database_url() == f"sqlite:///{tmp_path / 'home' / 'skillc.db'}"


def test_url_precedence_and_postgres_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKILLC_DATABASE_URL", "postgres://u:p@db/x")
    assert database_url() == "postgresql+psycopg://u:p@db/x"
    assert database_url("sqlite:////tmp/a.db") == "sqlite:////tmp/a.db"


def test_first_use_migrates_to_every_head(store_url: str) -> None:
    store = open_store(store_url)
    assert is_current(store)
    assert "store_values" in inspect(store.engine).get_table_names()


def test_models_and_migrations_agree(store_url: str) -> None:
    store = open_store(store_url)
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_a_value_is_created_once_and_shared(store_url: str) -> None:
    first = open_store(store_url).value("test-key")
    assert len(first) == 64
    assert open_store(store_url).value("test-key", lambda: "other") == first


_RACE = """
import sys
from compiler.store import open_store
store = open_store(sys.argv[1])
print(store.value("race-key"))
"""


def test_ten_processes_starting_on_an_empty_store_do_not_race(store_url: str) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RACE, store_url],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(10)
    ]
    outputs = [proc.communicate(timeout=120) for proc in procs]
    assert all(proc.returncode == 0 for proc in procs), [err for _, err in outputs]
    assert len({out.strip() for out, _ in outputs}) == 1
    assert is_current(open_store(store_url))
    assert heads()


def test_a_bad_url_is_a_clear_error_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("mysql://user:hunter2@db/x")
    assert "hunter2" not in str(caught.value)
    assert "unsupported database" in str(caught.value)
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://user:hunter2@127.0.0.1:1/x")
    assert "hunter2" not in str(caught.value)
    assert "cannot open the store" in str(caught.value)
