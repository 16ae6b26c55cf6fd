"""A file dropped into a chat is searched in a collection of its own, named as Open WebUI names it
(``file-{id}``): its chunks are there once its text was extracted and indexed
(``ChatFileIndexing``), and a chat turn searches it rather than giving it whole."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import structlog

from application.files.chat_reader import readable_file
from application.files.service import Files
from application.knowledge.file_indexing import Indexes
from application.models.catalog import Caller
from application.retrieval.ports import IndexStaleError
from domain.files.errors import NoSuchFileError
from domain.files.references import file_id_of

log = structlog.get_logger()
FILE_PREFIX = "file-"


def file_collection(file_id: UUID | str) -> str:
    return f"{FILE_PREFIX}{file_id}"


class ChatFiles:
    """Files as chat items (``Searchable``): searched in their own collection, by their owner or an admin."""

    def __init__(self, files: Files) -> None:
        self._files = files

    def names(self, item: dict[str, Any]) -> bool:
        return item.get("type") == "file" and file_id_of(item) is not None

    def collections(self, item: dict[str, Any], caller: Caller) -> list[str]:
        file_id = file_id_of(item)
        if file_id is None:
            return []
        try:
            readable_file(self._files, file_id, caller)
        except NoSuchFileError:
            log.info("chat_sources.unreadable", file_id=str(file_id), user_id=caller.user_id)
            return []
        return [file_collection(file_id)]


class FileChunks:
    """Whether a file's own collection has its chunks (the BM25 index is the ledger of a file's
    chunks: written first, cleared last)."""

    def __init__(self, indexes: Indexes) -> None:
        self._indexes = indexes

    def indexed(self, file_id: UUID) -> bool:
        """False too while the indexes are stale (the file is then given whole)."""
        try:
            return bool(self._indexes.lexical.ids_of(file_collection(file_id), str(file_id)))
        except IndexStaleError:
            return False
