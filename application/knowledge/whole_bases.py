"""A knowledge base given whole, as Open WebUI's full context gives it (its item's
``context: "full"``, or the admin's ``RAG_FULL_CONTEXT`` or ``BYPASS_EMBEDDING_AND_RETRIEVAL``):
the text of each of its files whose processing completed, rather than the chunks nearest the
question. A base the caller may not read gives nothing, as when it is searched."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from uuid import UUID

import structlog

from application.files.service import Files
from application.knowledge.chat_sources import readable_base
from application.knowledge.service import Knowledge
from application.models.catalog import Caller
from domain.files.errors import NoSuchFileError
from domain.knowledge.base import COMPLETED
from domain.knowledge.errors import KnowledgeNotFoundError

log = structlog.get_logger()


class WholeBases:
    def __init__(self, knowledge: Knowledge, files: Files) -> None:
        self._knowledge, self._files = knowledge, files

    def texts(self, items: Iterable[dict[str, Any]], caller: Caller) -> list[tuple[str, str]]:
        """The name and text of each file of the bases ``items`` name, each base once, in order."""
        ids = dict.fromkeys(str(item.get("id")) for item in items)
        return [text for knowledge_id in ids for text in self._of(knowledge_id, caller)]

    def _of(self, knowledge_id: str, caller: Caller) -> list[tuple[str, str]]:
        try:
            base = readable_base(self._knowledge, UUID(knowledge_id), caller)
        except (ValueError, KnowledgeNotFoundError):
            log.info("whole_bases.unreadable", knowledge_id=knowledge_id, user_id=caller.user_id)
            return []
        return [found for file_id, status in base.files.items() if status == COMPLETED
                and (found := self._text(file_id)) is not None]

    def _text(self, file_id: str) -> tuple[str, str] | None:
        try:
            stored = self._files.file(UUID(file_id))
        except (ValueError, NoSuchFileError):
            return None
        text = self._files.text(stored)
        return None if text is None else (stored.name, text)
