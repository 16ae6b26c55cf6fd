"""The Ed25519 key that signs the logs' checkpoints: kept in a file, never in the database.

``ANNALS_AUDIT_KEY_FILE`` names it (required with ANNALS_ENV=production, and shared by every
process of a deployment); otherwise it is generated once beside the data (``audit-signing.key``).
Back it up with the database: without it no new checkpoint can be signed under the same public key,
and with it anyone could sign a forged one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

DEFAULT_NAME = "audit-signing.key"


class AuditKey:
    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self._public = private.public_key()

    def sign(self, message: bytes) -> bytes:
        return self._private.sign(message)

    def valid(self, message: bytes, signature: bytes) -> bool:
        return _holds(self._public, message, signature)

    @property
    def public_pem(self) -> str:
        return self._public.public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def valid_under(public_pem: bytes, message: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is the audit key's over ``message``, by its published public half."""
    public = serialization.load_pem_public_key(public_pem)
    if not isinstance(public, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return _holds(public, message, signature)


def _holds(public: Ed25519PublicKey, message: bytes, signature: bytes) -> bool:
    try:
        public.verify(signature, message)
    except InvalidSignature:
        return False
    return True


def load_or_create(path: Path) -> AuditKey:
    """The key in ``path`` (PEM, PKCS#8), made there first if there is none; two processes starting
    at once end with the same key (the file is put in place whole, once)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption())
        handle, staged = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")
        try:
            os.fchmod(handle, 0o600)
            os.write(handle, pem)
            os.close(handle)
            with contextlib.suppress(FileExistsError):
                os.link(staged, path)  # whoever links first wins; the others read theirs
        finally:
            Path(staged).unlink(missing_ok=True)
    return load(path)


def load(path: Path) -> AuditKey:
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError(f"{path} holds no Ed25519 private key")
    return AuditKey(private)
