"""How far a file uploaded into a knowledge base has come, as Open WebUI 0.12.4's app waits for it
on ``/api/v1/files/{id}/process/status?stream=true`` before it lists the base again: ``pending``
until the base holds the file, then the base's word on its processing, ending at ``completed``
or ``failed`` (with ``error``)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import anyio

from application.knowledge.service import Knowledge
from domain.files.file import StoredFile
from domain.knowledge.base import COMPLETED, FAILED, PENDING
from domain.knowledge.errors import KnowledgeAccessDeniedError, KnowledgeNotFoundError
from interfaces.http.auth import SessionUser
from projections.knowledge.queries import KnowledgeQueries

Json = dict[str, Any]
POLL_SECONDS, POLLS = 1, 7200
"""How often the stream looks again, and for how long at most (two hours, as Open WebUI)."""
NOT_ADDED = "The file was not added to the knowledge base: it is gone, or you may no longer change it."


class KnowledgeUploadProgress:
    def __init__(self, stored: StoredFile, user: SessionUser, knowledge: Knowledge,
                 knowledge_views: KnowledgeQueries) -> None:
        assert stored.knowledge_id is not None
        self._file_id, self._knowledge_id = str(stored.id), stored.knowledge_id
        self._user, self._knowledge, self._views = user, knowledge, knowledge_views

    def now(self) -> Json:
        """The base's word on the file once it holds it; until then pending, unless it never will."""
        held = self._views.processing_of(self._knowledge_id, self._file_id)
        if held is not None:
            return held
        return {"status": PENDING} if self._may_still_be_added() else {"status": FAILED, "error": NOT_ADDED}

    async def events(self) -> AsyncIterator[str]:
        """Each change of status, until it has ended (or the stream's time is up)."""
        last: Json | None = None
        for _ in range(POLLS):
            status = await anyio.to_thread.run_sync(self.now)
            if status != last:
                yield f"data: {json.dumps(status)}\n\n"
                last = status
            if status["status"] in (COMPLETED, FAILED):
                return
            await anyio.sleep(POLL_SECONDS)

    def _may_still_be_added(self) -> bool:
        """The base exists and the caller may write it: the reaction adding the file has yet to run."""
        try:
            self._knowledge.writable(UUID(self._knowledge_id), self._user.id, self._user.is_admin,
                                     self._user.group_ids)
        except (KnowledgeNotFoundError, KnowledgeAccessDeniedError, ValueError):
            return False  # ValueError: an id no base has, named before uploads were checked
        return True
