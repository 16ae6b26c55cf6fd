"""A deleted person's chats, files, knowledge bases and memories go after the account, as Open WebUI
deletes them with it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar
from uuid import UUID

from application.chats.commands import DeleteChatsOf
from application.chats.service import Chats
from application.files.commands import EraseFiles
from application.files.service import Files
from application.knowledge.commands import DeleteKnowledgeOf
from application.knowledge.service import Knowledge
from application.memories.commands import DeleteMemoriesOf
from application.memories.service import Memories
from domain.identity.user import User

OwnedIds = Callable[[str], list[str]]
"""A person's ids of one kind (chats, files), every one committed so far included."""
Settled = Callable[[str, int | None], None]
"""Returns once every view of a context holds a position: what the reaction did is then visible."""


class PersonDeletion:
    name: ClassVar[str] = "person_deletion"
    context: ClassVar[str] = "Identity"
    reacts_to: ClassVar[tuple[type, ...]] = (User.Deleted,)

    def __init__(self, chats: Chats, files: Files, chats_of: OwnedIds, files_of: OwnedIds,
                 settled: Settled, knowledge: Knowledge, knowledge_of: OwnedIds, memories: Memories,
                 memories_of: OwnedIds) -> None:
        self._chats, self._files, self._knowledge, self._memories = chats, files, knowledge, memories
        self._chats_of, self._files_of, self._knowledge_of = chats_of, files_of, knowledge_of
        self._memories_of = memories_of
        self._settled = settled

    def react(self, event: Any) -> None:
        if isinstance(event, User.Deleted):
            person = str(event.originator_id)
            self.delete_belongings(person, actor=getattr(event, "actor_id", None) or person)

    def delete_belongings(self, person: str, actor: str) -> None:
        """``actor``: who deleted the account (the person, in deletions recorded before it was kept)."""
        chat_ids = [UUID(c) for c in self._chats_of(person)]
        self._settled(self._chats.name, self._chats.delete_chats_of(DeleteChatsOf(owner_id=person, chat_ids=chat_ids)))
        if knowledge_ids := [UUID(k) for k in self._knowledge_of(person)]:
            deleted = self._knowledge.delete_knowledge_of(DeleteKnowledgeOf(
                owner_id=person, knowledge_ids=knowledge_ids, actor_id=actor))
            self._settled(self._knowledge.name, deleted)
        if memory_ids := [UUID(m) for m in self._memories_of(person)]:
            forgotten = self._memories.delete_memories_of(DeleteMemoriesOf(
                owner_id=person, memory_ids=memory_ids, actor_id=actor))
            self._settled(self._memories.name, forgotten)
        if file_ids := [UUID(f) for f in self._files_of(person)]:
            erased = self._files.erase_files(EraseFiles(owner_id=person, file_ids=file_ids, actor_id=actor))
            self._settled(self._files.name, erased)
