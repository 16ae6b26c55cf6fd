"""Items that name the collections to search, in shapes Open WebUI 0.12.4 still accepts: a ``text``
item's ``collection_name`` (how its app named a web page's or a temporary upload's collection), and
a legacy knowledge base item's ``collection_names`` (``legacy: true``: its files' collections).

A name is searched only if the caller may read what it names, as when the base or the file is
named itself: a knowledge base's id, or ``file-{id}`` of a file. Any other name (another person's
base or file, one that does not exist, a kind of collection we do not keep) gives nothing and is
logged. A legacy item none of whose names is readable is searched in its own base's collection,
as Open WebUI does. Items of no type that name collections are ignored, as Open WebUI ignores
them while its retrieval access control is on. Open WebUI also limits a legacy item's names to
its base's files; here each name answers for itself, which shows nobody more than they may read."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import structlog

from application.files.chat_reader import readable_file
from application.files.service import Files
from application.knowledge.chat_sources import Item, is_knowledge, readable_base
from application.knowledge.file_collections import FILE_PREFIX, file_collection
from application.knowledge.service import Knowledge
from application.models.catalog import Caller
from domain.files.errors import NoSuchFileError
from domain.knowledge.errors import KnowledgeNotFoundError

log = structlog.get_logger()
MOST_NAMES = 100
"""Names read of one item (each costs an access check), as ``/api/v1/retrieval/query/collection`` takes."""


def names_a_collection(item: Any) -> bool:
    """A ``text`` item searched in the collection it names."""
    return isinstance(item, dict) and item.get("type") == "text" and isinstance(item.get("collection_name"), str)


def is_legacy_knowledge(item: Item) -> bool:
    return is_knowledge(item) and item.get("legacy") is True


class NamedCollections:
    """Collections named by name (``Searchable``)."""

    def __init__(self, knowledge: Knowledge, files: Files) -> None:
        self._knowledge, self._files = knowledge, files

    def names(self, item: Item) -> bool:
        return names_a_collection(item) or is_legacy_knowledge(item)

    def collections(self, item: Item, caller: Caller) -> list[str]:
        if names_a_collection(item):
            return self._readable([item["collection_name"]], caller)
        named = item.get("collection_names")
        readable = self._readable(named[:MOST_NAMES], caller) if isinstance(named, list) else []
        return readable or self._readable([item.get("id")], caller)

    def _readable(self, names: list[Any], caller: Caller) -> list[str]:
        return [collection for name in dict.fromkeys(n for n in names if isinstance(n, str))
                if (collection := self._collection(name, caller)) is not None]

    def _collection(self, name: str, caller: Caller) -> str | None:
        """The collection ``name`` names, spelt as we name it, if the caller may read it."""
        try:
            if name.startswith(FILE_PREFIX):
                return file_collection(readable_file(self._files, UUID(name.removeprefix(FILE_PREFIX)), caller).id)
            return str(readable_base(self._knowledge, UUID(name), caller).id)
        except (ValueError, NoSuchFileError, KnowledgeNotFoundError):
            log.info("chat_sources.unreadable_collection", user_id=caller.user_id)  # the name may be typed text
            return None
