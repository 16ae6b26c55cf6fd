"""The retrieval layer the settings choose (embedder, vector index, BM25 index, retriever), each
made on first use: the built-in model takes seconds and hundreds of megabytes to load, and a
server engine is asked its dimension before the vector index can be opened, so a process that
never processes nor retrieves (most tests, the CLI) never pays for either.

The indexes opened are those of the build in force (see ``vector_index.chosen``), checked on each
use: when a rebuild swaps a new build in, every process moves to it at its next search. They are
searched and added to with the embedding model that build was made with (so that a search goes on
while a new model's build is under way), with the admin's key for it if the admin's choice is
that model. Indexes another embedding model built than the one recorded (the environment changed
under a build that recorded none), or missing while the views hold indexed files or memories, are
stale: ``IndexStaleError`` until they are built anew (never a search across two models)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, cast

import httpx

from application.retrieval.hybrid import Retriever
from application.retrieval.ports import Embedder, EmbeddingChoice, IndexStaleError, LexicalIndex, VectorIndex
from infrastructure.embeddings.engines import chosen_embedder, environment_choice
from infrastructure.embeddings.minilm import MiniLM
from infrastructure.rag_settings import RagSettings
from infrastructure.settings import Settings
from infrastructure.vector_index.chosen import (
    build_in_force,
    chosen_vector_index,
    embedding_of,
    lexical_index,
    swap_in,
    vector_index_exists,
)

BUILT_INDEXES = ("vectors", "lexical", "retriever")


class RetrievalLayer:
    def __init__(self, settings: Settings, indexed: Callable[[], bool] = lambda: False, *,
                 chosen: Callable[[], EmbeddingChoice] | None = None, build: str | None = None) -> None:
        """``indexed``: whether the views hold files or memories the index should have (so that
        its absence is noticed). ``chosen``: the embedding choice in force (default: the
        environment's). ``build``: a new build's indexes, to be filled with the embeddings of
        ``chosen`` (none: the build in force, followed when it changes)."""
        self._settings, self._indexed, self._pinned = settings, indexed, build
        self._chosen = chosen or (lambda: environment_choice(settings.rag))
        self._build = build_in_force(settings) if build is None else build
        self._lock = threading.RLock()
        self._opened: dict[str, Any] = {}

    @property
    def embedder(self) -> Embedder:
        """Made anew when the choice changes (a new key for the same model too); the retriever
        made with the one it replaces goes with it."""
        choice = self.embedding()
        with self._lock:
            if self._opened.get("choice") != choice:
                self._opened.pop("retriever", None)
                self._opened["choice"] = choice
                self._opened["embedder"] = chosen_embedder(choice, self._client)
            return cast("Embedder", self._opened["embedder"])

    def embedding(self) -> EmbeddingChoice:
        """The choice this layer's build is searched and filled with."""
        if self._pinned is not None:
            return self._chosen()
        self._follow_build()
        with self._lock:
            build = self._build
        chosen = self._chosen()
        made_with = embedding_of(self._settings, build) or environment_choice(self._settings.rag)
        return chosen if chosen.same_vectors(made_with) else made_with

    @property
    def vectors(self) -> VectorIndex:
        self._follow_build()
        return self._once("vectors", self._opened_vectors)

    @property
    def lexical(self) -> LexicalIndex:
        self._follow_build()
        return self._once("lexical", lambda: lexical_index(self._settings, self._build))

    @property
    def retriever(self) -> Retriever:
        self._follow_build()
        embedder = self.embedder
        return self._once("retriever", lambda: Retriever(embedder, self.vectors, self.lexical))

    def stale(self) -> str:
        """Why the indexes in force cannot be searched; empty if they can."""
        try:
            self._follow_build()
            self._once("vectors", self._opened_vectors)
        except IndexStaleError as why:
            return str(why)
        return ""

    def swap_in(self) -> None:
        """This layer's build (filled by ``annals reindex``) in force, the one it replaces removed."""
        assert self._pinned is not None, "only a new build is swapped in"
        self.close()
        swap_in(self._settings, self._pinned)

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

    def _opened_vectors(self) -> VectorIndex:
        if self._pinned is None and not vector_index_exists(self._settings, self._build) and self._indexed():
            raise IndexStaleError("the vector index is missing while knowledge files or memories were indexed: "
                                  "rebuild it from the log (annals reindex)")
        return chosen_vector_index(self._settings, self.embedder.model(), self._build)

    def _follow_build(self) -> None:
        """The build in force now. The old build's indexes are dropped, not closed: a search in
        another thread may still be reading them (they close when it lets go)."""
        if self._pinned is not None:
            return
        with self._lock:
            if (build := build_in_force(self._settings)) != self._build:
                self._build = build
                for name in BUILT_INDEXES:
                    self._opened.pop(name, None)

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
            "CHUNK_OVERLAP": rag.chunk_overlap, "RAG_FULL_CONTEXT": rag.full_context,
            "BYPASS_EMBEDDING_AND_RETRIEVAL": rag.bypass_embedding_and_retrieval}
