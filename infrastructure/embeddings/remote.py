"""Embeddings from a server: an OpenAI-compatible ``POST {base}/embeddings`` or Ollama's
``POST {base}/api/embed``, as Open WebUI calls them (``RAG_EMBEDDING_ENGINE`` ``openai`` or
``ollama``, ``RAG_EMBEDDING_MODEL``, ``RAG_EMBEDDING_BATCH_SIZE`` texts a request). Vectors are
normalised here: not every server sends unit vectors, and the indexes compare by dot product.
The model's dimension is learnt from the first answer (or asked for once, with a probe)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import httpx
import numpy as np

from application.retrieval.ports import EmbeddingError, EmbeddingModel, Vectors

PROBE = "dimension"


class RemoteEmbedder:
    engine = ""

    def __init__(self, client: httpx.Client, base_url: str, model: str, *, key: str = "", batch_size: int = 1,
                 timeout: float = 60.0) -> None:
        self._client = client
        self.base_url = base_url.rstrip("/")
        self.model_name = model
        self._headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.batch_size = max(batch_size, 1)
        self._timeout = timeout
        self._dimension: int | None = None
        self._lock = threading.Lock()

    def model(self) -> EmbeddingModel:
        with self._lock:
            known = self._dimension
        if known is None:
            known = self.embed([PROBE]).shape[1]
        return EmbeddingModel(f"{self.engine}:{self.model_name}", known)

    def embed(self, texts: Sequence[str]) -> Vectors:
        batches = [self._batch(list(texts[start:start + self.batch_size]))
                   for start in range(0, len(texts), self.batch_size)]
        if not batches:
            return np.empty((0, self._dimension or 0), dtype=np.float32)
        vectors = np.vstack(batches)
        with self._lock:
            if self._dimension not in (None, vectors.shape[1]):
                raise EmbeddingError(f"{self.model_name} answered vectors of {vectors.shape[1]} dimensions, "
                                     f"earlier ones of {self._dimension}")
            self._dimension = vectors.shape[1]
        return vectors

    def _batch(self, texts: list[str]) -> Vectors:
        answer = self._posted(texts)
        try:
            rows = np.asarray(self._vectors(answer), dtype=np.float32)
        except (KeyError, TypeError, ValueError, IndexError) as error:
            raise EmbeddingError(f"{self.base_url} answered no embeddings we can read ({error!r})") from None
        if rows.ndim != 2 or len(rows) != len(texts) or rows.shape[1] == 0:
            raise EmbeddingError(f"{self.base_url} answered {len(rows)} embeddings for {len(texts)} texts")
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        return (rows / np.maximum(norms, 1e-12)).astype(np.float32)

    def _posted(self, texts: list[str]) -> Any:
        try:
            response = self._client.post(self._url(), json=self._body(texts), headers=self._headers,
                                         timeout=self._timeout)
        except httpx.HTTPError as error:
            raise EmbeddingError(f"{self.base_url} could not be reached for embeddings: {error}") from None
        if response.status_code != 200:
            raise EmbeddingError(f"{self.base_url} refused to embed with {self.model_name}: "
                                 f"{response.status_code} {response.text[:300]}")
        try:
            return response.json()
        except ValueError:
            raise EmbeddingError(f"{self.base_url} answered embeddings that are not JSON") from None

    def _url(self) -> str:
        raise NotImplementedError

    def _body(self, texts: list[str]) -> dict[str, Any]:
        return {"model": self.model_name, "input": texts}

    def _vectors(self, answer: Any) -> list[list[float]]:
        raise NotImplementedError


class OpenAIEmbedder(RemoteEmbedder):
    """``{base}`` is the API's base, ``…/v1`` as in ``RAG_OPENAI_API_BASE_URL``."""

    engine = "openai"

    def _url(self) -> str:
        return f"{self.base_url}/embeddings"

    def _vectors(self, answer: Any) -> list[list[float]]:
        return [item["embedding"] for item in sorted(answer["data"], key=lambda item: item["index"])]


class OllamaEmbedder(RemoteEmbedder):
    """``{base}`` is the server, as in ``RAG_OLLAMA_BASE_URL``."""

    engine = "ollama"

    def _url(self) -> str:
        return f"{self.base_url}/api/embed"

    def _vectors(self, answer: Any) -> list[list[float]]:
        return list(answer["embeddings"])


