"""Ollama's own API (``/api/chat``, ``/api/generate``, ``/api/show``, ``/api/embed``...) asked on
behalf of a client: the body goes up as given, the answer comes back as it is, NDJSON lines and
all. A failure is told in our words, and its details are logged, never sent on: they name the
server's address, which only admins are shown."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import structlog

from application.models.connections import Upstream
from application.models.ports import UpstreamAddressRefusedError, UpstreamError, UpstreamTimeout
from infrastructure.llm.openai_compatible import error_message
from infrastructure.outbound import SSRFProtectionError

log = structlog.get_logger()
MAX_REASON = 300


class OllamaNative:
    def __init__(self, client: Callable[[], httpx.AsyncClient], timeout: float) -> None:
        self._client = client
        self._timeout = timeout

    async def ask(self, upstream: Upstream, path: str, body: bytes | None, timeout: float | None = None) -> Any:
        """One JSON answer: to a POST of ``body``, or to a GET without one."""
        async with self.stream(upstream, path, body, timeout) as lines:
            answer = b"".join([line async for line in lines])
        try:
            return json.loads(answer)
        except ValueError as error:
            raise UpstreamError("the Ollama server did not answer with JSON") from error

    @asynccontextmanager
    async def stream(self, upstream: Upstream, path: str, body: bytes | None,
                     timeout: float | None = None) -> AsyncIterator[AsyncIterator[bytes]]:
        """The answer's bytes as they come, once the server has accepted the request; leaving the
        block (the client went away) closes the upstream request."""
        seconds = timeout or self._timeout
        try:
            request = self._client().build_request(
                "GET" if body is None else "POST", f"{upstream.url}{path}", content=body, headers=_headers(upstream),
                timeout=httpx.Timeout(seconds, connect=min(seconds, 10.0)))
            response = await self._client().send(request, stream=True)
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as error:  # ValueError: a name DNS refuses
            raise _failure(upstream, error, seconds) from error
        try:
            if response.status_code >= 400:
                await response.aread()
                raise UpstreamError(_cut(error_message(response)), response.status_code)
            yield _bytes(upstream, response, seconds)
        finally:
            await response.aclose()


async def _bytes(upstream: Upstream, response: httpx.Response, seconds: float) -> AsyncIterator[bytes]:
    try:
        async for chunk in response.aiter_bytes():
            yield chunk
    except httpx.HTTPError as error:
        raise _failure(upstream, error, seconds) from error


def _headers(upstream: Upstream) -> dict[str, str]:
    return {"Content-Type": "application/json", **({"Authorization": f"Bearer {upstream.key}"} if upstream.key else {})}


def _failure(upstream: Upstream, error: Exception, seconds: float) -> UpstreamError:
    log.warning("ollama.unreachable", index=upstream.index, url=upstream.url, error=repr(error))
    if isinstance(error, httpx.TimeoutException):
        return UpstreamTimeout(f"the Ollama server did not answer within {seconds:g} s")
    if isinstance(error, SSRFProtectionError):
        return UpstreamAddressRefusedError("the Ollama server's address is not one Annals may call; an admin may "
                                           "allow its network with ANNALS_UPSTREAM_PRIVATE_NETWORKS")
    if isinstance(error, httpx.ConnectError):
        return UpstreamError("the Ollama server could not be reached")
    if isinstance(error, httpx.InvalidURL | ValueError):
        return UpstreamError("the Ollama server's URL cannot be called; an admin may correct it")
    return UpstreamError("the connection to the Ollama server broke")


def _cut(reason: str) -> str:
    return reason if len(reason) <= MAX_REASON else f"{reason[:MAX_REASON]}..."
