"""The OpenAI-compatible and Ollama embedding engines against a real HTTP server speaking their
protocols (tests/upstream/embeddings.py)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import numpy as np
import pytest

from application.retrieval.ports import EmbeddingError
from infrastructure.embeddings.engines import chosen_embedder, environment_choice
from infrastructure.embeddings.minilm import MiniLM
from infrastructure.embeddings.remote import OllamaEmbedder, OpenAIEmbedder, RemoteEmbedder
from infrastructure.rag_settings import RagSettings
from tests.upstream.embeddings import DIMENSION, EmbeddingsServer, hashed
from tests.upstream.threaded import serving

TEXTS = ["refunds take fourteen days", "shipping takes three days", "refunds", "the office opens at nine"]


@pytest.fixture
def server() -> EmbeddingsServer:
    return EmbeddingsServer(key="sk-embed")


@pytest.fixture
def base_url(server: EmbeddingsServer) -> Iterator[str]:
    with serving(server, "the embeddings server") as url:
        yield url


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as opened:
        yield opened


def engines(client: httpx.Client, base_url: str, **options: object) -> list[RemoteEmbedder]:
    return [OpenAIEmbedder(client, f"{base_url}/v1", "text-embedding-3-small", **options),  # type: ignore[arg-type]
            OllamaEmbedder(client, base_url, "nomic-embed-text", **options)]  # type: ignore[arg-type]


def test_both_engines_return_the_servers_vectors_normalised_in_order(client: httpx.Client, base_url: str):
    for engine in engines(client, base_url, key="sk-embed", batch_size=3):
        vectors = engine.embed(TEXTS)
        expected = np.array([hashed(t) for t in TEXTS], dtype=np.float32)
        assert np.allclose(vectors, expected / np.linalg.norm(expected, axis=1, keepdims=True), atol=1e-6)


def test_texts_are_sent_in_batches_of_the_batch_size_with_the_model_and_key(
        client: httpx.Client, base_url: str, server: EmbeddingsServer):
    openai, ollama = engines(client, base_url, key="sk-embed", batch_size=3)
    openai.embed(TEXTS)
    ollama.embed(TEXTS)
    assert [(r["path"], r["body"]["model"], len(r["body"]["input"])) for r in server.requests] == [
        ("/v1/embeddings", "text-embedding-3-small", 3), ("/v1/embeddings", "text-embedding-3-small", 1),
        ("/api/embed", "nomic-embed-text", 3), ("/api/embed", "nomic-embed-text", 1)]
    assert {r["headers"]["authorization"] for r in server.requests} == {"Bearer sk-embed"}


def test_the_model_is_named_by_engine_and_its_dimension_learnt_from_the_server(client: httpx.Client, base_url: str):
    openai, ollama = engines(client, base_url, key="sk-embed")
    assert (openai.model().name, openai.model().dimension) == ("openai:text-embedding-3-small", DIMENSION)
    assert ollama.model().name == "ollama:nomic-embed-text"


@pytest.mark.parametrize(("trouble", "reason"), [("refusing", "refused to embed"), ("one_short", "3 embeddings for 4")])
def test_a_failing_server_is_an_embedding_error_saying_why(client: httpx.Client, base_url: str,
                                                           server: EmbeddingsServer, trouble: str, reason: str):
    setattr(server, trouble, True)
    for engine in engines(client, base_url, key="sk-embed", batch_size=10):
        with pytest.raises(EmbeddingError, match=reason):
            engine.embed(TEXTS)


def test_a_wrong_key_is_an_embedding_error_with_the_servers_answer(client: httpx.Client, base_url: str):
    for engine in engines(client, base_url, key="sk-wrong"):
        with pytest.raises(EmbeddingError, match="401"):
            engine.embed(TEXTS)


def test_an_unreachable_server_is_an_embedding_error(client: httpx.Client):
    with pytest.raises(EmbeddingError, match="could not be reached"):
        OllamaEmbedder(client, "http://127.0.0.1:9", "nomic-embed-text").embed(["x"])


def test_the_settings_choose_the_engine(client: httpx.Client, base_url: str):
    openai = chosen_embedder(environment_choice(RagSettings(
        embedding_engine="openai", embedding_model="m", openai_base_url=f"{base_url}/v1", openai_key="sk-embed")),
        client)
    ollama = chosen_embedder(environment_choice(RagSettings(
        embedding_engine="ollama", embedding_model="m", ollama_base_url=base_url, ollama_key="sk-embed")), client)
    assert isinstance(openai, OpenAIEmbedder) and openai.embed(["a"]).shape == (1, DIMENSION)
    assert isinstance(ollama, OllamaEmbedder) and ollama.embed(["a"]).shape == (1, DIMENSION)
    assert isinstance(chosen_embedder(environment_choice(RagSettings()), client), MiniLM)
