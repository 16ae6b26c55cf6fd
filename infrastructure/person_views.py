"""The read models' rows of one person, for their subject-access archive
(``application/audit/person_export.py``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from application.files.ports import BlobMissingError
from application.files.service import Files
from domain.files.errors import NoSuchFileError
from projections.chats.queries import ChatQueries
from projections.evaluations.queries import FeedbackQueries
from projections.files.queries import FileQueries
from projections.folders.queries import FolderQueries
from projections.groups.queries import GroupQueries
from projections.knowledge.queries import KnowledgeQueries
from projections.memories.queries import MemoryQueries
from projections.models.queries import ModelPresetQueries
from projections.users.queries import UserQueries

Json = dict[str, Any]


@dataclass(frozen=True)
class ViewsOfPerson:
    users: UserQueries
    chats: ChatQueries
    folders: FolderQueries
    feedback: FeedbackQueries
    knowledge: KnowledgeQueries
    memories: MemoryQueries
    models: ModelPresetQueries
    groups: GroupQueries
    file_views: FileQueries
    stored_files: Files

    def profile(self, person: str) -> Json | None:
        """The account, with what the person keeps on it for the app (their info and variables)."""
        record = self.users.get_user(person)
        if record is None:
            return None
        return {**record, "info": self.users.get_info(person), "variables": self.users.get_variables(person)}

    def rows(self, person: str) -> dict[str, list[Json]]:
        chats = [self.chats.get_chat(chat_id) for chat_id in self.chats.ids_of(person)]
        feedback = [self.feedback.get_feedback(row["id"]) for row in self.feedback.ids(rater_id=person)]
        return {"chats": [c for c in chats if c is not None], "folders": self.folders.list_folders(person),
                "feedback": [f for f in feedback if f is not None], "knowledge": self.knowledge.owned_by(person),
                "memories": self.memories.list_memories(person),
                "models": self.models.owned_by(person),
                "groups": self.groups.groups_of(person, include_inherited=True)}

    def files(self, person: str) -> list[Json]:
        found = [self.file_views.get_file(file_id) for file_id in self.file_views.ids_of(person)]
        return [f for f in found if f is not None]

    def file_bytes(self, file: Json) -> bytes | None:
        try:
            return self.stored_files.content(self.stored_files.file(uuid.UUID(file["id"])))
        except (NoSuchFileError, BlobMissingError):
            return None
