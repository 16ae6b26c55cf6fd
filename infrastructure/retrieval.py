"""The retrieval layer the settings choose (embedder, vector index, BM25 index, retriever), each
made on first use: the built-in model takes seconds and hundreds of megabytes to load, and a
server engine is asked its dimension before the vector index can be opened, so a process that
never processes nor retrieves (most tests, the CLI) never pays for either."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import httpx

from application.retrieval.hybrid import Retriever
from application.retrieval.ports import Embedder, LexicalIndex, VectorIndex
from infrastructure.embeddings.engines import chosen_embedder
from infrastructure.embeddings.minilm import MiniLM
from infrastructure.rag_settings import RagSettings
from infrastructure.settings import Settings
from infrastructure.vector_index.chosen import chosen_vector_index, lexical_index


class RetrievalLayer:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.RLock()
        self._opened: dict[str, Any] = {}

    @property
    def embedder(self) -> Embedder:
        return self._once("embedder", lambda: chosen_embedder(self._settings.rag, self._client))

    @property
    def vectors(self) -> VectorIndex:
        return self._once("vectors", lambda: chosen_vector_index(self._settings, self.embedder.model()))

    @property
    def lexical(self) -> LexicalIndex:
        return self._once("lexical", lambda: lexical_index(self._settings))

    @property
    def retriever(self) -> Retriever:
        return self._once("retriever", lambda: Retriever(self.embedder, self.vectors, self.lexical))

    @property
    def _client(self) -> httpx.Client:
        """For a server engine, whose address the operator set in the environment (not a person)."""
        return self._once("client", lambda: httpx.Client(trust_env=False))

    def tokenizer(self) -> Any:
        """What token-counting splitters count with: the built-in model's tokenizer (also when a
        server embeds: it is the one at hand offline)."""
        embedder = self.embedder
        return (embedder if isinstance(embedder, MiniLM) else self._once("minilm", MiniLM)).tokenizer

    def close(self) -> None:
        """Closes what was opened; what never was stays unopened."""
        with self._lock:
            for name in ("vectors", "lexical", "client"):
                if opened := self._opened.pop(name, None):
                    opened.close()

    def _once(self, name: str, make: Callable[[], Any]) -> Any:
        with self._lock:
            if name not in self._opened:
                self._opened[name] = make()
            return self._opened[name]


def documents_in_force(rag: RagSettings, rag_template: str) -> dict[str, Any]:
    """The Documents settings the environment gives, by Open WebUI's names, until an admin saves others."""
    return {"RAG_TEMPLATE": rag_template, "TOP_K": rag.top_k, "TOP_K_RERANKER": rag.top_k_reranker,
            "RELEVANCE_THRESHOLD": float(rag.relevance_threshold), "HYBRID_BM25_WEIGHT": float(rag.hybrid_bm25_weight),
            "ENABLE_RAG_HYBRID_SEARCH": rag.hybrid, "TEXT_SPLITTER": rag.text_splitter, "CHUNK_SIZE": rag.chunk_size,
            "CHUNK_OVERLAP": rag.chunk_overlap}
