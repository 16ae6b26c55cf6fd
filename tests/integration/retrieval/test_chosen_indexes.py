"""The settings choose the vector index: embedded under the data directory, or Weaviate's."""

from __future__ import annotations

from pathlib import Path

from application.retrieval.ports import EmbeddingModel
from infrastructure.lexical_index import Bm25Index
from infrastructure.rag_settings import RagSettings
from infrastructure.settings import Settings
from infrastructure.vector_index.chosen import chosen_vector_index, lexical_index
from infrastructure.vector_index.embedded import EmbeddedVectorIndex
from infrastructure.vector_index.weaviate import WeaviateVectorIndex
from tests.weaviate.server import fake_weaviate

MODEL = EmbeddingModel("test:axes", 4)


def test_without_weaviate_the_indexes_are_embedded_under_the_data_directory(tmp_path: Path):
    settings = Settings(data_dir=tmp_path)
    vectors, lexical = chosen_vector_index(settings, MODEL), lexical_index(settings)
    assert isinstance(vectors, EmbeddedVectorIndex) and isinstance(lexical, Bm25Index)
    vectors.close()
    lexical.close()
    assert (tmp_path / "retrieval" / "vectors" / "chunks.sqlite3").exists()
    assert (tmp_path / "retrieval" / "lexical.sqlite3").exists()


def test_with_a_weaviate_url_the_vectors_go_to_weaviate(tmp_path: Path):
    with fake_weaviate() as server:
        settings = Settings(data_dir=tmp_path, rag=RagSettings(weaviate_url=server.url,
                                                               weaviate_grpc_port=server.grpc_port))
        vectors = chosen_vector_index(settings, MODEL)
        assert isinstance(vectors, WeaviateVectorIndex)
        vectors.close()
