"""What the models context needs from the outside: a sealer for keys, and upstream servers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Protocol

import msgspec

from application.models.connections import Upstream
from domain.text import storable


class Sealer(Protocol):
    """Encrypts secrets at rest; ``context`` binds a sealed value to its purpose."""

    def seal(self, plaintext: str, context: str) -> str: ...

    def unseal(self, sealed: str, context: str) -> str: ...


class UnsealError(Exception):
    """The value was not sealed by any key we hold, or was altered."""


class Delta(msgspec.Struct, frozen=True, kw_only=True):
    """A piece of a reply as it streams: some text, and at the end the reason and the usage."""

    content: str = ""
    finish_reason: str | None = None
    usage: dict[str, Any] | None = None


class ChatModel(Protocol):
    """A model that can answer: an upstream's, or one running in this process."""

    def stream(self, messages: list[dict[str, Any]], params: dict[str, Any]) -> AsyncIterator[Delta]:
        """The reply, piece by piece. Raises ``UpstreamError`` (``UpstreamTimeout``) when the model
        refuses, breaks off or keeps silent too long; the first piece is the first thing awaited.
        A piece may be empty: an upstream's first one says that it accepted the request."""
        ...


class UpstreamError(Exception):
    """The upstream refused or broke off. ``status`` is its HTTP status when it answered one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(storable(message))  # it is recorded in the chat whose reply failed
        self.status = status


class UpstreamTimeout(UpstreamError):
    """The upstream kept silent longer than we wait."""


class UpstreamAddressRefusedError(UpstreamError):
    """The upstream's address is one Annals may not connect to (the SSRF guard): nothing was sent."""


class Upstreams(Protocol):
    """The servers behind the connections."""

    async def list_models(self, upstream: Upstream, timeout: float) -> list[dict[str, Any]]:
        """The upstream's own list: OpenAI's ``data`` entries, or Ollama's ``models`` (tags)."""
        ...

    async def version(self, upstream: Upstream, timeout: float) -> str:
        """An Ollama server's version."""
        ...

    def chat_model(self, upstream: Upstream, model_id: str) -> ChatModel: ...

    async def aclose(self) -> None: ...
