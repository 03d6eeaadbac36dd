"""Encryption at rest for HubSpot tokens (Fernet: AES-128-CBC + HMAC-SHA256).

The key is ``SKILLC_SECRET_KEY`` (a Fernet key, or any text, which is stretched to one), else a
key file generated once in ``SKILLC_HOME`` readable by its owner only. A key file that others can
read is refused rather than used.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from compiler.store import skillc_home

KEY_ENV = "SKILLC_SECRET_KEY"
KEY_FILE = "secret.key"


class SecretKeyError(Exception):
    pass


def _fernet_key(text: str) -> bytes:
    raw = text.strip().encode("utf-8")
    try:
        if len(base64.urlsafe_b64decode(raw)) == 32:
            return raw
    except ValueError:
        pass
    return base64.urlsafe_b64encode(hashlib.sha256(raw).digest())


def key_file() -> Path:
    return skillc_home() / KEY_FILE


def ensure_key() -> None:
    """Create the key file now (before worker processes start) unless the key is in the env."""
    _load_key()


def _load_key() -> bytes:
    explicit = os.environ.get(KEY_ENV, "")
    if explicit.strip():
        return _fernet_key(explicit)
    path = key_file()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "wb") as handle:
            handle.write(Fernet.generate_key())
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SecretKeyError(f"{path}: the secret key is readable by others; run chmod 600 on it")
    text = path.read_text(encoding="ascii").strip()
    if not text:
        raise SecretKeyError(f"{path}: the secret key file is empty")
    return _fernet_key(text)


@lru_cache(maxsize=4)
def _box(key: bytes) -> Fernet:
    return Fernet(key)


def encrypt(plain: str) -> str:
    return _box(_load_key()).encrypt(plain.encode("utf-8")).decode("ascii")


def decrypt(cipher: str) -> str:
    try:
        return _box(_load_key()).decrypt(cipher.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise SecretKeyError(
            "a stored token cannot be decrypted with this secret key (was SKILLC_SECRET_KEY or "
            "the key file changed?); connect HubSpot again"
        ) from None
