"""Confirmation tokens for gated skills: bound to conversation, caller, skill and exact arguments.

A token is ``v1.<payload>.<mac>``: the payload (base64url JSON) names the conversation, a hash of
the caller context (phone, email, contact id, verified identity), the skill, a hash of the
canonical arguments, an expiry and a nonce; the mac is HMAC-SHA256 over it with the installation's
secret. A token runs its call once: the nonce is claimed in a ledger, which also keeps the result
of the write it allowed, so presenting the same token with the same arguments again (a platform
retrying after a timeout) answers that result instead of writing twice.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any, Literal, Protocol

from compiler.runtime.artifact import canonical_json

TokenCode = Literal[
    "confirmation_invalid", "confirmation_expired", "confirmation_used", "confirmation_mismatch"
]


class TokenProblem(Exception):
    def __init__(self, code: TokenCode, reason: str) -> None:
        super().__init__(reason)
        self.code: TokenCode = code
        self.reason = reason


class UsedTokens(Protocol):
    """The token ledger: redeemed nonces until they expire, with the result each one allowed."""

    def claim(self, nonce: str, expires_at: float) -> bool:
        """Mark ``nonce`` used; False when it already was."""
        ...

    def result_of(self, nonce: str) -> dict[str, Any] | None:
        """The result kept for a used nonce (JSON), or None."""
        ...

    def keep_result(self, nonce: str, result: dict[str, Any]) -> None: ...


class InMemoryUsedTokens:
    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._used: dict[str, float] = {}
        self._results: dict[str, dict[str, Any]] = {}
        self._mutex = threading.Lock()

    def result_of(self, nonce: str) -> dict[str, Any] | None:
        with self._mutex:
            return self._results.get(nonce) if nonce in self._used else None

    def keep_result(self, nonce: str, result: dict[str, Any]) -> None:
        with self._mutex:
            self._results[nonce] = result

    def claim(self, nonce: str, expires_at: float) -> bool:
        with self._mutex:
            now = self._clock()
            self._used = {n: e for n, e in self._used.items() if e >= now}
            self._results = {n: r for n, r in self._results.items() if n in self._used}
            if nonce in self._used:
                return False
            self._used[nonce] = expires_at
            return True


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def arguments_hash(args: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(args).encode("utf-8")).hexdigest()


def caller_hash(caller: dict[str, str | None]) -> str:
    """What a token binds of the caller: the context it was issued to (never in clear)."""
    return arguments_hash({k: v for k, v in sorted(caller.items()) if v is not None})


class ConfirmationTokens:
    def __init__(
        self,
        secret: bytes,
        *,
        ttl_seconds: float = 300.0,
        clock: Callable[[], float] = time.time,
        used: UsedTokens | None = None,
    ) -> None:
        if len(secret) < 16:
            raise ValueError("the confirmation secret must be at least 16 bytes")
        self._secret = secret
        self._ttl = ttl_seconds
        self._clock = clock
        self._used: UsedTokens = used if used is not None else InMemoryUsedTokens(clock)

    def _mac(self, signed: str) -> str:
        return _b64(hmac.new(self._secret, signed.encode("ascii"), hashlib.sha256).digest())

    @property
    def ledger(self) -> UsedTokens:
        return self._used

    def issue(
        self,
        conversation_id: str,
        skill: str,
        args: dict[str, Any],
        caller: dict[str, str | None] | None = None,
    ) -> tuple[str, float]:
        expires_at = round(self._clock() + self._ttl, 3)
        payload = {
            "c": conversation_id,
            "k": caller_hash(caller or {}),
            "s": skill,
            "a": arguments_hash(args),
            "e": expires_at,
            "n": secrets.token_hex(12),
        }
        signed = "v1." + _b64(canonical_json(payload).encode("utf-8"))
        return f"{signed}.{self._mac(signed)}", expires_at

    def redeem(
        self,
        token: str,
        conversation_id: str,
        skill: str,
        args: dict[str, Any],
        caller: dict[str, str | None] | None = None,
    ) -> None:
        """Accept the token for exactly this call (once) or raise :class:`TokenProblem`."""
        nonce, expires_at = self.check(token, conversation_id, skill, args, caller)
        if not self._used.claim(nonce, expires_at):
            raise TokenProblem(
                "confirmation_used", "this confirmation was already used; each runs one call"
            )

    def check(
        self,
        token: str,
        conversation_id: str,
        skill: str,
        args: dict[str, Any],
        caller: dict[str, str | None] | None = None,
    ) -> tuple[str, float]:
        """(nonce, expiry) of a token valid for exactly this call, or :class:`TokenProblem`.

        Does not use the token up: ``redeem`` (or the runtime, through the ledger) does.
        """
        payload = self._open(token)
        if payload.get("c") != conversation_id:
            raise TokenProblem(
                "confirmation_mismatch", "the confirmation token belongs to another conversation"
            )
        if payload.get("k") != caller_hash(caller or {}):
            raise TokenProblem(
                "confirmation_mismatch",
                "the confirmation token was issued to another caller; ask this caller to confirm",
            )
        if payload.get("s") != skill:
            raise TokenProblem(
                "confirmation_mismatch", "the confirmation token was issued for another skill"
            )
        if payload.get("a") != arguments_hash(args):
            raise TokenProblem(
                "confirmation_mismatch",
                "the arguments differ from the ones the caller confirmed; ask them again",
            )
        expires_at = payload.get("e")
        if not isinstance(expires_at, int | float) or self._clock() > expires_at:
            raise TokenProblem(
                "confirmation_expired", "the confirmation expired; ask the caller to confirm again"
            )
        return str(payload.get("n")), float(expires_at)

    def _open(self, token: str) -> dict[str, Any]:
        invalid = TokenProblem("confirmation_invalid", "the confirmation token is not valid")
        if not isinstance(token, str) or len(token) > 2048:
            raise invalid
        parts = token.split(".")
        if len(parts) != 3 or parts[0] != "v1":
            raise invalid
        signed = f"{parts[0]}.{parts[1]}"
        if not hmac.compare_digest(self._mac(signed), parts[2]):
            raise invalid
        try:
            payload = json.loads(_unb64(parts[1]))
        except (ValueError, binascii.Error):
            raise invalid from None
        if not isinstance(payload, dict):
            raise invalid
        return payload
