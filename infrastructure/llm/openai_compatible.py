"""A model behind an OpenAI-compatible ``/chat/completions`` endpoint, always streamed."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import msgspec

from application.models.ports import (
    Delta,
    UpstreamAddressRefusedError,
    UpstreamError,
    UpstreamTimeout,
)
from domain.text import storable, storable_json
from infrastructure.outbound import SSRFProtectionError, refusal


class _Text(msgspec.Struct):
    content: str | None = None


class _Choice(msgspec.Struct):
    delta: _Text | None = None
    message: _Text | None = None
    finish_reason: str | None = None


class _Chunk(msgspec.Struct):
    """What Annals reads of a streamed chunk or a whole answer; an answer of another shape is not
    one (the server is failing), and is told as such rather than breaking the reply."""

    choices: list[_Choice] | None = None
    usage: dict[str, Any] | None = None
    error: Any = None


_encode = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder(_Chunk).decode
"""The conversation goes up on every turn and the reply comes back a piece at a time: msgspec
encodes and decodes them several times faster than json."""


class OpenAICompatibleModel:
    """Asks for a stream with usage whatever the caller wants: the reply is recorded either way,
    and usage is only sent at the end of a stream when asked for."""

    def __init__(self, client: Callable[[], httpx.AsyncClient], base_url: str, key: str, model: str,
                 timeout: float) -> None:
        self._client = client
        self._url = f"{base_url}/chat/completions"
        self._headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {key}"} if key else {})}
        self._model = model
        self._timeout = httpx.Timeout(timeout, connect=min(timeout, 10.0))

    async def stream(self, messages: list[dict[str, Any]], params: dict[str, Any]) -> AsyncIterator[Delta]:
        body = {**params, "model": self._model, "messages": messages, "stream": True,
                "stream_options": {"include_usage": True}}
        try:
            async with self._client().stream("POST", self._url, content=_encode(body), headers=self._headers,
                                             timeout=self._timeout) as response:
                if response.status_code >= 400:
                    await response.aread()
                    raise UpstreamError(f"the model's server answered {response.status_code}: "
                                        f"{error_message(response)}", response.status_code)
                if "text/event-stream" not in response.headers.get("content-type", ""):
                    yield _whole(_decode(await response.aread()))
                    return
                yield Delta()  # accepted: the caller may answer its own client while the model thinks
                async for delta in _events(response):
                    yield delta
        except httpx.TimeoutException as error:
            raise UpstreamTimeout(f"the model did not answer within {self._timeout.read:g} s") from error
        except SSRFProtectionError as error:
            raise UpstreamAddressRefusedError(refusal(error)) from error
        except httpx.HTTPError as error:
            raise UpstreamError(f"the connection to the model's server broke: {error}") from error
        except httpx.InvalidURL as error:  # a URL saved before URLs were checked
            raise UpstreamError(f"the model's server cannot be called at its URL: {error}") from error
        except ValueError as error:  # msgspec's errors among them
            raise UpstreamError(f"the model's server answered something that is not a chat completion: "
                                f"{error}") from error


async def _events(response: httpx.Response) -> AsyncIterator[Delta]:
    lines = response.aiter_lines()
    async for line in lines:
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            async for _ in lines:  # to the body's end, so the connection goes back to the pool
                pass
            return
        chunk = _decode(data)
        if chunk.error:
            raise UpstreamError(_message(chunk.error))
        yield _delta(chunk)
    raise UpstreamError("the model's stream ended before it said it was done")


def _delta(chunk: _Chunk) -> Delta:
    choice = (chunk.choices or [_Choice()])[0]
    return _storable(Delta(content=(choice.delta or _Text()).content or "", finish_reason=choice.finish_reason,
                           usage=chunk.usage))


def _whole(answer: _Chunk) -> Delta:
    """An upstream that ignored ``stream`` and answered at once."""
    if answer.error:
        raise UpstreamError(_message(answer.error))
    choice = (answer.choices or [_Choice()])[0]
    return _storable(Delta(content=(choice.message or _Text()).content or "",
                           finish_reason=choice.finish_reason or "stop", usage=answer.usage))


def _storable(delta: Delta) -> Delta:
    """What a model says becomes events: text no store could hold is made storable here."""
    return Delta(content=storable(delta.content), finish_reason=delta.finish_reason and storable(delta.finish_reason),
                 usage=storable_json(delta.usage) if delta.usage else None)  # type: ignore[arg-type]


def error_message(response: httpx.Response) -> str:
    try:
        payload = response.json()
    except ValueError:
        return response.text[:500] or f"HTTP {response.status_code}"
    if isinstance(payload, dict):
        for key in ("error", "detail", "message"):
            if payload.get(key):
                return _message(payload[key])
    return f"HTTP {response.status_code}"


def _message(error: Any) -> str:
    if isinstance(error, dict):
        return str(error.get("message") or error.get("detail") or error)
    return str(error)
