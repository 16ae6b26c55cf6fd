"""Retrieval's settings from the environment, with Open WebUI's names and defaults."""

from __future__ import annotations

import pytest

from infrastructure.environment import SettingsError
from infrastructure.rag_settings import RagSettings
from infrastructure.settings import Settings


def test_unset_it_is_open_webuis_defaults_with_the_built_in_model():
    rag = Settings.from_environ({}).rag
    assert rag == RagSettings()
    assert (rag.embedding_engine, rag.top_k, rag.chunk_size, rag.chunk_overlap, rag.hybrid_bm25_weight) == (
        "", 3, 1000, 100, 0.5)


def test_open_webuis_variables_are_read():
    rag = Settings.from_environ({
        "RAG_EMBEDDING_ENGINE": "ollama", "RAG_EMBEDDING_MODEL": "nomic-embed-text", "RAG_EMBEDDING_BATCH_SIZE": "16",
        "RAG_OLLAMA_BASE_URL": "http://gpu:11434/", "RAG_TEXT_SPLITTER": "token", "CHUNK_SIZE": "200",
        "CHUNK_OVERLAP": "20", "RAG_TOP_K": "5", "RAG_TOP_K_RERANKER": "4", "RAG_RELEVANCE_THRESHOLD": "0.3",
        "RAG_HYBRID_BM25_WEIGHT": "0.25", "ENABLE_RAG_HYBRID_SEARCH": "true", "WEAVIATE_URL": "http://weaviate:8080/",
        "RAG_FULL_CONTEXT": "true", "BYPASS_EMBEDDING_AND_RETRIEVAL": "true",
    }).rag
    assert rag == RagSettings(embedding_engine="ollama", embedding_model="nomic-embed-text", embedding_batch_size=16,
                              ollama_base_url="http://gpu:11434", text_splitter="token", chunk_size=200,
                              chunk_overlap=20, top_k=5, top_k_reranker=4, relevance_threshold=0.3,
                              hybrid_bm25_weight=0.25, hybrid=True, full_context=True,
                              bypass_embedding_and_retrieval=True, weaviate_url="http://weaviate:8080")


def test_the_openai_engine_defaults_to_the_first_openai_connection_and_its_key():
    rag = Settings.from_environ({"OPENAI_API_BASE_URLS": "http://a/v1;http://b/v1", "OPENAI_API_KEYS": "ka;kb"}).rag
    assert (rag.openai_base_url, rag.openai_key) == ("http://a/v1", "ka")


def test_a_local_model_that_is_not_built_in_is_refused_with_the_way_out():
    with pytest.raises(SettingsError, match="RAG_EMBEDDING_ENGINE"):
        Settings.from_environ({"RAG_EMBEDDING_MODEL": "BAAI/bge-m3"})


def test_an_overlap_not_below_the_chunk_size_is_refused():
    with pytest.raises(SettingsError, match="CHUNK_OVERLAP"):
        Settings.from_environ({"CHUNK_SIZE": "100", "CHUNK_OVERLAP": "100"})
