"""``Idempotency-Key`` on creates, as payment APIs take it: a script that sends a create again
because it never heard back gets the first request's answer, not a second thing.

The answer is the created thing as it is when the retry arrives (one deleted since answers 404); a
key sent with a different request is refused with 422. Keys are a person's own and do not expire.
"""

from __future__ import annotations

import hashlib
from typing import Any

import msgspec
from litestar import Request
from litestar.exceptions import ClientException

from application.idempotency import Once
from interfaces.http.auth import SessionUser

HEADER = "Idempotency-Key"
MAX_LENGTH = 255


def once(request: Request[Any, Any, Any], user: SessionUser, operation: str, asked: Any) -> Once | None:
    """``asked``: the request as decoded (a form struct, plain data), whose digest the key keeps; keys
    in any order are one request, and a part kept raw (a chat's JSON) counts byte for byte."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 0 < len(key) <= MAX_LENGTH or not key.isprintable():
        raise ClientException(f"{HEADER} must be 1 to {MAX_LENGTH} printable characters.")
    described = msgspec.json.encode([operation, asked], order="sorted")
    return Once(person_id=user.id, key=key, operation=operation, digest=hashlib.sha256(described).hexdigest())
