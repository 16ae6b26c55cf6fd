"""A person's API key: ``sk-`` and 256 random bits, shown to them once and kept only as its
SHA-256 digest. A digest without a salt or a slow hash is enough here: the secret is random and
as long as the digest, so no dictionary or brute force can find it, and the digest lets a request
find the key's owner in one indexed read."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

PREFIX = "sk-"
RANDOM_BYTES = 32
KEY_LENGTH = len(PREFIX) + 2 * RANDOM_BYTES
FINGERPRINT_DIGITS = 8

Revocation = Literal["deleted", "replaced", "role_changed", "password_changed", "account_deleted", "deactivated"]
"""Why a key stopped working: its owner deleted it or made a new one, or the account changed (or was
deactivated, by the identity provider that provisions it)."""


def new_api_key() -> str:
    return PREFIX + secrets.token_hex(RANDOM_BYTES)


def looks_like_api_key(token: str) -> bool:
    """Whether a presented credential is meant as an API key (Open WebUI's ``sk-`` prefix)."""
    return token.startswith(PREFIX)


def is_well_formed(key: str) -> bool:
    """Whether the key could be one of ours: ``sk-`` and 64 hex digits."""
    hex_digits = key.removeprefix(PREFIX)
    return len(key) == KEY_LENGTH and looks_like_api_key(key) and all(c in "0123456789abcdef" for c in hex_digits)


def api_key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def fingerprint(key_digest: str) -> str:
    """Which key it is, for people (the settings page, the audit trail): the digest's first digits,
    which the holder of the key can check and nobody can use."""
    return key_digest[:FINGERPRINT_DIGITS]


@dataclass(frozen=True)
class ApiKeyRules:
    """The workspace's settings for keys, Open WebUI's: ``ENABLE_API_KEYS``, and with
    ``ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS`` on, only the paths ``API_KEYS_ALLOWED_ENDPOINTS``
    names (comma-separated), each with whatever lies below it."""

    enabled: bool = False
    restricted: bool = False
    allowed: tuple[str, ...] = ()

    @classmethod
    def of(cls, auth_config: Mapping[str, Any]) -> ApiKeyRules:
        listed = str(auth_config.get("API_KEYS_ALLOWED_ENDPOINTS") or "").split(",")
        return cls(enabled=bool(auth_config.get("ENABLE_API_KEYS")),
                   restricted=bool(auth_config.get("ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS")),
                   allowed=tuple(path.strip().rstrip("/") or "/" for path in listed if path.strip()))

    def allows(self, path: str) -> bool:
        return not self.restricted or any(
            path == allowed or path.startswith(allowed if allowed.endswith("/") else f"{allowed}/")
            for allowed in self.allowed)
