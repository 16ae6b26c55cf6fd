"""The knowledge bases a person names in a chat (the composer's ``#`` picker: a file item of type
``collection`` whose ``id`` is the base's), as the model is shown them: the chunks nearest the
person's question, and the citations the app shows, in Open WebUI 0.12.4's shape (one source per
base: the item as the app sent it, its chunks' texts, metadata and similarities, best first).

A base the caller may not read, or that does not exist, gives nothing and is not mentioned: it is
not there for them (as ``/api/v1/retrieval/query/collection`` answers 404 for it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from uuid import UUID

import msgspec
import structlog

from application.knowledge.service import Knowledge
from application.models.catalog import Caller
from application.retrieval.hybrid import RetrievalSettings, Retriever
from application.retrieval.ports import IndexStaleError
from domain.knowledge.errors import KnowledgeNotFoundError

log = structlog.get_logger()
Source = dict[str, Any]


def is_knowledge(item: Any) -> bool:
    return isinstance(item, dict) and item.get("type") == "collection"


class KnowledgeSources:
    def __init__(self, knowledge: Knowledge, retriever: Callable[[], Retriever],
                 settings: Callable[[], RetrievalSettings]) -> None:
        self._knowledge = knowledge
        self._retriever = retriever
        """Asked for on first use: the embedding model loads only when someone names a base."""
        self._settings = settings
        """The Documents settings in force, asked for each search (the admin may change them)."""

    def found(self, items: Iterable[Any], question: str, caller: Caller) -> tuple[list[Source], dict[str, Any]]:
        """One source per base of ``items`` the caller may read that has chunks for ``question``, and
        what found them (``provenance``: the settings are read once, those the search ran with). None
        while the indexes are stale: the chat goes on without sources (logged)."""
        if not question.strip():
            return [], {}
        try:
            return self._searched(items, question, caller)
        except IndexStaleError as why:
            log.warning("chat_sources.index_stale", user_id=caller.user_id, reason=str(why))
            return [], {}

    def _searched(self, items: Iterable[Any], question: str, caller: Caller) -> tuple[list[Source], dict[str, Any]]:
        sources, settings = [], self._settings()
        for item in _each_base(items):
            if not self._readable(item["id"], caller):
                continue
            hits = self._retriever().retrieve(question, [item["id"]], settings)
            if hits:
                sources.append({"source": {k: v for k, v in item.items() if k != "data"},
                                "document": [hit.chunk.text for hit in hits],
                                "metadata": [{**hit.chunk.metadata, "chunk_id": hit.chunk.id} for hit in hits],
                                "distances": [hit.score for hit in hits]})
        return sources, self._provenance(sources, settings) if sources else {}

    def _provenance(self, sources: list[Source], settings: RetrievalSettings) -> dict[str, Any]:
        """What produced the context of ``sources``, for the reply's events: an auditor sees which
        chunks (their ids change with their content) the model was shown, found by which embedding
        model with which settings."""
        return {"chunk_ids": [meta["chunk_id"] for source in sources for meta in source["metadata"]],
                "embedding_model": self._retriever().embedder.model().name,
                "settings": msgspec.to_builtins(settings)}

    def _readable(self, knowledge_id: str, caller: Caller) -> bool:
        try:
            self._knowledge.readable(UUID(knowledge_id), caller.user_id, caller.is_admin, caller.group_ids)
        except (ValueError, KnowledgeNotFoundError):
            log.info("chat_sources.unreadable", knowledge_id=knowledge_id, user_id=caller.user_id)
            return False
        return True


def _each_base(items: Iterable[Any]) -> list[dict[str, Any]]:
    """The knowledge items, each base once, in order."""
    bases: dict[str, dict[str, Any]] = {}
    for item in items:
        if is_knowledge(item) and isinstance(item.get("id"), str):
            bases.setdefault(item["id"], item)
    return list(bases.values())
