"""Secrets at rest (upstream API keys): AES-256-GCM under a key derived from the secret key by HKDF.

A sealed value is ``v1.<key id>.<base64 of nonce + ciphertext>``. The newest secret seals; every
configured secret can open, so the secret key can be rotated (``ANNALS_PREVIOUS_SECRET_KEYS``)
without losing the stored keys.
"""

from __future__ import annotations

import base64
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from application.models.ports import UnsealError

_VERSION = "v1"
_INFO = b"annals: secrets at rest"
_SALT = b"annals-sealing-v1"


class AesGcmSealer:
    def __init__(self, secrets: list[str]) -> None:
        if not secrets:
            raise ValueError("sealing needs at least one secret")
        self._keys: dict[str, AESGCM] = {}
        for secret in secrets:
            key = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=_INFO).derive(secret.encode())
            self._keys.setdefault(hashlib.sha256(key).hexdigest()[:8], AESGCM(key))
        self._current = next(iter(self._keys))

    def seal(self, plaintext: str, context: str) -> str:
        """``context`` is bound to the ciphertext: a value sealed for one purpose opens for no other."""
        nonce = os.urandom(12)
        sealed = self._keys[self._current].encrypt(nonce, plaintext.encode(), context.encode())
        return f"{_VERSION}.{self._current}.{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def unseal(self, sealed: str, context: str) -> str:
        version, _, rest = sealed.partition(".")
        key_id, _, payload = rest.partition(".")
        key = self._keys.get(key_id)
        if version != _VERSION or key is None:
            raise UnsealError("sealed by a key we do not hold")
        try:
            raw = base64.urlsafe_b64decode(payload)
            return key.decrypt(raw[:12], raw[12:], context.encode()).decode()
        except (InvalidTag, ValueError) as error:
            raise UnsealError("the sealed value was altered") from error
