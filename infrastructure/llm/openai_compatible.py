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
from domain.text import storable_json
from infrastructure.outbound import SSRFProtectionError, refusal

_encode = msgspec.json.Encoder().encode
_decode_json = msgspec.json.Decoder().decode
"""The conversation goes up on every turn and the reply comes back a piece at a time: msgspec
encodes and decodes them several times faster than json."""


def _decode(data: bytes | str) -> Any:
    """What a model says becomes events: text no store could hold is made storable here."""
    return storable_json(_decode_json(data))


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
        except ValueError as error:
            raise UpstreamError(f"the model sent something that is not JSON: {error}") from error


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
        if chunk.get("error"):
            raise UpstreamError(_message(chunk["error"]))
        yield _delta(chunk)
    raise UpstreamError("the model's stream ended before it said it was done")


def _delta(chunk: dict[str, Any]) -> Delta:
    choice = (chunk.get("choices") or [{}])[0]
    delta = choice.get("delta") or {}
    return Delta(content=delta.get("content") or "", finish_reason=choice.get("finish_reason"),
                 usage=chunk.get("usage"))


def _whole(answer: dict[str, Any]) -> Delta:
    """An upstream that ignored ``stream`` and answered at once."""
    choice = (answer.get("choices") or [{}])[0]
    return Delta(content=(choice.get("message") or {}).get("content") or "",
                 finish_reason=choice.get("finish_reason") or "stop", usage=answer.get("usage"))


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
