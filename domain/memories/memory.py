"""A memory: something a person asked to be remembered about them, put before the model in their
chats when they enable it (Open WebUI's ``memory`` rows). Only its owner ever reads or changes it.

Its content is personal: the events carry the owner, so the mapper seals the content under the
owner's key, and forgetting the owner leaves nothing of it readable."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.memories.errors import InvalidMemoryError, MemoryNotFoundError

MAX_CONTENT = 10_000


class Memory(Aggregate):
    """Keeps only its owner and whether it is deleted: the content lives in the events and the view."""

    @classmethod
    def add(cls, *, memory_id: UUID, owner_id: str, content: str) -> Memory:
        return cls(id=memory_id, owner_id=owner_id, content=_checked(content))

    class Added(Aggregate.Created):
        owner_id: str
        content: str

    @event(Added)
    def __init__(self, *, id: UUID, owner_id: str, content: str) -> None:
        self.owner_id = owner_id
        self.deleted = False

    def update(self, *, actor_id: str, content: str) -> None:
        self._check_owned_by(actor_id)
        self._update(actor_id=actor_id, content=_checked(content))

    class Updated(Aggregate.Event):
        actor_id: str
        content: str

    @event(Updated)
    def _update(self, *, actor_id: str, content: str) -> None:
        pass

    def delete(self, *, actor_id: str) -> None:
        self._check_owned_by(actor_id)
        self._delete(actor_id=actor_id)

    def discard(self, *, actor_id: str) -> bool:
        """Deleted with everything of its owner's (their account deleted or forgotten, by ``actor_id``);
        whether it was still there."""
        if self.deleted:
            return False
        self._delete(actor_id=actor_id)
        return True

    class Deleted(Aggregate.Event):
        actor_id: str

    @event(Deleted)
    def _delete(self, *, actor_id: str) -> None:
        self.deleted = True

    def _check_owned_by(self, actor_id: str) -> None:
        if self.deleted or actor_id != self.owner_id:
            raise MemoryNotFoundError(self.id)


def _checked(content: str) -> str:
    if not content.strip() or len(content) > MAX_CONTENT:
        raise InvalidMemoryError(f"a memory needs a content of 1 to {MAX_CONTENT} characters")
    return content
