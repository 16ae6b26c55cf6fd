"""Idempotency keys: a person's word that every request sent with one key is one request, retried."""

from __future__ import annotations

from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event


class IdempotencyKeyReusedError(Exception):
    """The key was first sent with a different request."""

    def __init__(self, key: str) -> None:
        super().__init__("This Idempotency-Key was already used with a different request.")
        self.key = key


class RequestKey(Aggregate):
    """The request a person first sent with a key, as a digest, and the id of what it created. Its
    id derives from the person and the key, and it is saved with what the request created: of two
    requests with one key, one commits and the other finds the first's answer."""

    @staticmethod
    def create_id(person_id: str, key: str) -> UUID:
        return uuid5(NAMESPACE_URL, f"annals:idempotency-key:{person_id}:{key}")

    class Used(Aggregate.Created):
        person_id: str
        key: str
        digest: str
        created_id: str

    @event(Used)
    def __init__(self, *, person_id: str, key: str, digest: str, created_id: str) -> None:
        self.digest = digest
        self.created_id = created_id

    def check(self, digest: str, key: str) -> None:
        if digest != self.digest:
            raise IdempotencyKeyReusedError(key)
