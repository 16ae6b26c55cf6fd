"""A create sent with an ``Idempotency-Key``: what it was, so that its retries create nothing more.

The created thing's id derives from the person and the key, so a handler knows it before and after;
the ``RequestKey`` index is saved in the same ``save()`` as what the request created.
"""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

import msgspec

from application.context import BoundedContext
from domain.idempotency import RequestKey


class Once(msgspec.Struct, frozen=True, kw_only=True):
    person_id: str
    key: str
    operation: str
    """What kind of create (``chats.new``): a key's created id differs by kind."""
    digest: str
    """Of the operation and the request as understood, so that a retry with other content is refused."""

    def created_id(self) -> UUID:
        return uuid5(NAMESPACE_URL, f"annals:idempotent:{self.operation}:{self.person_id}:{self.key}")


def done_before(context: BoundedContext, once: Once | None) -> bool:
    """Whether this request was committed before (then answer as then, creating nothing).
    Raises ``IdempotencyKeyReusedError`` if the key came with another request."""
    if once is None:
        return False
    index = context.find(RequestKey.create_id(once.person_id, once.key))
    if not isinstance(index, RequestKey):
        return False
    index.check(once.digest, once.key)
    return True


def remembered(once: Once | None, created_id: object) -> tuple[RequestKey, ...]:
    """The key's index entry, to save with what the request creates."""
    if once is None:
        return ()
    return (RequestKey(person_id=once.person_id, key=once.key, digest=once.digest, created_id=str(created_id)),)
