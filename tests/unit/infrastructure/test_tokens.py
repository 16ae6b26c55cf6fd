"""Access tokens: a signature is checked once, but a token's life is checked on every use."""

from __future__ import annotations

import time

import pytest

from infrastructure import tokens as tokens_module
from infrastructure.tokens import InvalidTokenError, Keyring, Tokens


def test_a_token_verified_before_is_refused_once_it_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    tokens = Tokens(Keyring(["secret"]), lifetime_seconds=60)
    token, expires_at = tokens.issue("user", "session", 0)
    assert tokens.decode(token).user_id == "user"
    monkeypatch.setattr(tokens_module.time, "time", lambda: expires_at + 0.5)
    with pytest.raises(InvalidTokenError, match="expired"):
        tokens.decode(token)


def test_a_token_signed_with_another_key_is_refused_every_time() -> None:
    forged, _ = Tokens(Keyring(["someone else's secret"]), 60).issue("user", "session", 0)
    tokens = Tokens(Keyring(["secret"]), 60)
    for _ in range(2):
        with pytest.raises(InvalidTokenError):
            tokens.decode(forged)


def test_a_tampered_token_is_refused_even_after_the_genuine_one_was_accepted() -> None:
    tokens = Tokens(Keyring(["secret"]), 60)
    token, _ = tokens.issue("user", "session", 0)
    tokens.decode(token)
    header, payload, signature = token.split(".")
    with pytest.raises(InvalidTokenError):
        tokens.decode(f"{header}.{payload}.{signature[:-2]}AA")
    assert time.time() < tokens.decode(token).expires_at
