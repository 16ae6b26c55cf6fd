"""Retrieval's settings: the embedding engine and model, chunking, search and the vector index."""

from __future__ import annotations

from typing import Literal

import msgspec

from infrastructure.environment import EnvironmentReader, SettingsError

EmbeddingEngine = Literal["", "openai", "ollama"]
TextSplitter = Literal["", "character", "token", "token_transformers"]
LOCAL_EMBEDDING_MODELS = ("sentence-transformers/all-MiniLM-L6-v2", "all-MiniLM-L6-v2")
"""The embedding models the local engine has (packaged, offline): Open WebUI's default one."""


class RagSettings(msgspec.Struct, frozen=True, kw_only=True):
    """Retrieval, with Open WebUI's variable names and defaults: ``RAG_EMBEDDING_ENGINE`` (empty:
    the built-in model), ``RAG_EMBEDDING_MODEL``, ``RAG_EMBEDDING_BATCH_SIZE``,
    ``RAG_OPENAI_API_BASE_URL``/``_KEY`` (default: the first OpenAI connection's),
    ``RAG_OLLAMA_BASE_URL``/``_API_KEY`` (default: the first Ollama connection's),
    ``RAG_TEXT_SPLITTER``, ``CHUNK_SIZE``, ``CHUNK_OVERLAP``, ``RAG_TOP_K``,
    ``RAG_TOP_K_RERANKER``, ``RAG_RELEVANCE_THRESHOLD``, ``RAG_HYBRID_BM25_WEIGHT``,
    ``ENABLE_RAG_HYBRID_SEARCH``, ``RAG_FULL_CONTEXT``, ``BYPASS_EMBEDDING_AND_RETRIEVAL``; and
    ``WEAVIATE_URL`` (with ``WEAVIATE_GRPC_PORT`` and ``WEAVIATE_API_KEY``): the vector index is
    Weaviate's rather than the embedded one."""

    embedding_engine: EmbeddingEngine = ""
    embedding_model: str = LOCAL_EMBEDDING_MODELS[0]
    embedding_batch_size: int = 1
    openai_base_url: str = "https://api.openai.com/v1"
    openai_key: str = ""
    ollama_base_url: str = "http://localhost:11434"
    ollama_key: str = ""
    text_splitter: TextSplitter = ""
    chunk_size: int = 1000
    chunk_overlap: int = 100
    top_k: int = 3
    top_k_reranker: int = 3
    relevance_threshold: float = 0.0
    hybrid_bm25_weight: float = 0.5
    hybrid: bool = False
    full_context: bool = False
    bypass_embedding_and_retrieval: bool = False
    weaviate_url: str | None = None
    weaviate_grpc_port: int = 50051
    weaviate_api_key: str = ""



def read_rag_settings(read: EnvironmentReader, *, openai_urls: tuple[str, ...], openai_keys: tuple[str, ...],
                      ollama_urls: tuple[str, ...]) -> RagSettings:
    """The embedding servers default to the first OpenAI and Ollama connections'."""
    defaults = RagSettings()
    rag = RagSettings(
        embedding_engine=read.choice("RAG_EMBEDDING_ENGINE", ("", "openai", "ollama"), ""),
        embedding_model=read.text("RAG_EMBEDDING_MODEL") or defaults.embedding_model,
        embedding_batch_size=read.integer("RAG_EMBEDDING_BATCH_SIZE", 1),
        openai_base_url=(read.text("RAG_OPENAI_API_BASE_URL") or next(iter(openai_urls), None)
                         or defaults.openai_base_url).rstrip("/"),
        openai_key=read.text("RAG_OPENAI_API_KEY") or next(iter(openai_keys), ""),
        ollama_base_url=(read.text("RAG_OLLAMA_BASE_URL") or next(iter(ollama_urls), None)
                         or defaults.ollama_base_url).rstrip("/"),
        ollama_key=read.text("RAG_OLLAMA_API_KEY") or "",
        text_splitter=read.choice("RAG_TEXT_SPLITTER", ("", "character", "token", "token_transformers"), ""),
        chunk_size=read.integer("CHUNK_SIZE", 1000), chunk_overlap=read.integer("CHUNK_OVERLAP", 100),
        top_k=read.integer("RAG_TOP_K", 3), top_k_reranker=read.integer("RAG_TOP_K_RERANKER", 3),
        relevance_threshold=read.number("RAG_RELEVANCE_THRESHOLD", 0.0),
        hybrid_bm25_weight=read.number("RAG_HYBRID_BM25_WEIGHT", 0.5),
        hybrid=read.flag("ENABLE_RAG_HYBRID_SEARCH", default=False),
        full_context=read.flag("RAG_FULL_CONTEXT", default=False),
        bypass_embedding_and_retrieval=read.flag("BYPASS_EMBEDDING_AND_RETRIEVAL", default=False),
        weaviate_url=(url.rstrip("/") if (url := read.text("WEAVIATE_URL")) else None),
        weaviate_grpc_port=read.integer("WEAVIATE_GRPC_PORT", 50051),
        weaviate_api_key=read.text("WEAVIATE_API_KEY") or "")
    if not rag.embedding_engine and rag.embedding_model not in LOCAL_EMBEDDING_MODELS:
        raise SettingsError(f"RAG_EMBEDDING_MODEL {rag.embedding_model!r} is not built in: the local engine has "
                            f"{LOCAL_EMBEDDING_MODELS[0]} only (nothing is downloaded). Set RAG_EMBEDDING_ENGINE to "
                            "openai or ollama to use a model a server runs")
    if not 0 <= rag.chunk_overlap < rag.chunk_size:
        raise SettingsError(f"CHUNK_OVERLAP ({rag.chunk_overlap}) must be at least 0 and less than CHUNK_SIZE "
                            f"({rag.chunk_size})")
    return rag
