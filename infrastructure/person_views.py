"""The read models' rows of one person, for their subject-access archive
(``application/audit/person_export.py``)."""

from __future__ import annotations

import uuid
from typing import Any

from application.files.ports import BlobMissingError
from application.files.service import Files
from domain.files.errors import NoSuchFileError
from projections.chats.queries import ChatQueries
from projections.evaluations.queries import FeedbackQueries
from projections.files.queries import FileQueries
from projections.folders.queries import FolderQueries
from projections.users.queries import UserQueries

Json = dict[str, Any]


class ViewsOfPerson:
    def __init__(self, users: UserQueries, chats: ChatQueries, folders: FolderQueries, feedback: FeedbackQueries,
                 file_views: FileQueries, files: Files) -> None:
        self._users, self._chats, self._folders = users, chats, folders
        self._feedback, self._file_views, self._files = feedback, file_views, files

    def profile(self, person: str) -> Json | None:
        """The account, with what the person keeps on it for the app (their info and variables)."""
        record = self._users.get_user(person)
        if record is None:
            return None
        return {**record, "info": self._users.get_info(person), "variables": self._users.get_variables(person)}

    def rows(self, person: str) -> dict[str, list[Json]]:
        chats = [self._chats.get_chat(chat_id) for chat_id in self._chats.ids_of(person)]
        feedback = [self._feedback.get_feedback(row["id"]) for row in self._feedback.ids(rater_id=person)]
        return {"chats": [c for c in chats if c is not None], "folders": self._folders.list_folders(person),
                "feedback": [f for f in feedback if f is not None]}

    def files(self, person: str) -> list[Json]:
        found = [self._file_views.get_file(file_id) for file_id in self._file_views.ids_of(person)]
        return [f for f in found if f is not None]

    def file_bytes(self, file: Json) -> bytes | None:
        try:
            return self._files.content(self._files.file(uuid.UUID(file["id"])))
        except (NoSuchFileError, BlobMissingError):
            return None
