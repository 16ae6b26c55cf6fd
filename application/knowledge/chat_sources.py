"""What a person names in a chat, as the model is shown it: the chunks nearest their question, and
the citations the app shows, in Open WebUI 0.12.4's shape (one source per base or file searched:
the item as the app sent it, its chunks' texts, metadata and similarities, best first).

Each kind of item is searched in collections of its own (``Searchable``): a knowledge base (the
composer's ``#`` picker: an item of type ``collection``) in the base's, a file dropped into the
chat in the file's (``file_collections.py``), an item naming collections in those it names
(``named_collections.py``); each collection once. One the caller may not read, or that does not exist,
gives nothing and is not mentioned: it is not there for them (as
``/api/v1/retrieval/query/collection`` answers 404 for it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol
from uuid import UUID

import msgspec
import structlog

from application.knowledge.service import Knowledge
from application.models.catalog import Caller
from application.retrieval.hybrid import RetrievalSettings, Retriever
from application.retrieval.ports import Hit, IndexStaleError
from domain.chats.citations import Citation
from domain.chats.quotes import owner_of, pointer
from domain.knowledge.base import KnowledgeBase
from domain.knowledge.errors import KnowledgeNotFoundError

log = structlog.get_logger()
Source = dict[str, Any]
Item = dict[str, Any]


def is_knowledge(item: Any) -> bool:
    return isinstance(item, dict) and item.get("type") == "collection"


class Searchable(Protocol):
    """A kind of item a chat names that is searched in a collection."""

    def names(self, item: Item) -> bool:
        """Whether ``item`` is of this kind."""

    def collections(self, item: Item, caller: Caller) -> list[str]:
        """The collections to search for ``item`` that the caller may read."""


class KnowledgeBases:
    """A knowledge base is searched in its collection, named by its id."""

    def __init__(self, knowledge: Knowledge) -> None:
        self._knowledge = knowledge

    def names(self, item: Item) -> bool:
        return is_knowledge(item) and isinstance(item.get("id"), str)

    def collections(self, item: Item, caller: Caller) -> list[str]:
        try:
            readable_base(self._knowledge, UUID(item["id"]), caller)
        except (ValueError, KnowledgeNotFoundError):
            log.info("chat_sources.unreadable", knowledge_id=item["id"], user_id=caller.user_id)
            return []
        return [str(item["id"])]


def _by_author(hits: list[Hit], reader_id: str) -> dict[str, list[Hit]]:
    """The hits grouped by the owner of the file each chunk comes from, best first within each and
    authors in the order of their best: whose texts each source quotes. A chunk that names no
    owner is the reader's own."""
    authors: dict[str, list[Hit]] = {}
    for hit in hits:
        author = hit.chunk.metadata.get("created_by")
        authors.setdefault(author if isinstance(author, str) and author else reader_id, []).append(hit)
    return authors


def _described(item: Item, person: str) -> Item:
    """The item searched, as the source quoting ``person``'s chunks names it: whole when it is theirs
    (or names no owner), else only what finds it (a collaborator's file in someone's base: the base's
    name, description and owner are the base owner's texts, not to be kept under the collaborator's
    key; the app names each passage by its document, in the chunk's metadata)."""
    described = {k: v for k, v in item.items() if k != "data"}
    return described if owner_of(item) in (None, person) else pointer(described)


def readable_base(knowledge: Knowledge, knowledge_id: UUID, caller: Caller) -> KnowledgeBase:
    """The base, if the caller may read it, or the preset in use vouches for it and it exists."""
    if caller.vouches("collection", knowledge_id):
        return knowledge.knowledge_base(knowledge_id)
    return knowledge.readable(knowledge_id, caller.user_id, caller.is_admin, caller.group_ids)


class ChatSources:
    def __init__(self, kinds: Sequence[Searchable], retriever: Callable[[], Retriever],
                 settings: Callable[[], RetrievalSettings]) -> None:
        self._kinds = kinds
        self._retriever = retriever
        """Asked for on first use: the embedding model loads only when something is searched."""
        self._settings = settings
        """The Documents settings in force, asked for each search (the admin may change them)."""

    def found(self, items: Iterable[Any], question: str, caller: Caller) -> tuple[list[Citation], dict[str, Any]]:
        """One source per item of ``items`` the caller may read that has chunks for ``question``
        (one per person whose files gave them, when a base holds several people's), and what found
        them (``provenance``: the settings are read once, those the search ran with). None while
        the indexes are stale: the chat goes on without sources (logged)."""
        if not question.strip():
            return [], {}
        try:
            return self._searched(items, question, caller)
        except IndexStaleError as why:
            log.warning("chat_sources.index_stale", user_id=caller.user_id, reason=str(why))
            return [], {}

    def _searched(self, items: Iterable[Any], question: str, caller: Caller,
                  ) -> tuple[list[Citation], dict[str, Any]]:
        citations: list[Citation] = []
        settings = self._settings()
        for item, collections in self._collections(items, caller):
            hits = self._retriever().retrieve(question, collections, settings)
            for person, theirs in _by_author(hits, caller.user_id).items():
                citations.append(Citation(person, {
                    "source": _described(item, person),
                    "document": [hit.chunk.text for hit in theirs],
                    "metadata": [{**hit.chunk.metadata, "chunk_id": hit.chunk.id} for hit in theirs],
                    "distances": [hit.score for hit in theirs]}))
        return citations, self._provenance([c.source for c in citations], settings) if citations else {}

    def _collections(self, items: Iterable[Any], caller: Caller) -> list[tuple[Item, list[str]]]:
        """The readable items of a kind searched, in order, each with its collections that no
        earlier item has (each collection is searched once)."""
        found: list[tuple[Item, list[str]]] = []
        searched: set[str] = set()
        for item in items:
            kind = next((kind for kind in self._kinds if isinstance(item, dict) and kind.names(item)), None)
            collections = [c for c in kind.collections(item, caller) if c not in searched] if kind else []
            if collections:
                searched.update(collections)
                found.append((item, collections))
        return found

    def _provenance(self, sources: list[Source], settings: RetrievalSettings) -> dict[str, Any]:
        """What produced the context of ``sources``, for the reply's events: an auditor sees which
        chunks (their ids change with their content) the model was shown, found by which embedding
        model with which settings."""
        return {"chunk_ids": [meta["chunk_id"] for source in sources for meta in source["metadata"]],
                "embedding_model": self._retriever().embedder.model().name,
                "settings": msgspec.to_builtins(settings)}
