"""The embedding engine a choice names: the built-in model unless it names a server. The
built-in one embeds 32 texts a batch whatever ``RAG_EMBEDDING_BATCH_SIZE`` says (that setting
sizes requests to a server: Open WebUI's default of 1 would only slow the model down here)."""

from __future__ import annotations

import httpx

from application.retrieval.ports import Embedder, EmbeddingChoice, EmbeddingError, EmbeddingModel
from infrastructure.embeddings.minilm import MiniLM, model_directory
from infrastructure.embeddings.remote import OllamaEmbedder, OpenAIEmbedder
from infrastructure.rag_settings import LOCAL_EMBEDDING_MODELS, RagSettings

PROBE_SECONDS = 10.0
"""How long a server is given to answer the probe of a new choice (an admin waits on it)."""


def environment_server(rag: RagSettings, engine: str) -> tuple[str, str]:
    """The address and key the environment gives ``engine``'s server (none for the built-in one)."""
    return {"openai": (rag.openai_base_url, rag.openai_key),
            "ollama": (rag.ollama_base_url, rag.ollama_key)}.get(engine, ("", ""))


def environment_choice(rag: RagSettings) -> EmbeddingChoice:
    """The environment's engine and model, with the address and key of that engine's server."""
    url, key = environment_server(rag, rag.embedding_engine)
    return EmbeddingChoice(engine=rag.embedding_engine, model=rag.embedding_model, base_url=url, key=key,
                           batch_size=rag.embedding_batch_size)


def chosen_embedder(choice: EmbeddingChoice, client: httpx.Client, timeout: float = 60.0) -> Embedder:
    """``client``: what a server engine posts with (the caller's, with its address guard)."""
    if choice.engine == "openai":
        return OpenAIEmbedder(client, choice.base_url, choice.model, key=choice.key, batch_size=choice.batch_size,
                              timeout=timeout)
    if choice.engine == "ollama":
        return OllamaEmbedder(client, choice.base_url, choice.model, key=choice.key, batch_size=choice.batch_size,
                              timeout=timeout)
    return MiniLM()


class EngineProbe:
    """Tries a choice before it is kept: the built-in engine has the packaged models only (nothing
    is downloaded); a server must embed a probe with the model."""

    def probe(self, choice: EmbeddingChoice) -> EmbeddingModel:
        if not choice.engine:
            return _built_in(choice.model)
        with httpx.Client(trust_env=False) as client:
            return chosen_embedder(choice, client, timeout=PROBE_SECONDS).model()


def _built_in(model: str) -> EmbeddingModel:
    if model not in LOCAL_EMBEDDING_MODELS:
        raise EmbeddingError(f"the built-in engine has {LOCAL_EMBEDDING_MODELS[0]} only (nothing is downloaded); "
                             "choose the openai or ollama engine for a model a server runs")
    try:
        model_directory()
    except ImportError as error:
        raise EmbeddingError(f"its package is not installed ({error})") from None
    return MiniLM().model()
