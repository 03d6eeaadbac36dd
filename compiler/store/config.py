"""Where the store lives: ``SKILLC_HOME`` and the database URL, resolved in one place."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

HOME_ENV = "SKILLC_HOME"
URL_ENV = "SKILLC_DATABASE_URL"


def skillc_home() -> Path:
    """``$SKILLC_HOME``, else the user's data directory (``~/.local/share/skillc``).

    Never the working directory: two calls from different directories share one store.
    """
    explicit = os.environ.get(HOME_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser().resolve()
    return Path(platformdirs.user_data_dir("skillc", appauthor=False))


def database_url(explicit: str | None = None) -> str:
    """The store URL: ``explicit`` (``--database-url``), else ``$SKILLC_DATABASE_URL``, else
    SQLite at ``$SKILLC_HOME/skillc.db``. ``postgresql://`` URLs are driven by psycopg 3."""
    url = (explicit or os.environ.get(URL_ENV, "")).strip()
    if not url:
        return f"sqlite:///{skillc_home() / 'skillc.db'}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def redact_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is echoed as its scheme only
        return url.split(":", 1)[0] + ":…"
