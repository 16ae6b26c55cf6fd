"""The key-encryption keys (KEK): they wrap every person's data key, and never live in the database.

``ANNALS_KEY_FILE`` names their file (required with ANNALS_ENV=production, shared by every process
of a deployment); otherwise one is generated beside the data (``data-keys.kek``). The file holds one
base64 key per line, the current first: to rotate, put a new key on the first line, run
``annals keys rewrap`` (it re-wraps the data keys, never the events), then remove the old line.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

DEFAULT_NAME = "data-keys.kek"
KEY_BYTES = 32
NONCE_BYTES = 12


class UnwrapError(Exception):
    """A wrapped key that none of our keys opens, or that was altered."""


def wrap(key: bytes, secret: bytes, bound_to: str) -> bytes:
    """``secret`` under ``key``, bound to what it is the key of (an altered or moved one fails)."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, secret, bound_to.encode())


def unwrap(key: bytes, wrapped: bytes, bound_to: str) -> bytes:
    try:
        return AESGCM(key).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], bound_to.encode())
    except (InvalidTag, ValueError) as error:
        raise UnwrapError(f"the key of {bound_to} does not open") from error


class KeyEncryptionKeys:
    def __init__(self, keys: list[bytes]) -> None:
        if not keys or any(len(key) != KEY_BYTES for key in keys):
            raise ValueError(f"key-encryption keys are {KEY_BYTES} bytes each, at least one")
        self._keys = {key_id(key): key for key in reversed(keys)}
        self.current = key_id(keys[0])

    def wrap(self, secret: bytes, bound_to: str) -> bytes:
        return wrap(self._keys[self.current], secret, bound_to)

    def unwrap(self, kek_id: str, wrapped: bytes, bound_to: str) -> bytes:
        key = self._keys.get(kek_id)
        if key is None:
            raise UnwrapError(f"the key of {bound_to} is wrapped by key-encryption key {kek_id}, which is not "
                              "in the key file (restore it from the backup)")
        return unwrap(key, wrapped, bound_to)


def key_id(key: bytes) -> str:
    return hashlib.sha256(key).hexdigest()[:12]


def load_or_create(path: Path) -> KeyEncryptionKeys:
    """The keys in ``path``, one made there first if there is none; two processes starting at once
    end with the same key (the file is put in place whole, once)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, staged = tempfile.mkstemp(dir=path.parent, prefix=".kek-")
        try:
            os.fchmod(handle, 0o600)
            os.write(handle, base64.b64encode(os.urandom(KEY_BYTES)) + b"\n")
            os.close(handle)
            with contextlib.suppress(FileExistsError):
                os.link(staged, path)  # whoever links first wins; the others read theirs
        finally:
            Path(staged).unlink(missing_ok=True)
    lines = [line.strip() for line in path.read_text().splitlines() if line.strip()]
    try:
        return KeyEncryptionKeys([base64.b64decode(line, validate=True) for line in lines])
    except ValueError as error:
        raise ValueError(f"{path} must hold one base64 key of {KEY_BYTES} bytes per line, the current first") from error
