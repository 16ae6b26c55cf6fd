"""Erasure of what was deleted: a deleted chat, message, file, folder, rating, knowledge base,
memory or account keeps its events (the log is immutable) but loses its key once ``ANNALS_ERASURE_GRACE`` has
passed, so that its texts can no longer be read by anyone: not a view, not a replay, not an administrator.

One reaction per context, with its own tracked position: it schedules each deletion's erasure, and
destroys the keys whose time has come (and ``sweep`` does too, for a grace that ends later). The
audit log's has no reaction (nothing there is deleted): retention schedules its records'
erasure (``application/retention/purge.py``). A person under legal hold keeps every key until
the hold is lifted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from domain.chats.chat import Chat
from domain.chats.folder import Folder
from domain.evaluations.feedback import Feedback
from domain.files.file import StoredFile
from domain.identity.user import User
from domain.knowledge.base import KnowledgeBase
from domain.memories.memory import Memory

DELETIONS: dict[str, tuple[type, ...]] = {
    "Chats": (Chat.Deleted, Chat.MessagesDeleted, Folder.Deleted),
    "Files": (StoredFile.Deleted,),
    "Evaluations": (Feedback.Deleted,),
    "Identity": (User.Deleted,),
    "Knowledge": (KnowledgeBase.Deleted,),
    "Memories": (Memory.Deleted,),
}
"""The deletions that are final: what they delete never comes back under the same id (a model
preset can be recreated, so deleting one erases nothing)."""


class ErasableKeys(Protocol):
    """A context's resource keys (``infrastructure/resource_keys.py``)."""

    def schedule_erasure(self, resource_ids: Sequence[str], after: float) -> None: ...

    def erasures_due(self, now: float) -> list[tuple[str, str]]: ...

    def destroy(self, resource_ids: Sequence[str]) -> None: ...


class Erasure:
    def __init__(self, context: str, keys: ErasableKeys, *, grace: float, held: Callable[[str], bool]) -> None:
        self.name, self.context = f"erasure_{context.lower()}", context
        self.reacts_to = DELETIONS.get(context, ())
        self._keys, self._grace, self._held = keys, grace, held

    def react(self, event: Any) -> None:
        deleted_at: float = event.timestamp.timestamp()
        if isinstance(event, self.reacts_to):
            self.schedule(erased_by(event), deleted_at=deleted_at)

    def schedule(self, resource_ids: Sequence[str], deleted_at: float, now: float | None = None) -> None:
        """Erase these resources once the grace after ``deleted_at`` is over (at once, if it is by ``now``)."""
        self._keys.schedule_erasure(resource_ids, after=deleted_at + self._grace)
        self.erase_due(now)

    def erase_due(self, now: float | None = None) -> None:
        """Destroy the keys whose grace is over by ``now``, but not those of people under legal hold."""
        due = [resource for resource, person in self._keys.erasures_due(time.time() if now is None else now)
               if not self._held(person)]
        if due:
            self._keys.destroy(due)


def erased_by(event: Any) -> list[str]:
    """The sealed resources (``domain.privacy.subjects.sealed_as``) a deletion ends: an aggregate
    and all its parts, or messages (each with all its parts)."""
    aggregate_id = str(event.originator_id)
    if isinstance(event, Chat.MessagesDeleted):
        return [f"{aggregate_id}/{message_id}" for message_id in event.message_ids]
    return [aggregate_id]
