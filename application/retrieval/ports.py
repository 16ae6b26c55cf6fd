"""What retrieval needs from the outside: a model that turns texts into vectors, an index of those
vectors, and a full-text (BM25) index beside it. Chunks live in collections (a knowledge base, a
file); every search names the collections it may look in, so nobody is shown a chunk of a
collection they were not allowed to search."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import msgspec
import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]
"""Rows of unit length (L2-normalised), one per text: their dot product is the cosine similarity."""

MetadataValue = str | int | float | bool


class EmbeddingModel(msgspec.Struct, frozen=True):
    """Which model made a vector: vectors of two models are never compared (nor mixed in an index)."""

    name: str
    """The engine and the model, e.g. ``local:sentence-transformers/all-MiniLM-L6-v2``."""
    dimension: int


class EmbeddingChoice(msgspec.Struct, frozen=True, kw_only=True):
    """Which engine embeds with which model, and where (Open WebUI's ``RAG_EMBEDDING_ENGINE``,
    ``RAG_EMBEDDING_MODEL``, its OpenAI or Ollama address and key, ``RAG_EMBEDDING_BATCH_SIZE``)."""

    engine: str
    """Empty: the built-in model; ``openai`` or ``ollama``: a server's."""
    model: str
    base_url: str = ""
    key: str = ""
    batch_size: int = 1

    def same_vectors(self, other: EmbeddingChoice) -> bool:
        """Whether both give the same vectors: an index built with one is searched with the other
        (a new key or batch size changes nothing in an index)."""
        return (self.engine, self.model, self.base_url) == (other.engine, other.model, other.base_url)


class Chunk(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    """Stable: the same source, position and content always give the same id (see chunk_id)."""
    collection: str
    text: str
    metadata: dict[str, MetadataValue] = {}


class Hit(msgspec.Struct, frozen=True):
    chunk: Chunk
    score: float
    """Vector indexes: the cosine similarity to the query (-1..1). BM25: its score (0..)."""


class Embedder(Protocol):
    """Texts to vectors. Slow and CPU- or network-bound: called from worker threads."""

    def model(self) -> EmbeddingModel:
        """The model's name and dimension (a remote engine may be asked once to learn it)."""

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit-length float32 row per text, in order; ``EmbeddingError`` if the engine fails."""


class EmbeddingProbe(Protocol):
    def probe(self, choice: EmbeddingChoice) -> EmbeddingModel:
        """The model ``choice`` embeds with, asked of its engine; ``EmbeddingError`` saying why it
        cannot embed (a model not installed, a server unreachable or refusing)."""


class VectorIndex(Protocol):
    """Chunks and their vectors, by collection, persisted. Upserting a chunk id again replaces it,
    so a retried or replayed indexing never duplicates a chunk."""

    model: EmbeddingModel
    """The model every vector in this index comes from."""

    def upsert(self, chunks: Sequence[Chunk], vectors: Vectors) -> None: ...

    def delete(self, collection: str, ids: Sequence[str]) -> None:
        """Forget these chunks of ``collection``; unknown ids are ignored."""

    def drop(self, collection: str) -> None:
        """Forget the whole collection; nothing happens if it is unknown."""

    def search(self, vector: Vectors, top_k: int, collections: Sequence[str] | None = None) -> list[Hit]:
        """The ``top_k`` chunks most similar to ``vector`` (one row) within ``collections`` (``None``:
        all of them), most similar first."""

    def similarities(self, vector: Vectors, collection: str, ids: Sequence[str]) -> dict[str, float]:
        """The cosine similarity of ``vector`` to each of these chunks that is indexed."""

    def count(self, collection: str) -> int: ...

    def close(self) -> None: ...


class LexicalIndex(Protocol):
    """Chunks' texts for full-text (BM25) search, by collection, persisted; upserts replace by id."""

    def upsert(self, chunks: Sequence[Chunk]) -> None: ...

    def delete(self, collection: str, ids: Sequence[str]) -> None: ...

    def drop(self, collection: str) -> None: ...

    def ids_of(self, collection: str, source_id: str) -> list[str]:
        """The ids of the chunks of one source (a file) in ``collection``: what replacing or
        removing that source's chunks must delete (the vector index too, which holds no more)."""

    def search(self, query: str, top_k: int, collections: Sequence[str] | None = None) -> list[Hit]: ...

    def close(self) -> None: ...


class EmbeddingError(Exception):
    """The embedding engine could not embed (unreachable, refused, or answered nonsense): why."""


class IndexStaleError(Exception):
    """The indexes do not reflect the log (another embedding model built them, or they are missing
    while the views hold indexed files or memories): nothing is searched until ``annals reindex``
    builds them anew. Why, for the operator."""


class EmbeddingModelMismatchError(IndexStaleError):
    """An index holds vectors of another model than the one it is opened with: rebuild it."""

    def __init__(self, indexed: EmbeddingModel, wanted: EmbeddingModel) -> None:
        super().__init__(f"the index holds vectors of {indexed.name} ({indexed.dimension} dimensions), "
                         f"not of {wanted.name} ({wanted.dimension}): rebuild it from the log")
        self.indexed = indexed
        self.wanted = wanted
