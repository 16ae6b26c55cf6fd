"""Which indexes the settings choose: Weaviate's when ``WEAVIATE_URL`` is set, else the embedded
one, under the data directory (``retrieval/vectors``); BM25 always embedded
(``retrieval/lexical.sqlite3``), beside either."""

from __future__ import annotations

from pathlib import Path

from application.retrieval.ports import EmbeddingModel, VectorIndex
from infrastructure.lexical_index import Bm25Index
from infrastructure.settings import Settings
from infrastructure.vector_index.embedded import EmbeddedVectorIndex
from infrastructure.vector_index.weaviate import WeaviateVectorIndex


def retrieval_directory(settings: Settings) -> Path:
    return Path(settings.data_dir) / "retrieval"


def chosen_vector_index(settings: Settings, model: EmbeddingModel) -> VectorIndex:
    """Opened for ``model``'s vectors; ``EmbeddingModelMismatchError`` if it holds another's."""
    rag = settings.rag
    if rag.weaviate_url:
        return WeaviateVectorIndex(rag.weaviate_url, model, grpc_port=rag.weaviate_grpc_port,
                                   api_key=rag.weaviate_api_key)
    return EmbeddedVectorIndex(retrieval_directory(settings) / "vectors", model)


def lexical_index(settings: Settings) -> Bm25Index:
    return Bm25Index(retrieval_directory(settings) / "lexical.sqlite3")
