"""A small embeddings server speaking OpenAI's ``POST /v1/embeddings`` and Ollama's
``POST /api/embed`` (served by tests/upstream/threaded.py: a real HTTP server on a real
port). Its vectors are word counts hashed into 16 dimensions, deliberately not of unit length, so
texts sharing words are similar and clients must normalise. It can be told to refuse, to
answer the wrong number of vectors, or to hold a model's embeddings until let go; it keeps the
requests it received."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from tests.upstream.asgi import answer_json, body
from tests.waiting import until

DIMENSION = 16
PROBE = ["dimension"]
"""What a client asks to learn a model's dimension (``infrastructure.embeddings.remote``)."""
HOLD_AT_MOST = 120.0
"""A test that forgets to let a model go fails within this, rather than hanging."""


def hashed(text: str) -> list[float]:
    vector = [0.0] * DIMENSION
    for word in text.lower().split():
        vector[hashlib.sha256(word.encode()).digest()[0] % DIMENSION] += 3.0
    return vector if any(vector) else [1.0] + [0.0] * (DIMENSION - 1)


@dataclass
class EmbeddingsServer:
    key: str | None = None
    """When set, requests must carry ``Authorization: Bearer <key>``."""
    refusing: bool = False
    one_short: bool = False
    """Answer one vector fewer than asked for."""
    holding: set[str] = field(default_factory=set)
    """Models whose embeddings wait until taken out of the set (probes excepted: a choice of the
    model is accepted, the work with it then waits)."""
    refusing_models: set[str] = field(default_factory=set)
    """Models whose embeddings are refused, probes excepted (looked at once a held one is let go)."""
    requests: list[dict[str, Any]] = field(default_factory=list)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        request = json.loads(await body(receive) or b"{}")
        self.requests.append({"path": scope["path"], "headers": headers, "body": request})
        probe = request.get("input") == PROBE
        if not probe:
            await until(lambda: request.get("model") not in self.holding, timeout=HOLD_AT_MOST,
                        what="a held model to be let go", interval=0.01)
        if self.key and headers.get("authorization") != f"Bearer {self.key}":
            await answer_json(send, 401, {"error": {"message": "Incorrect API key provided."}})
        elif self.refusing or (request.get("model") in self.refusing_models and not probe):
            await answer_json(send, 500, {"error": "the model is not loaded"})
        elif scope["path"] in ("/v1/embeddings", "/api/embed"):
            texts = request["input"] if isinstance(request["input"], list) else [request["input"]]
            vectors = [hashed(text) for text in texts][: len(texts) - self.one_short]
            await answer_json(send, 200, _openai(vectors, request["model"]) if scope["path"] == "/v1/embeddings"
                              else {"model": request["model"], "embeddings": vectors})
        else:
            await answer_json(send, 404, {"error": "not found"})


def _openai(vectors: list[list[float]], model: str) -> dict[str, Any]:
    """Listed in reverse: the index field, not the order, says which text each is for."""
    data = [{"object": "embedding", "index": n, "embedding": v} for n, v in enumerate(vectors)]
    return {"object": "list", "model": model, "data": data[::-1], "usage": {"prompt_tokens": 1, "total_tokens": 1}}
