"""A small OpenAI-compatible (and Ollama-flavoured) server, as a plain ASGI app run by uvicorn.

Routes: ``GET /v1/models``, ``POST /v1/chat/completions`` (streamed as SSE or not), Ollama's
``GET /api/tags`` and ``GET /api/version`` and its native API (ollama.py), ``GET /health``,
``GET /fake/requests``: the chat requests received so far (headers and bodies, and the path of
Ollama's), so tests can see what Annals sent upstream, and ``GET /fake/streams``: Ollama replies
streaming now and cut short by their client.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from tests.upstream.asgi import StreamBroken
from tests.upstream.asgi import answer_json as _json
from tests.upstream.asgi import body as _body
from tests.upstream.behaviour import Behaviour, reply_to, tokens, usage
from tests.upstream.ollama import OllamaRoutes, listing

Scope = dict[str, Any]
CREATED = 1_700_000_000


@dataclass
class FakeUpstream:
    models: list[str]
    key: str | None = None
    """When set, chat and model requests must carry ``Authorization: Bearer <key>``."""
    models_delay: float = 0.0
    """Seconds before answering the model lists: a slow upstream."""
    requests: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=100))

    def __post_init__(self) -> None:
        self.ollama = OllamaRoutes(self.models, self.requests)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        route = (scope["method"], scope["path"].rstrip("/"))
        if route == ("GET", "/health"):
            await _json(send, 200, {"status": True})
        elif route == ("GET", "/fake/requests"):
            await _json(send, 200, list(self.requests))
        elif route == ("GET", "/fake/streams"):
            await _json(send, 200, self.ollama.streams)
        elif not self._authorised(headers):
            await _json(send, 401, {"error": {"message": "Incorrect API key provided.", "code": 401}})
        elif route == ("GET", "/v1/models"):
            await asyncio.sleep(self.models_delay)
            await _json(send, 200, {"object": "list", "data": [
                {"id": m, "object": "model", "created": CREATED, "owned_by": "fake"} for m in self.models]})
        elif route == ("GET", "/api/tags"):
            await asyncio.sleep(self.models_delay)
            await _json(send, 200, {"models": [listing(m) for m in self.models]})
        elif route == ("GET", "/api/version"):
            await _json(send, 200, {"version": "0.9.0"})
        elif route == ("POST", "/v1/chat/completions"):
            body = json.loads(await _body(receive) or b"{}")
            self.requests.append({"headers": headers, "body": body})
            await self._complete(body, Behaviour.of(str(body.get("model", "")), headers), send)
        elif not await self.ollama.answer(route, headers, receive, send):
            await _json(send, 404, {"error": {"message": f"no route {scope['path']}"}})

    def _authorised(self, headers: dict[str, str]) -> bool:
        return self.key is None or headers.get("authorization") == f"Bearer {self.key}"

    async def _complete(self, body: dict[str, Any], behaviour: Behaviour, send: Any) -> None:
        if behaviour.fail is not None:
            await _json(send, behaviour.fail, {"error": {
                "message": "the fake upstream was told to fail", "type": "server_error", "code": behaviour.fail}})
            return
        messages = body.get("messages") or []
        words = tokens(reply_to(messages))
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            await self._stream(body, behaviour, words, usage(messages, words) if include_usage else None, send)
            return
        await asyncio.sleep(behaviour.ttft + behaviour.delay * len(words))
        await _json(send, 200, {
            "id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model"), "usage": usage(messages, words),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(words)},
                         "finish_reason": "stop"}],
        })

    async def _stream(self, body: dict[str, Any], behaviour: Behaviour, words: list[str],
                      totals: dict[str, int] | None, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]})
        chunk_id, model = f"chatcmpl-{uuid.uuid4().hex}", body.get("model")

        async def event(choices: list[dict[str, Any]], **more: Any) -> None:
            data = {"id": chunk_id, "object": "chat.completion.chunk", "created": int(time.time()),
                    "model": model, "choices": choices, **more}
            await send({"type": "http.response.body", "body": f"data: {json.dumps(data)}\n\n".encode(),
                        "more_body": True})

        await asyncio.sleep(behaviour.ttft)
        await event([{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}])
        for n, word in enumerate(words):
            if behaviour.break_after is not None and n >= behaviour.break_after:
                raise StreamBroken(f"told to break after {n} tokens")
            if n:
                await asyncio.sleep(behaviour.delay)
            await event([{"index": 0, "delta": {"content": word}, "finish_reason": None}])
        await event([{"index": 0, "delta": {}, "finish_reason": "stop"}])
        if totals is not None:
            await event([], usage=totals)
        await send({"type": "http.response.body", "body": b"data: [DONE]\n\n", "more_body": False})


async def _lifespan(receive: Any, send: Any) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
