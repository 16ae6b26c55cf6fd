"""The Documents settings in force: the admin's, kept as events of the Knowledge context, over the
server's environment. Every process reads them where they are used (the chunker of the next file,
the next search, the next prompt), so a save takes effect everywhere without a restart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from application.knowledge.service import Knowledge
from application.log_positions import LogPosition
from application.retrieval.hybrid import RetrievalSettings
from domain.knowledge.document_settings import DOCUMENT_SETTINGS_ID, KEPT, DocumentSettings

Json = dict[str, Any]


class ConfigureDocuments(msgspec.Struct, frozen=True, kw_only=True):
    actor_id: str
    changes: Json
    """By Open WebUI's names (``TOP_K``, ``CHUNK_SIZE``...); those not in ``KEPT`` are refused."""


class DocumentConfig:
    def __init__(self, knowledge: Knowledge, in_force: Mapping[str, Any]) -> None:
        self._knowledge = knowledge
        self._in_force = dict(in_force)
        assert set(self._in_force) == set(KEPT), "the environment gives every kept setting"

    def current(self) -> Json:
        stored = self._knowledge.find(DOCUMENT_SETTINGS_ID)
        return {**self._in_force, **(stored.settings if isinstance(stored, DocumentSettings) else {})}

    def configure(self, command: ConfigureDocuments) -> LogPosition | None:
        """Restating the settings in force records nothing, not even their founding."""
        changes = {name: float(value) if KEPT.get(name) == (float,) and type(value) is int else value
                   for name, value in command.changes.items()}

        def attempt() -> LogPosition | None:
            stored = self._knowledge.find(DOCUMENT_SETTINGS_ID)
            settings = stored if isinstance(stored, DocumentSettings) else DocumentSettings(actor_id=command.actor_id)
            changed = settings.change(actor_id=command.actor_id, changes=changes, in_force=self._in_force)
            return self._knowledge.commit(settings) if changed else None

        return self._knowledge.retrying(attempt)

    def retrieval_settings(self) -> RetrievalSettings:
        current = self.current()
        return RetrievalSettings(top_k=current["TOP_K"], top_k_reranker=current["TOP_K_RERANKER"],
                                 relevance_threshold=current["RELEVANCE_THRESHOLD"],
                                 hybrid_bm25_weight=current["HYBRID_BM25_WEIGHT"],
                                 hybrid=current["ENABLE_RAG_HYBRID_SEARCH"])

    def splitting(self) -> Json:
        """``text_splitter``, ``chunk_size``, ``chunk_overlap``: how the next file is cut."""
        current = self.current()
        return {"text_splitter": current["TEXT_SPLITTER"], "chunk_size": current["CHUNK_SIZE"],
                "chunk_overlap": current["CHUNK_OVERLAP"]}

    def bypasses_retrieval(self) -> bool:
        """Open WebUI's ``BYPASS_EMBEDDING_AND_RETRIEVAL``: files dropped into chats are neither
        embedded nor searched, but given whole."""
        return bool(self.current()["BYPASS_EMBEDDING_AND_RETRIEVAL"])

    def gives_files_whole(self) -> bool:
        """Whether the files and knowledge bases chats name are given whole rather than searched:
        retrieval is bypassed, or the admin chose full context (``RAG_FULL_CONTEXT``)."""
        current = self.current()
        return bool(current["RAG_FULL_CONTEXT"] or current["BYPASS_EMBEDDING_AND_RETRIEVAL"])

    def template(self) -> str:
        """The admin's RAG template; empty: ours."""
        return str(self.current()["RAG_TEMPLATE"])
