"""Forgetting a person: after ``User.Forgotten`` everything of theirs is deleted (chats, files,
folders, ratings), their key is destroyed, so every text of theirs in every log reads ``[erased]``
from then on, and the views drop what they still held of them.

Run as a reaction with its own tracked position: a crash mid-way does it all again after the
restart, and each step is idempotent. The deletions come before the key goes: deleting a folder
frees its name, which must still be readable to be found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Protocol
from uuid import UUID

from application.chats.folder_commands import DeleteFoldersOf
from application.chats.service import Chats
from application.evaluations.commands import DeleteFeedbacks
from application.evaluations.service import Evaluations
from application.identity.person_deletion import OwnedIds, PersonDeletion, Settled
from domain.identity.user import User


class PersonKeys(Protocol):
    def destroy(self, person_id: str) -> None: ...


class Copies(Protocol):
    """Whatever holds copies of a person's texts outside the logs (views, their database files, the
    vector index's collection of their memories)."""

    def forget_person(self, person_id: str) -> None: ...


class Forgetting:
    name: ClassVar[str] = "forgetting"
    context: ClassVar[str] = "Identity"
    reacts_to: ClassVar[tuple[type, ...]] = (User.Forgotten,)

    def __init__(self, *, deletion: PersonDeletion, chats: Chats, evaluations: Evaluations, folders_of: OwnedIds,
                 feedbacks_of: OwnedIds, settled: Settled, keys: PersonKeys, copies: Sequence[Copies]) -> None:
        self._deletion, self._chats, self._evaluations = deletion, chats, evaluations
        self._folders_of, self._feedbacks_of, self._settled = folders_of, feedbacks_of, settled
        self._keys, self._copies = keys, copies

    def react(self, event: Any) -> None:
        if not isinstance(event, User.Forgotten):
            return
        person, actor = str(event.originator_id), event.actor_id
        self._deletion.delete_belongings(person, actor)
        self._delete(self._chats, lambda: self._chats.delete_folders_of(DeleteFoldersOf(
            owner_id=person, folder_ids=[UUID(f) for f in self._folders_of(person)])))
        self._delete(self._evaluations, lambda: self._evaluations.delete_feedbacks(DeleteFeedbacks(
            feedback_ids=[UUID(f) for f in self._feedbacks_of(person)], actor_id=actor, rater_id=person)))
        self._keys.destroy(person)
        for copy in self._copies:
            copy.forget_person(person)

    def _delete(self, context: Chats | Evaluations, command: Callable[[], int | None]) -> None:
        self._settled(context.name, command())
