"""Ollama's own API in the fake upstream, answered deterministically: ``POST /api/chat`` and
``/api/generate`` (NDJSON streamed unless ``"stream": false``, paced and failing as the model's name
or the ``X-Fake-*`` headers say, see behaviour.py), ``/api/show``, ``/api/embed``, the legacy
``/api/embeddings`` and ``GET /api/ps``. ``streams`` counts the replies streaming now and those
whose client went away midway (``GET /fake/streams``)."""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections import deque
from typing import Any

from tests.upstream.asgi import StreamBroken, answer_json, body, disconnected
from tests.upstream.behaviour import Behaviour, reply_to, text_of, tokens

Json = dict[str, Any]
CREATED_AT = "2026-01-01T00:00:00Z"
DETAILS = {"format": "gguf", "family": "fake", "parameter_size": "1M", "quantization_level": "Q8_0"}


def tagged(name: str) -> str:
    return name if ":" in name else f"{name}:latest"


def listing(name: str) -> Json:
    """How ``/api/tags`` and ``/api/ps`` describe a model."""
    return {"name": tagged(name), "model": tagged(name), "modified_at": CREATED_AT, "size": 1024,
            "digest": hashlib.sha256(tagged(name).encode()).hexdigest(), "details": DETAILS}


class OllamaRoutes:
    def __init__(self, models: list[str], requests: deque[Json]) -> None:
        self._models = {tagged(m) for m in models}
        self._requests = requests
        self.streams = {"open": 0, "cut": 0}

    async def answer(self, route: tuple[str, str], headers: dict[str, str], receive: Any, send: Any) -> bool:
        """Answers the route if it is one of Ollama's; False otherwise."""
        if route == ("GET", "/api/ps"):
            await answer_json(send, 200, {"models": [{**listing(m), "expires_at": "2099-01-01T00:00:00Z",
                                                      "size_vram": 1024} for m in sorted(self._models)]})
            return True
        if route[0] != "POST" or route[1] not in (*_REPLIES, *_ANSWERS):
            return False
        asked = json.loads(await body(receive) or b"{}")
        self._requests.append({"path": route[1], "headers": headers, "body": asked})
        model = str(asked.get("model") or asked.get("name") or "")
        behaviour = Behaviour.of(model, headers)
        if tagged(model) not in self._models:
            await answer_json(send, 404, {"error": f"model '{model}' not found"})
        elif behaviour.fail is not None:
            await answer_json(send, behaviour.fail, {"error": "the fake upstream was told to fail"})
        elif route[1] in _REPLIES:
            await self._reply(route[1], asked, behaviour, receive, send)
        else:
            await answer_json(send, 200, _ANSWERS[route[1]](asked))
        return True

    async def _reply(self, path: str, asked: Json, behaviour: Behaviour, receive: Any, send: Any) -> None:
        chat = path == "/api/chat"
        messages = (asked.get("messages") or []) if chat else [{"role": "user", "content": asked.get("prompt", "")}]
        words = tokens(reply_to(messages))
        piece = (lambda text: {"message": {"role": "assistant", "content": text}}) if chat \
            else (lambda text: {"response": text})
        head = {"model": asked.get("model"), "created_at": CREATED_AT}
        last = {**head, **piece(""), "done": True, "done_reason": "stop", **_counts(messages, words),
                **({} if chat else {"context": [1, 2, 3]})}
        if asked.get("stream", True) is False:
            await asyncio.sleep(behaviour.ttft + behaviour.delay * len(words))
            await answer_json(send, 200, {**last, **piece("".join(words))})
            return
        await self._stream([{**head, **piece(w), "done": False} for w in words] + [last], behaviour, receive, send)

    async def _stream(self, lines: list[Json], behaviour: Behaviour, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/x-ndjson")]})
        gone = asyncio.ensure_future(disconnected(receive))
        self.streams["open"] += 1
        try:
            for n, line in enumerate(lines):
                if behaviour.break_after is not None and n >= behaviour.break_after:
                    raise StreamBroken(f"told to break after {n} lines")
                await asyncio.wait({gone}, timeout=behaviour.ttft if n == 0 else behaviour.delay)
                if gone.done():
                    self.streams["cut"] += 1
                    return
                await send({"type": "http.response.body", "body": json.dumps(line).encode() + b"\n",
                            "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            self.streams["open"] -= 1
            gone.cancel()


def _counts(messages: list[Json], words: list[str]) -> Json:
    prompt = sum(len(tokens(text_of(m.get("content")))) for m in messages)
    return {"total_duration": 1_000_000, "load_duration": 1_000, "prompt_eval_count": prompt,
            "prompt_eval_duration": 10_000, "eval_count": len(words), "eval_duration": 100_000}


def vector(text: str) -> list[float]:
    """Four numbers that depend only on the text."""
    return [round(b / 255, 4) for b in hashlib.sha256(text.encode()).digest()[:4]]


def _show(asked: Json) -> Json:
    name = tagged(str(asked.get("model") or asked.get("name")))
    return {"modelfile": f"FROM {name}\n", "parameters": "temperature 0.7", "template": "{{ .Prompt }}",
            "details": DETAILS, "model_info": {"general.architecture": "fake", "general.parameter_count": 1_000_000},
            "capabilities": ["completion", "embedding"], "modified_at": CREATED_AT}


def _embed(asked: Json) -> Json:
    inputs = asked.get("input")
    texts = [inputs] if isinstance(inputs, str) else list(inputs or [])
    return {"model": asked.get("model"), "embeddings": [vector(str(t)) for t in texts],
            "total_duration": 1_000, "load_duration": 10, "prompt_eval_count": len(texts)}


_REPLIES = ("/api/chat", "/api/generate")
_ANSWERS = {"/api/show": _show, "/api/embed": _embed,
            "/api/embeddings": lambda asked: {"embedding": vector(str(asked.get("prompt", "")))}}
