"""An event's state split into what stays in clear and its personal texts, and joined again.

``split`` empties every text that ``domain.privacy.personal_fields`` does not name public and
returns those texts in the order it met them; ``join`` walks the same state in the same order and
puts texts back (the ones sealed, or ``[erased]`` for each once their key is gone), by the version
of the policy the state was split by. The shape of the state never changes, so an aggregate or a
projector reading an erased event meets the types it expects.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from domain.privacy.personal_fields import SPLIT_VERSION, is_public_field

NONCE_BYTES = 12


def split(state: dict[str, Any], public: frozenset[str] = frozenset(),
          version: int = SPLIT_VERSION) -> tuple[dict[str, Any], list[str]]:
    """``public``: the event's own public fields, besides those public by name in ``version`` of
    the policy."""
    texts: list[str] = []
    return {name: _split(value, name in public or is_public_field(name, version), texts, version)
            for name, value in state.items()}, texts


def join(skeleton: dict[str, Any], texts: Iterator[str], public: frozenset[str] = frozenset(),
         version: int = SPLIT_VERSION) -> dict[str, Any]:
    """``version``: the one of the policy the state was split by."""
    return {name: _join(value, name in public or is_public_field(name, version), texts, version)
            for name, value in skeleton.items()}


def _split(value: Any, public: bool, texts: list[str], version: int) -> Any:
    if isinstance(value, str):
        if public:
            return value
        texts.append(value)
        return ""
    if isinstance(value, dict):
        return {key: _split(item, public or (isinstance(key, str) and is_public_field(key, version)), texts, version)
                for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_split(item, public, texts, version) for item in value)
    return value


def _join(value: Any, public: bool, texts: Iterator[str], version: int) -> Any:
    if isinstance(value, str):
        return value if public else next(texts)
    if isinstance(value, dict):
        return {key: _join(item, public or (isinstance(key, str) and is_public_field(key, version)), texts, version)
                for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_join(item, public, texts, version) for item in value)
    return value


class SealBroken(Exception):
    """Sealed texts that do not open under their key: altered, or moved from another event."""


def seal(key: bytes, payload: bytes, bound_to: bytes) -> str:
    nonce = os.urandom(NONCE_BYTES)
    return base64.b64encode(nonce + AESGCM(key).encrypt(nonce, payload, bound_to)).decode()


def unseal(key: bytes, sealed: str, bound_to: bytes) -> bytes:
    raw = base64.b64decode(sealed)
    try:
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], bound_to)
    except (InvalidTag, ValueError) as error:
        raise SealBroken() from error
