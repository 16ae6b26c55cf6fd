"""The embedding engine the settings choose: the built-in model unless ``RAG_EMBEDDING_ENGINE``
names a server. The built-in one embeds 32 texts a batch whatever ``RAG_EMBEDDING_BATCH_SIZE``
says (that setting sizes requests to a server: Open WebUI's default of 1 would only slow the
model down here)."""

from __future__ import annotations

import httpx

from application.retrieval.ports import Embedder
from infrastructure.embeddings.minilm import MiniLM
from infrastructure.embeddings.remote import OllamaEmbedder, OpenAIEmbedder
from infrastructure.rag_settings import RagSettings


def chosen_embedder(rag: RagSettings, client: httpx.Client) -> Embedder:
    """``client``: what a server engine posts with (the caller's, with its address guard)."""
    if rag.embedding_engine == "openai":
        return OpenAIEmbedder(client, rag.openai_base_url, rag.embedding_model, key=rag.openai_key,
                              batch_size=rag.embedding_batch_size)
    if rag.embedding_engine == "ollama":
        return OllamaEmbedder(client, rag.ollama_base_url, rag.embedding_model, key=rag.ollama_key,
                              batch_size=rag.embedding_batch_size)
    return MiniLM()
